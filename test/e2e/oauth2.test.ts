import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CoderClient } from "../../provider/client";
import { E2EStack } from "./harness";
import { expectNoPlaintext, isEncryptedSecret, providerSizes } from "./state-checks";
import { type E2ETarget, openE2ETarget, realTargetConfigError, skipUnlessReady } from "./target";
import { e2eUnavailableReason } from "./workspace";

const unavailable = e2eUnavailableReason();
if (realTargetConfigError()) throw new Error(realTargetConfigError());

// Runs against the emulator, or a real Coder with PULUMI_CODERD_E2E_TARGET=real (see ./target.ts).
describe.skipIf(unavailable)("engine e2e: OAuth2App and OAuth2AppSecret", () => {
  let target: E2ETarget;
  let stack: E2EStack;
  let api: CoderClient;
  let appIds: string[] = [];
  /** The apps this stack made (by id) and their secrets, as the server has them. */
  const server = async () => {
    const apps = (await api.listOAuth2Apps()).filter((a) => appIds.includes(a.id));
    const secrets = (await Promise.all(apps.map((a) => api.listOAuth2AppSecrets(a.id)))).flat();
    return { apps, secrets };
  };
  /**
   * The secret the stack output describes is the one the server holds: by hash on the emulator (its
   * raw state has it); by id and last 6 characters on a real deployment (all its API shows).
   */
  const expectServerHasSecret = async (out: { id: string; truncated: string; secretHash: string }) => {
    if (target.emulator) {
      const s = ((await target.emulator.control.state()).oauth2Secrets as any[]).find((x) => x.id === out.id);
      expect(s?.hashedSecret ?? s?.hashed_secret).toBe(out.secretHash);
    }
    const listed = (await server()).secrets.find((x) => x.id === out.id);
    expect(listed?.clientSecretTruncated).toBe(out.truncated);
  };
  const remember = (up: { outputs?: Record<string, { value?: any }> }) => {
    const id = up.outputs?.app?.value?.id;
    if (id && !appIds.includes(id)) appIds.push(id);
  };

  beforeAll(async () => {
    // Not a licensed feature: an unlicensed deployment must do. Coder v2.30 needs the oauth2 experiment.
    target = await openE2ETarget({ license: "none", experiments: ["oauth2"] });
    api = target.api;
    stack = new E2EStack({ program: "test/e2e/programs/oauth2.ts", target });
  });
  beforeEach((ctx) => skipUnlessReady(target, ctx));
  afterAll(async () => {
    if (target?.kind === "real" && !target.missing) await stack?.tryRun("destroy", {});
    stack?.cleanup();
    await target?.close();
  });

  const n = (base: string) => target.name(base);
  const params = (app: Record<string, unknown> = {}, keepers: Record<string, unknown> = { v: 1 }) => ({
    secretsFile: stack.secretsSideFile,
    app: { name: n("grafana"), callbackUrl: "https://grafana.test/login/generic_oauth", ...app },
    secret: { keepers },
  });
  const euApp = () => ({
    name: n("grafana-eu"),
    callbackUrl: "https://g.eu.test/cb",
    icon: "/icon/grafana.svg",
  });

  it("creates an app and a secret, previews with no changes, keeps the secret through refresh", async () => {
    await target.clearCalls();
    const up = await stack.up(params());
    remember(up);
    console.log("OAuth2 calls for create (app + secret):", await target.calls());
    const app = up.outputs!.app!.value;
    expect(app).toMatchObject({ clientId: app.id, name: n("grafana"), icon: "" });
    expect(app.endpoints.token).toMatch(/\/oauth2\/tokens$/);
    if (target.emulator) expect(app.endpoints.token).toBe(`${target.url}/oauth2/tokens`);
    const secret = up.outputs!.secret!.value;
    await expectServerHasSecret(secret);

    await target.clearCalls();
    await stack.preview(params(), { expectNoChanges: true });
    console.log("OAuth2 calls for no-change preview:", await target.calls());

    await target.clearCalls();
    await stack.refresh(params(), { expectNoChanges: true });
    console.log("OAuth2 calls for refresh:", await target.calls());
    const [res] = stack.storedResources().filter((r) => r.type.endsWith(":OAuth2AppSecret"));
    expect(isEncryptedSecret(res.outputs.clientSecret)).toBe(true);
    const again = await stack.up(params(), { expectNoChanges: true });
    expect(again.outputs!.secret!.value.secretHash).toBe(secret.secretHash);
  });

  it("updates the app in place with one PUT; the secret is untouched", async () => {
    const before = (await stack.up(params())).outputs!;
    await target.clearCalls();
    const up = await stack.up(params(euApp()));
    const counts = await target.calls();
    console.log("OAuth2 calls for app update:", counts);
    if (counts) expect(counts["PUT /api/v2/oauth2-provider/apps/:id"]).toBe(1);
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(up.outputs!.app!.value).toMatchObject({
      id: before.app!.value.id,
      name: n("grafana-eu"),
      icon: "/icon/grafana.svg",
    });
    expect(up.outputs!.secret!.value.id).toBe(before.secret!.value.id);
  });

  it("rotates the secret when keepers change: the new one is created before the old one is deleted", async () => {
    const before = (await stack.up(params(euApp()))).outputs!;
    const appId = before.app!.value.id;
    const oldId = before.secret!.value.id;
    await target.clearCalls();
    const up = await stack.up(params(euApp(), { v: 2 }));
    console.log("OAuth2 calls for secret rotation (replace):", await target.calls());
    expect(up.summary.resourceChanges).toMatchObject({ replace: 1 });
    const log = await target.requests();
    if (log) {
      const writes = log.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);
      expect(writes).toEqual([
        `POST /api/v2/oauth2-provider/apps/${appId}/secrets`,
        `DELETE /api/v2/oauth2-provider/apps/${appId}/secrets/${oldId}`,
      ]);
    }
    const secret = up.outputs!.secret!.value;
    expect(secret.id).not.toBe(oldId);
    await expectServerHasSecret(secret);
    expect((await server()).secrets.map((s) => s.id)).toEqual([secret.id]);
  });

  it("detects out-of-band modification and deletion at refresh, and reconciles them at up", async () => {
    const p = params(euApp(), { v: 2 });
    const ids = (await stack.up(p)).outputs!;
    const appId = ids.app!.value.id;
    await api.updateOAuth2App(appId, { name: n("by-hand"), callbackUrl: "https://hand.test", icon: "" });
    await api.deleteOAuth2AppSecret(appId, ids.secret!.value.id);

    const refresh = await stack.refresh(p);
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 1, delete: 1 });
    const up = await stack.up(p);
    expect(up.summary.resourceChanges).toMatchObject({ update: 1, create: 1 });
    expect((await api.getOAuth2App(appId)).name).toBe(n("grafana-eu"));
    const secret = up.outputs!.secret!.value;
    await expectServerHasSecret(secret);

    // The whole app deleted by hand: both are gone at refresh, and re-created at up.
    await api.deleteOAuth2App(appId);
    const refresh2 = await stack.refresh(p);
    expect(refresh2.summary.resourceChanges).toMatchObject({ delete: 2 });
    const up2 = await stack.up(p);
    remember(up2);
    expect(up2.summary.resourceChanges).toMatchObject({ create: 2 });
    expect((await api.listOAuth2Apps()).some((a) => a.id === appId)).toBe(false);
    appIds = [up2.outputs!.app!.value.id];
    const s = await server();
    expect(s.apps.map((a) => a.id)).toEqual([up2.outputs!.app!.value.id]);
    expect(s.secrets.map((x) => x.id)).toEqual([up2.outputs!.secret!.value.id]);
  });

  it("says to enable the oauth2 experiment at preview when Coder gates OAuth2 apps, with no writes", async (ctx) => {
    // Needs a Coder whose experiments can be switched off and on again: the emulator's control API.
    if (!target.emulator) ctx.skip("switching a deployment's experiments needs the emulator");
    const emu = target.emulator!;
    await emu.control.setExperiments([]);
    const fresh = new E2EStack({ program: "test/e2e/programs/oauth2.ts", target });
    try {
      await target.clearCalls();
      const gated = await fresh.tryRun("preview", params());
      const text = `${gated.error}\n${gated.stdout}`;
      expect(text).toMatch(/does not have the 'oauth2' experiment enabled, which OAuth2App needs/);
      expect(text).toMatch(/CODER_EXPERIMENTS=oauth2/);
      expect(((await target.requests()) ?? []).filter((r) => r.method !== "GET")).toEqual([]);
    } finally {
      fresh.cleanup();
      await emu.control.setExperiments(["oauth2"]);
    }
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
    const p = params(euApp(), { v: 2 });
    const state = await stack.exportState();
    console.log("__provider bytes per resource:", providerSizes(state));
    const secrets = stack.revealedSecrets();
    expect(Object.keys(secrets).length).toBeGreaterThanOrEqual(3);
    expectNoPlaintext(stack.stateFilesText(), { ...secrets, "session token": target.token });

    await target.clearCalls();
    const destroy = await stack.destroy(p);
    console.log("OAuth2 calls for destroy (app + secret):", await target.calls());
    expect(destroy.summary.result).toBe("succeeded");
    const s = await server();
    expect(s.apps).toEqual([]);
    expect(s.secrets).toEqual([]);
    if (target.emulator) {
      const raw = await target.emulator.control.state();
      expect({ apps: raw.oauth2Apps, secrets: raw.oauth2Secrets }).toEqual({ apps: [], secrets: [] });
    }
  });
});
