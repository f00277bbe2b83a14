// Create recovery never touches what the run did not make (docs/recovery.md, "Whose object is it").
// For every resource with create recovery:
// - an object with the same natural key that exists BEFORE the run, plus a `before` 502 on the
//   create (a load balancer failing: coderd never saw the POST, so never answered 409) → the object
//   is untouched (same id, same secret/token, same members) and the error names it and says how to
//   take it over deliberately;
// - an `after` 502 (coderd committed, the answer was lost) → the run's own object is recovered:
//   exactly one object, and the secret in the outputs is the live one.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator";
import type { CoderClient } from "../../provider/client";
import { resetRuntime } from "../../provider/dynamic/runtime";
import { groupProvider } from "../../provider/resources/group";
import { licenseProvider } from "../../provider/resources/license";
import { oauth2AppProvider } from "../../provider/resources/oauth2-app";
import { oauth2AppSecretProvider } from "../../provider/resources/oauth2-app-secret";
import { provisionerKeyProvider } from "../../provider/resources/provisioner-key";
import { workspaceProxyProvider } from "../../provider/resources/workspace-proxy";
import {
  checkedInputs,
  type ProviderEnvironment,
  startProviderEnvironment,
  stopProviderEnvironment,
} from "./provider-env";

let env: ProviderEnvironment;
let emu: RunningEmulator;
let api: CoderClient;
let org: string;
let alice: string;
let bob: string;
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const state = async () => (await emu.control.state()) as any;
const writes = async () =>
  (await emu.control.requests()).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.status}`);

beforeAll(async () => {
  env = await startProviderEnvironment("all", { experiments: ["oauth2"] });
  emu = env.emu;
  api = env.api;
  const seed = await emu.control.seed();
  org = seed.defaultOrganizationId;
  alice = seed.users.find((u) => u.username === "alice")!.id;
  bob = seed.users.find((u) => u.username === "bob")!.id;
});
afterAll(() => stopProviderEnvironment(env ?? {}));
beforeEach(async () => {
  await emu.control.reset();
  // A fresh provider process for every test: nothing known from an earlier create.
  resetRuntime();
});

/**
 * The object made before the run is older than the create by more than the precision of the
 * server's clock as the provider knows it (its Date header has whole seconds).
 */
const olderThanTheRun = () => new Promise((r) => setTimeout(r, 1_200));

async function failCreate(
  route: string,
  phase: "before" | "after",
  create: () => Promise<unknown>,
): Promise<unknown> {
  await emu.control.addFault({ method: "POST", path: route, kind: "status", status: 502, phase, count: 1 });
  await emu.control.clearRequests();
  return create().then(
    (v) => v,
    (e: unknown) => e,
  );
}

describe("Group", () => {
  it("pre-existing group + before-502: untouched (id, members, settings), error says adopt: true", async () => {
    const theirs = await api.createGroup(org, { name: "platform", quotaAllowance: 5 });
    await api.updateGroup(theirs.id, { addUsers: [alice] });
    await olderThanTheRun();
    const inputs = await checkedInputs(groupProvider, { name: "platform", members: [bob] });
    const err = await failCreate("/groups$", "before", () => groupProvider.create(inputs));
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/group "platform" exists/);
    expect((err as Error).message).toContain(theirs.id);
    expect((err as Error).message).toContain("left untouched");
    expect((err as Error).message).toContain("set adopt: true");
    expect(await writes()).toEqual(["POST 502"]);
    const g = (await state()).groups.find((x: any) => x.name === "platform");
    expect(g).toMatchObject({ id: theirs.id, quotaAllowance: 5, memberIds: [alice] });
  });

  it("after-502: the run's own group is found and finished (members added), exactly one", async () => {
    const inputs = await checkedInputs(groupProvider, { name: "platform", members: [bob] });
    const res = await failCreate("/groups$", "after", () => groupProvider.create(inputs));
    expect(res).not.toBeInstanceOf(Error);
    const groups = (await state()).groups.filter((x: any) => x.name === "platform");
    expect(groups).toHaveLength(1);
    expect(groups[0].id).toBe((res as any).id);
    expect(groups[0].memberIds).toEqual([bob]);
  });
});

describe("ProvisionerKey", () => {
  it("pre-existing key + before-502: not deleted, same secret; error says it cannot be adopted", async () => {
    const { key } = await api.createProvisionerKey(org, { name: "k8s-eu", tags: {} });
    const before = (await state()).provisionerKeys[0];
    await olderThanTheRun();
    const inputs = await checkedInputs(provisionerKeyProvider, { name: "k8s-eu" });
    const err = await failCreate("/provisionerkeys$", "before", () => provisionerKeyProvider.create(inputs));
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/provisioner key "k8s-eu" exists/);
    expect((err as Error).message).toContain("left untouched");
    expect((err as Error).message).toContain("cannot be adopted");
    expect(await writes()).toEqual(["POST 502"]);
    const keys = (await state()).provisionerKeys;
    expect(keys).toHaveLength(1);
    expect(keys[0].id).toBe(before.id);
    expect(keys[0].hashedSecret).toBe(sha256(key));
  });

  it("after-502: the run's own key (secret lost) is deleted and made again; the new secret is live", async () => {
    const inputs = await checkedInputs(provisionerKeyProvider, { name: "k8s-eu" });
    const res: any = await failCreate("/provisionerkeys$", "after", () =>
      provisionerKeyProvider.create(inputs),
    );
    expect(res).not.toBeInstanceOf(Error);
    const keys = (await state()).provisionerKeys;
    expect(keys).toHaveLength(1);
    expect(keys[0].id).toBe(res.id);
    expect(keys[0].hashedSecret).toBe(sha256(res.outs.key));
  });
});

describe("WorkspaceProxy", () => {
  it("pre-existing proxy + before-502: not taken over, token not regenerated; error says adopt: true", async () => {
    const theirs = await api.createWorkspaceProxy({ name: "eu-west", displayName: "EU", icon: "/x.svg" });
    const before = (await state()).workspaceProxies.find((p: any) => p.id === theirs.proxy.id);
    await olderThanTheRun();
    const inputs = await checkedInputs(workspaceProxyProvider, { name: "eu-west" });
    const err = await failCreate("/workspaceproxies$", "before", () => workspaceProxyProvider.create(inputs));
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/workspace proxy "eu-west" exists/);
    expect((err as Error).message).toContain("token was not regenerated");
    expect((err as Error).message).toContain("set adopt: true");
    expect(await writes()).toEqual(["POST 502"]);
    const after = (await state()).workspaceProxies.find((p: any) => p.id === theirs.proxy.id);
    expect(after).toEqual(before);
    expect(after.tokenHash).toBe(sha256(theirs.proxyToken.split(":")[1]!));
  });

  it("after-502: the run's own proxy is kept with a regenerated token, which is live", async () => {
    const inputs = await checkedInputs(workspaceProxyProvider, { name: "eu-west" });
    const res: any = await failCreate("/workspaceproxies$", "after", () =>
      workspaceProxyProvider.create(inputs),
    );
    expect(res).not.toBeInstanceOf(Error);
    const proxies = (await state()).workspaceProxies.filter((p: any) => !p.deleted);
    expect(proxies).toHaveLength(1);
    expect(proxies[0].id).toBe(res.id);
    expect(proxies[0].tokenHash).toBe(sha256(res.outs.proxyToken.split(":")[1]));
  });
});

describe("License", () => {
  it("the same JWT uploaded before + before-502: that upload is not adopted; the error says what to do", async () => {
    const { jwt } = await emu.control.mintLicense({});
    const theirs = await api.addLicense(jwt);
    await olderThanTheRun();
    const inputs = await checkedInputs(licenseProvider, { license: jwt });
    const err = await failCreate("/licenses$", "before", () => licenseProvider.create(inputs));
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/license .* exists/);
    expect((err as Error).message).toContain(`coder licenses delete ${theirs.id}`);
    expect((err as Error).message).not.toContain(jwt);
    expect(await writes()).toEqual(["POST 502"]);
    expect((await state()).licenses.map((l: any) => l.id)).toEqual([theirs.id]);
  });

  it("after-502: the run's own upload is adopted, not uploaded twice", async () => {
    const { jwt } = await emu.control.mintLicense({});
    const inputs = await checkedInputs(licenseProvider, { license: jwt });
    const res: any = await failCreate("/licenses$", "after", () => licenseProvider.create(inputs));
    expect(res).not.toBeInstanceOf(Error);
    expect((await state()).licenses.map((l: any) => String(l.id))).toEqual([res.id]);
  });
});

describe("OAuth2App and OAuth2AppSecret", () => {
  it("pre-existing same-named app in use + before-502: untouched; the run makes its own (names are not unique)", async () => {
    const theirs = await api.createOAuth2App({ name: "grafana", callbackUrl: "https://g.example.com/cb" });
    const theirSecret = await api.createOAuth2AppSecret(theirs.id);
    await olderThanTheRun();
    const inputs = await checkedInputs(oauth2AppProvider, {
      name: "grafana",
      callbackUrl: "https://g.example.com/cb",
    });
    const res: any = await failCreate("/oauth2-provider/apps$", "before", () =>
      oauth2AppProvider.create(inputs),
    );
    expect(res).not.toBeInstanceOf(Error);
    expect(res.id).not.toBe(theirs.id);
    const s = await state();
    expect(s.oauth2Apps.map((a: any) => a.id).sort()).toEqual([theirs.id, res.id].sort());
    expect(s.oauth2Secrets.map((x: any) => x.id)).toEqual([theirSecret.id]);
  });

  it("two unused identical apps after a lost answer: doubt, nothing adopted, the error names them", async () => {
    const a = await api.createOAuth2App({ name: "grafana", callbackUrl: "https://g.example.com/cb" });
    const b = await api.createOAuth2App({ name: "grafana", callbackUrl: "https://g.example.com/cb" });
    const inputs = await checkedInputs(oauth2AppProvider, {
      name: "grafana",
      callbackUrl: "https://g.example.com/cb",
    });
    const err = await failCreate("/oauth2-provider/apps$", "before", () => oauth2AppProvider.create(inputs));
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain(a.id);
    expect((err as Error).message).toContain(b.id);
    expect((await state()).oauth2Apps).toHaveLength(2);
  });

  it("secret of an app from an earlier run + before-502: its existing secret is not deleted", async () => {
    const app = await api.createOAuth2App({ name: "grafana", callbackUrl: "https://g.example.com/cb" });
    const theirSecret = await api.createOAuth2AppSecret(app.id);
    const inputs = await checkedInputs(oauth2AppSecretProvider, { appId: app.id });
    const res: any = await failCreate("/secrets$", "before", () => oauth2AppSecretProvider.create(inputs));
    expect(res).not.toBeInstanceOf(Error);
    const secrets = (await state()).oauth2Secrets.map((x: any) => x.id);
    expect(secrets.sort()).toEqual([theirSecret.id, res.id].sort());
  });

  it("after-502 on the app and on its secret (same run): one app, one secret, and it is live", async () => {
    const appInputs = await checkedInputs(oauth2AppProvider, {
      name: "grafana",
      callbackUrl: "https://g.example.com/cb",
    });
    const app: any = await failCreate("/oauth2-provider/apps$", "after", () =>
      oauth2AppProvider.create(appInputs),
    );
    expect(app).not.toBeInstanceOf(Error);
    const inputs = await checkedInputs(oauth2AppSecretProvider, { appId: app.id });
    const res: any = await failCreate("/secrets$", "after", () => oauth2AppSecretProvider.create(inputs));
    expect(res).not.toBeInstanceOf(Error);
    const s = await state();
    expect(s.oauth2Apps.map((a: any) => a.id)).toEqual([app.id]);
    expect(s.oauth2Secrets.map((x: any) => x.id)).toEqual([res.id]);
    expect(s.oauth2Secrets[0].hashedSecret).toBe(sha256(res.outs.clientSecret.split("_")[2]));
  });
});
