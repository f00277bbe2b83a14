import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { CoderClient } from "../../provider/client";
import { E2EStack } from "./harness";
import { callCounts, expectNoPlaintext, isEncryptedSecret, providerSizes } from "./state-checks";
import { e2eUnavailableReason } from "./workspace";

const unavailable = e2eUnavailableReason();

describe.skipIf(unavailable)("engine e2e: ProvisionerKey", () => {
  let emu: RunningEmulator;
  let stack: E2EStack;
  let api: CoderClient;
  let org: string;
  const keysOnServer = async () => (await emu.control.state()).provisionerKeys as any[];
  const serverHash = async (id: string) => {
    const k = (await keysOnServer()).find((x) => x.id === id);
    return k?.hashedSecret ?? k?.hashed_secret;
  };

  beforeAll(async () => {
    emu = await startEmulator({ license: "all" });
    org = (await emu.control.seed()).defaultOrganizationId;
    api = new CoderClient({ url: emu.url, token: emu.token });
    stack = new E2EStack({ program: "test/e2e/programs/provisioner-key.ts", target: emu });
  });
  afterAll(async () => {
    stack?.cleanup();
    await api?.close();
    await emu?.close();
  });

  // Mixed case on purpose: Coder stores the lower-cased name; preview must not see a diff.
  const base = (tags: Record<string, string> = { cluster: "eu-1" }) => ({
    secretsFile: stack.secretsSideFile,
    keys: [
      { resource: "k8s", name: "K8s-EU", tags },
      { resource: "plain", name: "plain" },
    ],
  });

  it("creates keys (secret captured), previews with no changes, keeps the secret through refresh", async () => {
    await emu.control.clearRequests();
    const up = await stack.up(base());
    console.log("ProvisionerKey calls for create (2 keys):", callCounts(await emu.control.requests()));
    const k8s = up.outputs!.k8s!.value;
    expect(k8s).toMatchObject({ organizationId: org, name: "k8s-eu", tags: { cluster: "eu-1" } });
    expect(k8s.keyHash).toBe(await serverHash(k8s.id));
    expect(up.outputs!.plain!.value.tags).toEqual({});

    await emu.control.clearRequests();
    await stack.preview(base(), { expectNoChanges: true });
    console.log("ProvisionerKey calls for no-change preview:", callCounts(await emu.control.requests()));

    await emu.control.clearRequests();
    await stack.refresh(base(), { expectNoChanges: true });
    console.log("ProvisionerKey calls for refresh:", callCounts(await emu.control.requests()));
    const res = stack.storedResources().filter((r) => r.type.endsWith(":ProvisionerKey"));
    expect(res).toHaveLength(2);
    for (const r of res) {
      expect(isEncryptedSecret(r.outputs.key), `${r.urn} key is a secret after refresh`).toBe(true);
      expect(r.additionalSecretOutputs).toContain("key");
    }
    // Outputs recomputed from the refreshed state: the key is still the original one.
    const again = await stack.up(base(), { expectNoChanges: true });
    expect(again.outputs!.k8s!.value.keyHash).toBe(k8s.keyHash);
  });

  it("replaces a key whose tags change (old deleted first: names are unique)", async () => {
    const before = (await stack.up(base())).outputs!.k8s!.value;
    await emu.control.clearRequests();
    const up = await stack.up(base({ cluster: "eu-2" }));
    const log = await emu.control.requests();
    console.log("ProvisionerKey calls for replace:", callCounts(log));
    expect(up.summary.resourceChanges).toMatchObject({ replace: 1 });
    const writes = log.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);
    expect(writes).toEqual([
      `DELETE /api/v2/organizations/${org}/provisionerkeys/k8s-eu`,
      `POST /api/v2/organizations/${org}/provisionerkeys`,
    ]);
    const after = up.outputs!.k8s!.value;
    expect(after.id).not.toBe(before.id);
    expect(after.keyHash).not.toBe(before.keyHash);
    expect(after.keyHash).toBe(await serverHash(after.id));
    expect(after.tags).toEqual({ cluster: "eu-2" });
  });

  it("detects a key deleted out of band at refresh and re-creates it at up", async () => {
    const p = base({ cluster: "eu-2" });
    const ids = (await stack.up(p)).outputs!;
    await api.deleteProvisionerKey(org, "plain");
    const refresh = await stack.refresh(p);
    expect(refresh.summary.resourceChanges).toMatchObject({ delete: 1 });
    const up = await stack.up(p);
    expect(up.summary.resourceChanges).toMatchObject({ create: 1 });
    expect(up.outputs!.plain!.value.id).not.toBe(ids.plain!.value.id);
    expect((await keysOnServer()).map((k) => k.name).sort()).toEqual(["k8s-eu", "plain"]);
  });

  it("rejects reserved names, long names and adopt at preview, naming the field", async () => {
    // The engine stops at the first resource that fails check: one bad resource per preview.
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ name: "PSK" }, /property name .*has a problem: is reserved by Coder/],
      [{ name: "x".repeat(65) }, /property name .*has a problem: must be at most 64 bytes/],
      [
        { name: "ok", adopt: true },
        /property adopt .*has a problem: cannot adopt an existing provisioner key/,
      ],
    ];
    for (const [args, message] of cases) {
      const bad = await stack.tryRun("preview", { keys: [{ resource: "bad", ...args }] });
      expect(bad.error).toBeDefined();
      expect(`${bad.error}\n${bad.stdout}`).toMatch(message);
    }
  });

  it("fails preview on a deployment without the feature, naming it", async () => {
    await emu.control.setLicenseMode("none");
    try {
      const r = await stack.tryRun("preview", {
        keys: [...base({ cluster: "eu-2" }).keys, { resource: "n", name: "new-key" }],
      });
      expect(`${r.error}\n${r.stdout}`).toMatch(/External Provisioner Daemons/);
    } finally {
      await emu.control.setLicenseMode("all");
    }
  });

  it("keeps keys and the session token out of exported state, and destroys clean", async () => {
    const p = base({ cluster: "eu-2" });
    await stack.up(p);
    const state = await stack.exportState();
    console.log("__provider bytes per resource:", providerSizes(state));
    const secrets = stack.revealedSecrets();
    expect(Object.keys(secrets).length).toBeGreaterThanOrEqual(4);
    expectNoPlaintext(stack.stateFilesText(), { ...secrets, "session token": emu.token });

    await emu.control.clearRequests();
    const destroy = await stack.destroy(p);
    console.log("ProvisionerKey calls for destroy (2 keys):", callCounts(await emu.control.requests()));
    expect(destroy.summary.result).toBe("succeeded");
    expect(await keysOnServer()).toEqual([]);
  });
});
