import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { CoderClient } from "../../provider/client";
import { E2EStack } from "./harness";
import { callCounts, expectNoPlaintext, isEncryptedSecret, providerSizes } from "./state-checks";
import { e2eUnavailableReason } from "./workspace";

const unavailable = e2eUnavailableReason();

describe.skipIf(unavailable)("engine e2e: WorkspaceProxy", () => {
  let emu: RunningEmulator;
  let stack: E2EStack;
  let api: CoderClient;
  const proxiesOnServer = async () => (await emu.control.state()).workspaceProxies as any[];
  const serverHash = async (id: string) => {
    const p = (await proxiesOnServer()).find((x) => x.id === id);
    return p?.tokenHash ?? p?.token_hash;
  };

  beforeAll(async () => {
    emu = await startEmulator({ license: "all" });
    api = new CoderClient({ url: emu.url, token: emu.token });
    stack = new E2EStack({ program: "test/e2e/programs/workspace-proxy.ts", target: emu });
  });
  afterAll(async () => {
    stack?.cleanup();
    await api?.close();
    await emu?.close();
  });

  const params = (eu: Record<string, unknown> = {}) => ({
    secretsFile: stack.secretsSideFile,
    proxies: [
      { resource: "eu", name: "eu", displayName: "Europe", ...eu },
      { resource: "us", name: "us" },
    ],
  });

  it("creates proxies (token captured, defaults applied), previews with no changes, keeps the token through refresh", async () => {
    await emu.control.clearRequests();
    const up = await stack.up(params());
    console.log("WorkspaceProxy calls for create (2 proxies):", callCounts(await emu.control.requests()));
    const eu = up.outputs!.eu!.value;
    expect(eu).toMatchObject({
      name: "eu",
      displayName: "Europe",
      iconUrl: "/emojis/1f310.png",
      status: "unregistered",
    });
    expect(up.outputs!.us!.value).toMatchObject({ displayName: "us", iconUrl: "/emojis/1f310.png" });
    expect(eu.tokenHash).toBe(await serverHash(eu.id));

    await emu.control.clearRequests();
    await stack.preview(params(), { expectNoChanges: true });
    console.log("WorkspaceProxy calls for no-change preview:", callCounts(await emu.control.requests()));

    await emu.control.clearRequests();
    await stack.refresh(params(), { expectNoChanges: true });
    console.log("WorkspaceProxy calls for refresh:", callCounts(await emu.control.requests()));
    for (const r of stack.storedResources().filter((r) => r.type.endsWith(":WorkspaceProxy"))) {
      expect(isEncryptedSecret(r.outputs.proxyToken), `${r.urn} proxyToken is a secret after refresh`).toBe(
        true,
      );
    }
    const again = await stack.up(params(), { expectNoChanges: true });
    expect(again.outputs!.eu!.value.tokenHash).toBe(eu.tokenHash);
  });

  it("renames and changes display name and icon in place, keeping the token", async () => {
    const before = (await stack.up(params())).outputs!.eu!.value;
    await emu.control.clearRequests();
    const up = await stack.up(
      params({ name: "eu-west", displayName: "EU West", icon: "/emojis/1f1ea-1f1fa.png" }),
    );
    console.log("WorkspaceProxy calls for update:", callCounts(await emu.control.requests()));
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
    const eu = up.outputs!.eu!.value;
    expect(eu).toMatchObject({
      id: before.id,
      name: "eu-west",
      displayName: "EU West",
      iconUrl: "/emojis/1f1ea-1f1fa.png",
    });
    expect(eu.tokenHash).toBe(before.tokenHash);
    expect(await serverHash(eu.id)).toBe(before.tokenHash);
  });

  it("rotates the token in place when regenerateToken changes; the old token stops working", async () => {
    const p = { name: "eu-west", displayName: "EU West", icon: "/emojis/1f1ea-1f1fa.png" };
    const before = (await stack.up(params(p))).outputs!.eu!.value;
    await emu.control.clearRequests();
    const up = await stack.up(params({ ...p, regenerateToken: "2025-06" }));
    console.log("WorkspaceProxy calls for rotation:", callCounts(await emu.control.requests()));
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
    const eu = up.outputs!.eu!.value;
    expect(eu.id).toBe(before.id);
    expect(eu.tokenHash).not.toBe(before.tokenHash);
    expect(await serverHash(eu.id)).toBe(eu.tokenHash);
    await stack.preview(params({ ...p, regenerateToken: "2025-06" }), { expectNoChanges: true });
  });

  it("detects out-of-band modification and (soft) deletion at refresh, and reconciles them at up", async () => {
    const p = params({
      name: "eu-west",
      displayName: "EU West",
      icon: "/emojis/1f1ea-1f1fa.png",
      regenerateToken: "2025-06",
    });
    const ids = (await stack.up(p)).outputs!;
    const eu = ids.eu!.value;
    await api.updateWorkspaceProxy(eu.id, {
      id: eu.id,
      name: "eu-west",
      displayName: "by hand",
      icon: "/x.png",
    });
    await api.deleteWorkspaceProxy(ids.us!.value.id);

    const drift = await stack.tryRun("preview", p, { refresh: true, expectNoChanges: true });
    expect(drift.error).toBeDefined();
    const refresh = await stack.refresh(p);
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 1, delete: 1 });
    const up = await stack.up(p);
    expect(up.summary.resourceChanges).toMatchObject({ update: 1, create: 1 });
    expect(up.outputs!.eu!.value).toMatchObject({
      displayName: "EU West",
      iconUrl: "/emojis/1f1ea-1f1fa.png",
    });
    // The token survived the refresh and the update.
    expect(up.outputs!.eu!.value.tokenHash).toBe(eu.tokenHash);
    expect(up.outputs!.us!.value.id).not.toBe(ids.us!.value.id);
    expect(
      (await proxiesOnServer())
        .filter((x) => !x.deleted)
        .map((x) => x.name)
        .sort(),
    ).toEqual(["eu-west", "us"]);
  });

  it("rejects the primary name and an empty name at preview, naming the field", async () => {
    // The engine stops at the first resource that fails check: one bad resource per preview.
    const cases: Array<[string, RegExp]> = [
      ["Primary", /property name .*has a problem: "primary" is reserved for the primary proxy/],
      ["", /property name .*has a problem: must not be empty/],
    ];
    for (const [name, message] of cases) {
      const bad = await stack.tryRun("preview", { proxies: [{ resource: "bad", name }] });
      expect(bad.error).toBeDefined();
      expect(`${bad.error}\n${bad.stdout}`).toMatch(message);
    }
  });

  it("keeps tokens and the session token out of exported state, and destroys clean", async () => {
    const p = params({
      name: "eu-west",
      displayName: "EU West",
      icon: "/emojis/1f1ea-1f1fa.png",
      regenerateToken: "2025-06",
    });
    const state = await stack.exportState();
    console.log("__provider bytes per resource:", providerSizes(state));
    const secrets = stack.revealedSecrets();
    expect(Object.keys(secrets).length).toBeGreaterThanOrEqual(3);
    expectNoPlaintext(stack.stateFilesText(), { ...secrets, "session token": emu.token });

    await emu.control.clearRequests();
    const destroy = await stack.destroy(p);
    console.log("WorkspaceProxy calls for destroy (2 proxies):", callCounts(await emu.control.requests()));
    expect(destroy.summary.result).toBe("succeeded");
    expect((await proxiesOnServer()).filter((x) => !x.deleted)).toEqual([]);
  });
});
