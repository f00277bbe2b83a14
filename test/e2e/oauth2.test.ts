import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { CoderClient } from "../../provider/client";
import { E2EStack } from "./harness";
import { callCounts, expectNoPlaintext, isEncryptedSecret, providerSizes } from "./state-checks";
import { e2eUnavailableReason } from "./workspace";

const unavailable = e2eUnavailableReason();

describe.skipIf(unavailable)("engine e2e: OAuth2App and OAuth2AppSecret", () => {
  let emu: RunningEmulator;
  let stack: E2EStack;
  let api: CoderClient;
  const server = async () => {
    const s = await emu.control.state();
    return { apps: s.oauth2Apps as any[], secrets: s.oauth2Secrets as any[] };
  };
  const serverHash = async (id: string) => {
    const x = (await server()).secrets.find((s) => s.id === id);
    return x?.hashedSecret ?? x?.hashed_secret;
  };

  beforeAll(async () => {
    // Not a licensed feature: an unlicensed deployment must do.
    emu = await startEmulator({ license: "none" });
    api = new CoderClient({ url: emu.url, token: emu.token });
    stack = new E2EStack({ program: "test/e2e/programs/oauth2.ts", target: emu });
  });
  afterAll(async () => {
    stack?.cleanup();
    await api?.close();
    await emu?.close();
  });

  const params = (app: Record<string, unknown> = {}, keepers: Record<string, unknown> = { v: 1 }) => ({
    secretsFile: stack.secretsSideFile,
    app: { name: "grafana", callbackUrl: "https://grafana.test/login/generic_oauth", ...app },
    secret: { keepers },
  });

  it("creates an app and a secret, previews with no changes, keeps the secret through refresh", async () => {
    await emu.control.clearRequests();
    const up = await stack.up(params());
    console.log("OAuth2 calls for create (app + secret):", callCounts(await emu.control.requests()));
    const app = up.outputs!.app!.value;
    expect(app).toMatchObject({ clientId: app.id, name: "grafana", icon: "" });
    expect(app.endpoints.token).toBe(`${emu.url}/oauth2/tokens`);
    const secret = up.outputs!.secret!.value;
    expect(secret.secretHash).toBe(await serverHash(secret.id));

    await emu.control.clearRequests();
    await stack.preview(params(), { expectNoChanges: true });
    console.log("OAuth2 calls for no-change preview:", callCounts(await emu.control.requests()));

    await emu.control.clearRequests();
    await stack.refresh(params(), { expectNoChanges: true });
    console.log("OAuth2 calls for refresh:", callCounts(await emu.control.requests()));
    const [res] = stack.storedResources().filter((r) => r.type.endsWith(":OAuth2AppSecret"));
    expect(isEncryptedSecret(res.outputs.clientSecret)).toBe(true);
    const again = await stack.up(params(), { expectNoChanges: true });
    expect(again.outputs!.secret!.value.secretHash).toBe(secret.secretHash);
  });

  it("updates the app in place with one PUT; the secret is untouched", async () => {
    const before = (await stack.up(params())).outputs!;
    await emu.control.clearRequests();
    const up = await stack.up(
      params({ name: "grafana-eu", callbackUrl: "https://g.eu.test/cb", icon: "/icon/grafana.svg" }),
    );
    const counts = callCounts(await emu.control.requests());
    console.log("OAuth2 calls for app update:", counts);
    expect(counts["PUT /api/v2/oauth2-provider/apps/:id"]).toBe(1);
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(up.outputs!.app!.value).toMatchObject({
      id: before.app!.value.id,
      name: "grafana-eu",
      icon: "/icon/grafana.svg",
    });
    expect(up.outputs!.secret!.value.id).toBe(before.secret!.value.id);
  });

  it("rotates the secret when keepers change: the new one is created before the old one is deleted", async () => {
    const app = { name: "grafana-eu", callbackUrl: "https://g.eu.test/cb", icon: "/icon/grafana.svg" };
    const before = (await stack.up(params(app))).outputs!;
    const appId = before.app!.value.id;
    const oldId = before.secret!.value.id;
    await emu.control.clearRequests();
    const up = await stack.up(params(app, { v: 2 }));
    const log = await emu.control.requests();
    console.log("OAuth2 calls for secret rotation (replace):", callCounts(log));
    expect(up.summary.resourceChanges).toMatchObject({ replace: 1 });
    const writes = log.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);
    expect(writes).toEqual([
      `POST /api/v2/oauth2-provider/apps/${appId}/secrets`,
      `DELETE /api/v2/oauth2-provider/apps/${appId}/secrets/${oldId}`,
    ]);
    const secret = up.outputs!.secret!.value;
    expect(secret.id).not.toBe(oldId);
    expect(secret.secretHash).toBe(await serverHash(secret.id));
    expect((await server()).secrets.map((s) => s.id)).toEqual([secret.id]);
  });

  it("detects out-of-band modification and deletion at refresh, and reconciles them at up", async () => {
    const p = params(
      { name: "grafana-eu", callbackUrl: "https://g.eu.test/cb", icon: "/icon/grafana.svg" },
      { v: 2 },
    );
    const ids = (await stack.up(p)).outputs!;
    const appId = ids.app!.value.id;
    await api.updateOAuth2App(appId, { name: "by-hand", callbackUrl: "https://hand.test", icon: "" });
    await api.deleteOAuth2AppSecret(appId, ids.secret!.value.id);

    const refresh = await stack.refresh(p);
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 1, delete: 1 });
    const up = await stack.up(p);
    expect(up.summary.resourceChanges).toMatchObject({ update: 1, create: 1 });
    expect((await api.getOAuth2App(appId)).name).toBe("grafana-eu");
    const secret = up.outputs!.secret!.value;
    expect(secret.secretHash).toBe(await serverHash(secret.id));

    // The whole app deleted by hand: both are gone at refresh, and re-created at up.
    await api.deleteOAuth2App(appId);
    const refresh2 = await stack.refresh(p);
    expect(refresh2.summary.resourceChanges).toMatchObject({ delete: 2 });
    const up2 = await stack.up(p);
    expect(up2.summary.resourceChanges).toMatchObject({ create: 2 });
    const s = await server();
    expect(s.apps.map((a) => a.id)).toEqual([up2.outputs!.app!.value.id]);
    expect(s.secrets.map((x) => x.id)).toEqual([up2.outputs!.secret!.value.id]);
  });

  it("rejects a bad name and callback URL at preview, naming the field", async () => {
    const bad = await stack.tryRun("preview", {
      app: { name: "bad name", callbackUrl: "ftp://x.test" },
      secret: {},
    });
    const text = `${bad.error}\n${bad.stdout}`;
    expect(text).toMatch(/property name .*has a problem: must be alphanumeric/);
    expect(text).toMatch(/property callbackUrl .*has a problem: callbackUrl must be an absolute http/);
  });

  it("keeps client secrets and the session token out of exported state, and destroys clean", async () => {
    const p = params(
      { name: "grafana-eu", callbackUrl: "https://g.eu.test/cb", icon: "/icon/grafana.svg" },
      { v: 2 },
    );
    const state = await stack.exportState();
    console.log("__provider bytes per resource:", providerSizes(state));
    const secrets = stack.revealedSecrets();
    expect(Object.keys(secrets).length).toBeGreaterThanOrEqual(3);
    expectNoPlaintext(stack.stateFilesText(), { ...secrets, "session token": emu.token });

    await emu.control.clearRequests();
    const destroy = await stack.destroy(p);
    console.log("OAuth2 calls for destroy (app + secret):", callCounts(await emu.control.requests()));
    expect(destroy.summary.result).toBe("succeeded");
    const s = await server();
    expect(s.apps).toEqual([]);
    expect(s.secrets).toEqual([]);
  });
});
