// Contract tests: every CoderClient method against the emulator over real loopback HTTP.
import { inspect } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import {
  type CoderApiError,
  CoderClient,
  type CoderClientOptions,
  CoderNetworkError,
  CoderTimeoutError,
  ConflictError,
  FeatureNotEntitledError,
  ForbiddenError,
  isNotFound,
  NotFoundError,
  RateLimitedError,
  ServerError,
  UnauthorizedError,
  ValidationFailedError,
} from "../../provider/client";

type Seed = Awaited<ReturnType<RunningEmulator["control"]["seed"]>>;
type Ctor<T> = abstract new (...args: never[]) => T;

let emu: RunningEmulator;
let seed: Seed;
let orgId: string;
let client: CoderClient;

const FAST_RETRY = { initialBackoffMs: 10, maxBackoffMs: 50, maxAttempts: 4, maxRetryTimeMs: 5_000 };

function mkClient(extra: Partial<CoderClientOptions> = {}, target: RunningEmulator = emu): CoderClient {
  return new CoderClient({ url: target.url, token: target.token, retry: FAST_RETRY, ...extra });
}

async function expectError<T extends CoderApiError | CoderNetworkError>(
  p: Promise<unknown>,
  cls: Ctor<T>,
  status?: number,
): Promise<T> {
  const err = await p.then(
    (v) => {
      throw new Error(`expected ${cls.name}, got success: ${JSON.stringify(v)}`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(cls);
  if (status !== undefined) expect((err as CoderApiError).status).toBe(status);
  return err as T;
}

function assertNoToken(err: unknown, token: string): void {
  const e = err as Error;
  const secret = token.slice(token.indexOf("-") + 1);
  const forms = [
    e.message,
    e.stack ?? "",
    JSON.stringify(e),
    inspect(e, { depth: null, showHidden: true }),
    String((e as { cause?: unknown }).cause ?? ""),
  ];
  for (const f of forms) {
    expect(f).not.toContain(token);
    expect(f).not.toContain(secret);
  }
}

beforeAll(async () => {
  emu = await startEmulator({ license: "all", experiments: ["oauth2"] });
  seed = await emu.control.seed();
  orgId = seed.defaultOrganizationId;
  client = mkClient();
});
afterAll(async () => {
  await client?.close();
  await emu?.close();
});
beforeEach(async () => {
  await emu.control.clearFaults();
});

const uniq = (() => {
  let n = 0;
  return (p: string) => `${p}-${Date.now().toString(36)}-${++n}`;
})();

describe("meta", () => {
  it("buildinfo, me, users, organizations, templates, entitlements", async () => {
    const bi = await client.getBuildInfo();
    expect(typeof bi.version).toBe("string");
    expect(bi.deploymentId).toBe(seed.deploymentId);

    const me = await client.getMe();
    expect(me).toMatchObject({ id: seed.owner.id, username: seed.owner.username });
    expect(me.organizationIds).toContain(orgId);
    expect(Array.isArray(me.roles)).toBe(true);

    const u = seed.users[0] ?? seed.owner;
    expect((await client.getUser(u.id)).username).toBe(u.username);
    expect((await client.getUser(u.username)).id).toBe(u.id);

    const org = await client.getOrganization(orgId);
    expect(org.id).toBe(orgId);
    expect((await client.getOrganization(org.name)).id).toBe(orgId);
    expect((await client.listOrganizations()).map((o) => o.id)).toContain(orgId);

    const t = seed.templates[0];
    expect(t).toBeDefined();
    expect(await client.getTemplate(t.id)).toMatchObject({
      id: t.id,
      name: t.name,
      organizationId: t.organizationId,
    });
    expect((await client.getTemplateByName(t.organizationId, t.name)).id).toBe(t.id);
    expect((await client.listTemplates(t.organizationId)).map((x) => x.id)).toContain(t.id);

    const ents = await client.getEntitlements();
    expect(ents.hasLicense).toBe(true);
    expect(ents.features.template_rbac?.enabled).toBe(true);
  });

  it("404s for unknown users, orgs and templates", async () => {
    expect(isNotFound(await expectError(client.getUser("no-such-user"), ValidationFailedError, 400))).toBe(
      true,
    );
    await expectError(client.getOrganization("no-such-org"), NotFoundError, 404);
    await expectError(client.getTemplate("00000000-0000-4000-8000-000000000000"), NotFoundError, 404);
    await expectError(client.getTemplateByName(orgId, "no-such-template"), NotFoundError, 404);
  });

  it("resolveOrganizationId: explicit id, name, configured, and /users/me fallback (cached)", async () => {
    const c = mkClient();
    const org = await c.getOrganization(orgId);
    expect(await c.resolveOrganizationId(orgId)).toBe(orgId);
    expect(await c.resolveOrganizationId(org.name)).toBe(orgId);
    const before = c.requestCount;
    expect(await c.resolveOrganizationId()).toBe(orgId);
    expect(await c.resolveOrganizationId()).toBe(orgId);
    expect(await c.resolveOrganizationId(org.name)).toBe(orgId);
    expect(c.requestCount - before).toBe(1); // one GET /users/me, names cached
    const configured = mkClient({ organization: org.name });
    expect(await configured.resolveOrganizationId()).toBe(orgId);
    await expectError(c.resolveOrganizationId("no-such-org"), NotFoundError);
    await c.close();
    await configured.close();
  });

  it("isEntitled is cached: one GET /entitlements for many checks", async () => {
    const c = mkClient();
    await emu.control.clearRequests();
    const results = await Promise.all([
      c.isEntitled("template_rbac"),
      c.isEntitled("workspace_proxy"),
      c.isEntitled("external_provisioner_daemons"),
    ]);
    expect(results).toEqual([true, true, true]);
    await c.requireFeature("template_rbac", "Group devs");
    const reqs = (await emu.control.requests()).filter((r) => r.path === "/api/v2/entitlements");
    expect(reqs).toHaveLength(1);
    await c.close();
  });
});

describe("groups", () => {
  it("create, list, get, get by name, update (pointer semantics, members), delete", async () => {
    const name = uniq("grp");
    const g = await client.createGroup(orgId, { name, displayName: "Grp", quotaAllowance: 7 });
    expect(g).toMatchObject({
      name,
      displayName: "Grp",
      organizationId: orgId,
      quotaAllowance: 7,
      members: [],
      totalMemberCount: 0,
      source: "user",
    });
    expect((await client.listGroups(orgId)).map((x) => x.id)).toContain(g.id);
    expect((await client.getGroup(g.id)).name).toBe(name);
    expect((await client.getGroupByName(orgId, name)).id).toBe(g.id);

    const user = seed.users[0];
    const upd = await client.updateGroup(g.id, { avatarUrl: "/a.png", addUsers: [user.id] });
    expect(upd).toMatchObject({
      displayName: "Grp",
      quotaAllowance: 7,
      avatarUrl: "/a.png",
      totalMemberCount: 1,
    });
    expect(upd.members.map((m) => m.id)).toEqual([user.id]);
    expect(upd.members[0].username).toBe(user.username);

    const again = await expectError(
      client.updateGroup(g.id, { addUsers: [user.id] }),
      ValidationFailedError,
      400,
    );
    expect(again.coderMessage).toBe("Cannot add the same user to a group twice!");

    const renamed = await client.updateGroup(g.id, {
      name: `${name}-x`,
      displayName: "",
      removeUsers: [user.id],
    });
    expect(renamed).toMatchObject({ name: `${name}-x`, displayName: "", members: [], quotaAllowance: 7 });

    await client.deleteGroup(g.id);
    const nf = await expectError(client.getGroup(g.id), NotFoundError, 404);
    expect(isNotFound(nf)).toBe(true);
    await expectError(client.deleteGroup(g.id), NotFoundError, 404);
  });

  it("409 on duplicate names, 400 with validations on bad names, 400 for non-UUID ids", async () => {
    const name = uniq("dup");
    const g = await client.createGroup(orgId, { name });
    const dup = await expectError(client.createGroup(orgId, { name }), ConflictError, 409);
    expect(dup.coderMessage).toContain(name);
    const bad = await expectError(
      client.createGroup(orgId, { name: "has space" }),
      ValidationFailedError,
      400,
    );
    expect(bad.validations.map((v) => v.field)).toContain("name");
    expect(bad.message).toContain("validations: name:");
    const reserved = await expectError(
      client.createGroup(orgId, { name: "Everyone" }),
      ValidationFailedError,
    );
    expect(reserved.validations[0]?.detail).toMatch(/reserved/);
    await expectError(client.getGroup("not-a-uuid"), ValidationFailedError, 400);
    await expectError(client.getGroupByName(orgId, "no-such-group"), NotFoundError, 404);
    await client.deleteGroup(g.id);
  });

  it("Everyone group: members cannot change (403), cannot be deleted (400)", async () => {
    const everyone = await client.getGroup(orgId);
    expect(everyone.name).toBe("Everyone");
    await expectError(client.updateGroup(orgId, { addUsers: [seed.users[0].id] }), ForbiddenError, 403);
    await expectError(client.deleteGroup(orgId), ValidationFailedError, 400);
  });
});

describe("licenses", () => {
  it("add, list, delete; null list → []; errors", async () => {
    const c = mkClient();
    for (const l of await c.listLicenses()) await c.deleteLicense(l.id);
    expect(await c.listLicenses()).toEqual([]);
    const { jwt } = await emu.control.mintLicense({});
    const lic = await c.addLicense(jwt);
    expect(typeof lic.id).toBe("number");
    expect(lic.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(lic.claims).toHaveProperty("version");
    expect(typeof lic.uploadedAt).toBe("string");
    expect((await c.listLicenses()).map((l) => l.id)).toEqual([lic.id]);
    await c.deleteLicense(lic.id);
    expect(await c.listLicenses()).toEqual([]);
    await expectError(c.deleteLicense(lic.id), NotFoundError, 404);
    await expectError(c.deleteLicense("abc"), NotFoundError, 404);
    const inv = await expectError(c.addLicense("not.a.jwt"), ValidationFailedError, 400);
    expect(inv.coderMessage).toBe("Invalid license");
    await expectError(c.addLicense(""), ValidationFailedError, 400);
    await c.close();
  });
});

describe("OAuth2 apps", () => {
  it("CRUD and secrets", async () => {
    const app = await client.createOAuth2App({
      name: uniq("app").slice(0, 30),
      callbackUrl: "https://cb.example.com/x",
    });
    expect(app).toMatchObject({ callbackUrl: "https://cb.example.com/x", icon: "" });
    expect(app.endpoints.authorization).toMatch(/\/oauth2\/authorize$/);
    expect((await client.listOAuth2Apps()).map((a) => a.id)).toContain(app.id);
    expect((await client.getOAuth2App(app.id)).name).toBe(app.name);
    const upd = await client.updateOAuth2App(app.id, {
      name: "renamed",
      callbackUrl: "https://cb2.example.com",
      icon: "/i.png",
    });
    expect(upd).toMatchObject({
      id: app.id,
      name: "renamed",
      callbackUrl: "https://cb2.example.com",
      icon: "/i.png",
    });

    expect(await client.listOAuth2AppSecrets(app.id)).toEqual([]);
    const sec = await client.createOAuth2AppSecret(app.id);
    expect(sec.clientSecretFull).toMatch(/^coder_/);
    const secrets = await client.listOAuth2AppSecrets(app.id);
    expect(secrets).toHaveLength(1);
    expect(secrets[0]).toMatchObject({
      id: sec.id,
      lastUsedAt: null,
      clientSecretTruncated: sec.clientSecretFull.slice(-6),
    });
    await client.deleteOAuth2AppSecret(app.id, sec.id);
    expect(await client.listOAuth2AppSecrets(app.id)).toEqual([]);
    await expectError(client.deleteOAuth2AppSecret(app.id, sec.id), NotFoundError, 404);

    await client.deleteOAuth2App(app.id);
    const nf = await expectError(client.getOAuth2App(app.id), NotFoundError, 404);
    expect(nf.coderMessage).toBe("OAuth2 application not found.");
  });

  it("validation errors and no uniqueness", async () => {
    const bad = await expectError(
      client.createOAuth2App({ name: "has space", callbackUrl: "https://x.example.com" }),
      ValidationFailedError,
      400,
    );
    expect(bad.validations.length).toBeGreaterThan(0);
    await expectError(
      client.createOAuth2App({ name: "ok", callbackUrl: "not a url" }),
      ValidationFailedError,
      400,
    );
    const a = await client.createOAuth2App({ name: "same", callbackUrl: "https://x.example.com" });
    const b = await client.createOAuth2App({ name: "same", callbackUrl: "https://x.example.com" });
    expect(a.id).not.toBe(b.id);
    await client.deleteOAuth2App(a.id);
    await client.deleteOAuth2App(b.id);
    await expectError(client.getOAuth2App("not-a-uuid"), ValidationFailedError, 400);
  });
});

describe("provisioner keys", () => {
  it("create (key only), list (lower-cased), daemons, delete", async () => {
    const name = uniq("Key");
    const created = await client.createProvisionerKey(orgId, { name, tags: { env: "prod" } });
    expect(Object.keys(created)).toEqual(["key"]);
    expect(created.key).toHaveLength(43);
    const keys = await client.listProvisionerKeys(orgId);
    const k = keys.find((x) => x.name === name.toLowerCase());
    expect(k).toMatchObject({ organizationId: orgId, tags: { env: "prod" } });
    expect(keys.map((x) => x.name)).not.toContain("built-in");
    const daemons = await client.listProvisionerKeyDaemons(orgId);
    expect(Array.isArray(daemons)).toBe(true);
    for (const d of daemons) expect(Array.isArray(d.daemons)).toBe(true);

    await expectError(client.createProvisionerKey(orgId, { name: name.toUpperCase() }), ConflictError, 409);
    const reserved = await expectError(
      client.createProvisionerKey(orgId, { name: "PSK" }),
      ValidationFailedError,
      400,
    );
    expect(reserved.validations[0]?.field).toBe("name");
    await expectError(client.createProvisionerKey(orgId, { name: "" }), ValidationFailedError, 400);

    await client.deleteProvisionerKey(orgId, name.toUpperCase());
    expect((await client.listProvisionerKeys(orgId)).map((x) => x.name)).not.toContain(name.toLowerCase());
    await expectError(client.deleteProvisionerKey(orgId, name), NotFoundError, 404);
  });
});

describe("workspace proxies", () => {
  it("create, list, get by id and name, update, soft delete", async () => {
    const name = uniq("px");
    const { proxy, proxyToken } = await client.createWorkspaceProxy({
      name,
      displayName: "PX",
      icon: "/p.png",
    });
    expect(proxyToken.startsWith(`${proxy.id}:`)).toBe(true);
    expect(proxy).toMatchObject({
      name,
      displayName: "PX",
      iconUrl: "/p.png",
      deleted: false,
      derpEnabled: true,
    });
    expect(proxy.status.status).toBe("unregistered");

    const all = await client.listWorkspaceProxies();
    expect(all[0].name).toBe("primary");
    expect(all.map((p) => p.id)).toContain(proxy.id);
    expect((await client.getWorkspaceProxy(proxy.id)).name).toBe(name);
    expect((await client.getWorkspaceProxy(name)).id).toBe(proxy.id);

    const upd = await client.updateWorkspaceProxy(proxy.id, {
      id: proxy.id,
      name,
      displayName: "PX2",
      icon: "/q.png",
    });
    expect(upd.proxyToken).toBe("");
    expect(upd.proxy).toMatchObject({ displayName: "PX2", iconUrl: "/q.png" });
    const regen = await client.updateWorkspaceProxy(proxy.id, {
      id: proxy.id,
      name,
      displayName: "PX2",
      icon: "/q.png",
      regenerateToken: true,
    });
    expect(regen.proxyToken).not.toBe("");
    expect(regen.proxyToken).not.toBe(proxyToken);

    await client.deleteWorkspaceProxy(proxy.id);
    expect((await client.getWorkspaceProxy(proxy.id)).deleted).toBe(true);
    await expectError(client.getWorkspaceProxy(name), NotFoundError, 404);
    expect((await client.listWorkspaceProxies()).map((p) => p.id)).not.toContain(proxy.id);
  });

  it("reserved primary, duplicates, primary cannot be deleted", async () => {
    const r = await expectError(client.createWorkspaceProxy({ name: "Primary" }), ValidationFailedError, 400);
    expect(r.validations).toEqual([{ field: "name", detail: "Reserved name" }]);
    const name = uniq("dupx");
    const { proxy } = await client.createWorkspaceProxy({ name });
    await expectError(client.createWorkspaceProxy({ name: name.toUpperCase() }), ConflictError, 409);
    await expectError(client.deleteWorkspaceProxy("primary"), ValidationFailedError, 400);
    await expectError(
      client.updateWorkspaceProxy(proxy.id, { id: proxy.id, name, displayName: "", icon: "" }),
      ValidationFailedError,
      400,
    );
    await client.deleteWorkspaceProxy(proxy.id);
    await expectError(client.getWorkspaceProxy("nope"), NotFoundError, 404);
  });
});

describe("IdP sync", () => {
  it("group sync: settings, config replaces, mapping add/remove", async () => {
    const groupA = "11111111-1111-4111-8111-111111111111";
    const groupB = "22222222-2222-4222-8222-222222222222";
    const init = await client.getGroupSyncSettings(orgId);
    expect(init).toMatchObject({ field: expect.any(String) });
    const full = await client.patchGroupSyncSettings(orgId, {
      field: "groups",
      mapping: { admins: [groupA] },
      regexFilter: "^dev-.*$",
      autoCreateMissingGroups: true,
    });
    expect(full).toEqual({
      field: "groups",
      mapping: { admins: [groupA] },
      regexFilter: "^dev-.*$",
      autoCreateMissingGroups: true,
      legacyGroupNameMapping: {},
    });
    const cfg = await client.patchGroupSyncConfig(orgId, { field: "grp" });
    expect(cfg).toMatchObject({
      field: "grp",
      regexFilter: null,
      autoCreateMissingGroups: false,
      mapping: { admins: [groupA] },
    });
    const mapped = await client.patchGroupSyncMapping(orgId, {
      add: [{ given: "devs", gets: groupB }],
      remove: [
        { given: "admins", gets: groupA },
        { given: "ghost", gets: groupA },
      ],
    });
    expect(mapped.mapping).toEqual({ admins: [], devs: [groupB], ghost: [] });
    expect(await client.getGroupSyncSettings(orgId)).toEqual(mapped);
    await expectError(
      client.patchGroupSyncMapping(orgId, { add: [{ given: "x", gets: "not-a-uuid" }] }),
      ValidationFailedError,
      400,
    );
  });

  it("role sync", async () => {
    expect((await client.getRoleSyncSettings(orgId)).field).toEqual(expect.any(String));
    const s = await client.patchRoleSyncSettings(orgId, {
      field: "roles",
      mapping: { a: ["organization-admin"] },
    });
    expect(s).toEqual({ field: "roles", mapping: { a: ["organization-admin"] } });
    expect(await client.patchRoleSyncConfig(orgId, { field: "r2" })).toEqual({
      field: "r2",
      mapping: { a: ["organization-admin"] },
    });
    const m = await client.patchRoleSyncMapping(orgId, {
      add: [{ given: "b", gets: "organization-auditor" }],
      remove: [{ given: "a", gets: "organization-admin" }],
    });
    expect(m.mapping).toEqual({ a: [], b: ["organization-auditor"] });
  });

  it("organization sync: assign_default vs organization_assign_default", async () => {
    const init = await client.getOrganizationSyncSettings();
    expect(typeof init.organizationAssignDefault).toBe("boolean");
    const s = await client.patchOrganizationSyncSettings({
      field: "orgs",
      mapping: { eng: [orgId] },
      organizationAssignDefault: false,
    });
    expect(s).toEqual({ field: "orgs", mapping: { eng: [orgId] }, organizationAssignDefault: false });
    const c = await client.patchOrganizationSyncConfig({ field: "orgs2", assignDefault: true });
    expect(c).toEqual({ field: "orgs2", mapping: { eng: [orgId] }, organizationAssignDefault: true });
    const m = await client.patchOrganizationSyncMapping({ remove: [{ given: "eng", gets: orgId }] });
    expect(m.mapping).toEqual({ eng: [] });
    // restore the default so other tests are unaffected
    await client.patchOrganizationSyncSettings({ field: "", organizationAssignDefault: true });
  });

  it("available fields and field values", async () => {
    expect(Array.isArray(await client.getIdpSyncAvailableFields())).toBe(true);
    expect(Array.isArray(await client.getIdpSyncAvailableFields(orgId))).toBe(true);
    expect(Array.isArray(await client.getIdpSyncFieldValues("groups"))).toBe(true);
    expect(Array.isArray(await client.getIdpSyncFieldValues("groups", orgId))).toBe(true);
    await expectError(client.getIdpSyncFieldValues(""), ValidationFailedError, 400);
  });
});

describe("template ACL", () => {
  it("get (group → groups), update merge semantics, available", async () => {
    const t = await emu.control.addTemplate({ name: uniq("tpl").slice(0, 30), organizationId: orgId });
    const acl = await client.getTemplateAcl(t.id);
    expect(acl.users).toEqual([]);
    expect(acl.groups.map((g) => [g.id, g.role])).toEqual([[orgId, "use"]]);

    const user = seed.users[0];
    const g = await client.createGroup(orgId, { name: uniq("aclgrp") });
    const res = await client.updateTemplateAcl(t.id, {
      userPerms: { [user.id]: "admin" },
      groupPerms: { [g.id]: "use", [orgId]: "" },
    });
    expect(res.message).toBe("Successfully updated template ACL list.");
    const after = await client.getTemplateAcl(t.id);
    expect(after.users.map((u) => [u.id, u.username, u.role])).toEqual([[user.id, user.username, "admin"]]);
    expect(after.groups.map((x) => [x.id, x.role])).toEqual([[g.id, "use"]]);
    // The roles-only view (what the TemplateAcl resource reads) says the same, without the rest.
    expect(await client.getTemplateAclRoles(t.id)).toEqual({
      users: [{ id: user.id, role: "admin" }],
      groups: [{ id: g.id, role: "use" }],
    });

    // absent keys untouched
    await client.updateTemplateAcl(t.id, { groupPerms: { [g.id]: "admin" } });
    const merged = await client.getTemplateAcl(t.id);
    expect(merged.users).toHaveLength(1);
    expect(merged.groups[0].role).toBe("admin");

    const avail = await client.getTemplateAclAvailable(t.id);
    expect(avail.users.map((u) => u.id)).toContain(user.id);
    expect(avail.groups.map((x) => x.id)).toContain(g.id);

    const bad = await expectError(
      client.updateTemplateAcl(t.id, { userPerms: { [user.id]: "owner" as "admin" } }),
      ValidationFailedError,
      400,
    );
    expect(bad.validations[0]?.field).toBe("user_perms");
    await expectError(
      client.updateTemplateAcl(t.id, { groupPerms: { "33333333-3333-4333-8333-333333333333": "use" } }),
      ValidationFailedError,
      400,
    );
    await expectError(client.getTemplateAcl("00000000-0000-4000-8000-000000000001"), NotFoundError, 404);
    await client.deleteGroup(g.id);
  });
});

describe("auth and licensing errors", () => {
  it("401 for a bad token, with the hint and no token in the error", async () => {
    const badToken = "badbadbad0-thisIsNotAValidSecretAtAll123456";
    const c = mkClient({ token: badToken });
    const err = await expectError(c.getMe(), UnauthorizedError, 401);
    expect(err.coderMessage).toMatch(/signed out or your session has expired/);
    expect(err.hint).toBe("check coderd:token / CODER_SESSION_TOKEN; the token may be expired");
    expect(err.message).toContain("CODER_SESSION_TOKEN");
    assertNoToken(err, badToken);
    await c.close();
  });

  it("401 for an expired token", async () => {
    const u = await emu.control.addUser({ username: uniq("exp").slice(0, 30) });
    await emu.control.expireToken(u.id);
    const c = mkClient({ token: u.token });
    const err = await expectError(c.getMe(), UnauthorizedError, 401);
    expect(err.detail ?? "").toMatch(/expired/);
    expect(err.message).toContain("the token may be expired");
    assertNoToken(err, u.token);
    await c.close();
  });

  it("403 Forbidden (not a premium error) for a non-owner uploading a license", async () => {
    const u = await emu.control.addUser({ username: uniq("member").slice(0, 30) });
    const c = mkClient({ token: u.token });
    const { jwt } = await emu.control.mintLicense({});
    const err = await expectError(c.addLicense(jwt), ForbiddenError, 403);
    expect(err).not.toBeInstanceOf(FeatureNotEntitledError);
    expect(err.coderMessage).toBe("Forbidden.");
    await c.close();
  });

  it("403 premium on an unlicensed deployment (also before auth)", async () => {
    const bare = await startEmulator({ license: "none" });
    try {
      const c = mkClient({}, bare);
      const bareSeed = await bare.control.seed();
      const e1 = await expectError(
        c.listGroups(bareSeed.defaultOrganizationId),
        FeatureNotEntitledError,
        403,
      );
      expect(e1.feature).toBe("Template RBAC");
      expect(e1.message).toContain("this deployment's license does not include Template RBAC");
      const e2 = await expectError(c.createWorkspaceProxy({ name: "x" }), FeatureNotEntitledError, 403);
      expect(e2.feature).toBe("Workspace Proxy");
      await expectError(
        c.createProvisionerKey(bareSeed.defaultOrganizationId, { name: "k" }),
        FeatureNotEntitledError,
        403,
      );
      await expectError(c.getTemplateAcl(bareSeed.templates[0].id), FeatureNotEntitledError, 403);
      expect(await c.isEntitled("template_rbac")).toBe(false);
      const req = await expectError(
        c.requireFeature("workspace_proxy", "WorkspaceProxy eu"),
        FeatureNotEntitledError,
      );
      expect(req.message).toMatch(
        /^this deployment's license does not include Workspace Proxy \(feature "workspace_proxy"\), which/,
      );
      // licenses are never gated
      expect(await c.listLicenses()).toEqual([]);
      // gate runs before auth on /groups
      const noAuth = mkClient({ token: "zzzzzzzzzz-wrongwrongwrongwrong" }, bare);
      await expectError(noAuth.getGroup(bareSeed.defaultOrganizationId), FeatureNotEntitledError, 403);
      await noAuth.close();
      await c.close();
    } finally {
      await bare.close();
    }
  });
});

describe("faults: retries, timeouts, dropped connections", () => {
  it("429 with Retry-After: 1 is retried (POST too) and then succeeds, bounded in time", async () => {
    const c = mkClient();
    await emu.control.addFault({
      method: "POST",
      path: "/oauth2-provider/apps$",
      kind: "status",
      status: 429,
      retryAfter: 1,
      count: 1,
    });
    await emu.control.clearRequests();
    const t0 = Date.now();
    const app = await c.createOAuth2App({ name: "ratelimited", callbackUrl: "https://x.example.com" });
    const elapsed = Date.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(3_000);
    const reqs = (await emu.control.requests()).filter((r) => r.method === "POST");
    expect(reqs.map((r) => r.status)).toEqual([429, 201]);
    expect(c.requestCount).toBe(2);
    await c.deleteOAuth2App(app.id);
    await c.close();
  });

  it("persistent 429 gives up when the rate-limit wait budget is spent, not after maxAttempts", async () => {
    // 429s do not count against maxAttempts (2 here) nor the 5xx budget: only rateLimitWaitMs.
    const c = mkClient({ retry: { ...FAST_RETRY, maxAttempts: 2, rateLimitWaitMs: 2_500 } });
    await emu.control.addFault({ path: "/buildinfo$", kind: "status", status: 429, retryAfter: 1 });
    const t0 = Date.now();
    const err = await expectError(c.getBuildInfo(), RateLimitedError, 429);
    expect(Date.now() - t0).toBeLessThan(3_500);
    expect(err.retryAfter).toBe(1);
    expect(err.message).toMatch(
      /429 without Coder's X-Ratelimit headers.*after waiting 2 s.*CODER_RATE_LIMIT_WAIT/,
    );
    expect(c.requestCount).toBe(3);
    await c.close();
  });

  it("5xx on GET is retried", async () => {
    const c = mkClient();
    await emu.control.addFault({ method: "GET", path: "/users/me$", kind: "status", status: 503, count: 2 });
    await emu.control.clearRequests();
    expect((await c.getMe()).id).toBe(seed.owner.id);
    const reqs = await emu.control.requests();
    expect(reqs.map((r) => r.status)).toEqual([503, 503, 200]);
    expect(c.requestCount).toBe(3);
    await c.close();
  });

  it("5xx on GET exhausts maxAttempts and surfaces a ServerError", async () => {
    const c = mkClient({ retry: { ...FAST_RETRY, maxAttempts: 3 } });
    await emu.control.addFault({ method: "GET", path: "/buildinfo$", kind: "status", status: 500 });
    await expectError(c.getBuildInfo(), ServerError, 500);
    expect(c.requestCount).toBe(3);
    await c.close();
  });

  it("5xx on POST is not retried: exactly one request", async () => {
    const c = mkClient();
    await emu.control.addFault({ method: "POST", path: "/groups$", kind: "status", status: 500, count: 1 });
    await emu.control.clearRequests();
    await expectError(c.createGroup(orgId, { name: uniq("nope") }), ServerError, 500);
    expect(await emu.control.requests()).toHaveLength(1);
    expect(c.requestCount).toBe(1);
    await c.close();
  });

  it("a dropped connection on GET is retried", async () => {
    const c = mkClient();
    await emu.control.addFault({ method: "GET", path: "/users/me$", kind: "drop", count: 1 });
    expect((await c.getMe()).id).toBe(seed.owner.id);
    expect(c.requestCount).toBe(2);
    await c.close();
  });

  it("a dropped connection on POST is not retried", async () => {
    const c = mkClient();
    await emu.control.addFault({ method: "POST", path: "/oauth2-provider/apps$", kind: "drop", count: 1 });
    const err = await expectError(
      c.createOAuth2App({ name: "dropped", callbackUrl: "https://x.example.com" }),
      CoderNetworkError,
    );
    expect(err).not.toBeInstanceOf(CoderTimeoutError);
    expect(c.requestCount).toBe(1);
    await c.close();
  });

  it("a slow server hits the client timeout", async () => {
    const c = mkClient({ requestTimeoutMs: 200, retry: { ...FAST_RETRY, maxAttempts: 2 } });
    await emu.control.addFault({ method: "GET", path: "/buildinfo$", kind: "latency", ms: 1_000 });
    const t0 = Date.now();
    const err = await expectError(c.getBuildInfo(), CoderTimeoutError);
    expect(Date.now() - t0).toBeLessThan(900);
    expect(err.message).toMatch(/within 200 ms/);
    expect(c.requestCount).toBe(2);
    await c.close();
  });

  it("a connection refused is a CoderNetworkError", async () => {
    const c = new CoderClient({ url: "http://127.0.0.1:1", token: emu.token, retry: { maxAttempts: 1 } });
    const err = await expectError(c.getMe(), CoderNetworkError);
    assertNoToken(err, emu.token);
    await c.close();
  });
});

describe("the session token never leaks", () => {
  it("is absent from every error kind's message, stack and serialized forms", async () => {
    const token = emu.token;
    // No rate-limit wait budget, so the injected 429 surfaces as an error too.
    const c = mkClient({
      requestTimeoutMs: 200,
      retry: { ...FAST_RETRY, maxAttempts: 1, rateLimitWaitMs: 0 },
    });
    const errors: unknown[] = [];
    errors.push(await c.getGroup("00000000-0000-4000-8000-00000000abcd").catch((e) => e)); // 404
    errors.push(await c.createGroup(orgId, { name: "bad name" }).catch((e) => e)); // 400
    await emu.control.addFault({ path: "/buildinfo$", kind: "status", status: 500, count: 1 });
    errors.push(await c.getBuildInfo().catch((e) => e)); // 5xx
    await emu.control.addFault({ path: "/buildinfo$", kind: "status", status: 429, retryAfter: 1, count: 1 });
    errors.push(await c.getBuildInfo().catch((e) => e)); // 429
    await emu.control.addFault({ path: "/buildinfo$", kind: "drop", count: 1 });
    errors.push(await c.getBuildInfo().catch((e) => e)); // network
    await emu.control.addFault({ path: "/buildinfo$", kind: "latency", ms: 600, count: 1 });
    errors.push(await c.getBuildInfo().catch((e) => e)); // timeout
    await emu.control.addFault({
      path: "/users/me$",
      kind: "status",
      status: 401,
      body: { message: token },
      count: 1,
    });
    errors.push(await c.getMe().catch((e) => e)); // 401 echoing the token
    errors.push(
      await mkClient({ token: `${token}x` })
        .getMe()
        .catch((e) => e),
    ); // 401 with a token-like string
    expect(errors.every((e) => e instanceof Error)).toBe(true);
    for (const e of errors) assertNoToken(e, token);
    expect(inspect(c, { depth: null, showHidden: true })).not.toContain(token);
    expect(JSON.stringify(c)).not.toContain(token);
    await c.close();
  });
});

describe("exactly one HTTP request per method call on a healthy server", () => {
  it("for every method", async () => {
    const c = mkClient();
    const user = seed.users[0];
    const tpl = seed.templates[0];
    const ctx: Record<string, string> = {
      groupName: uniq("one"),
      key: uniq("onekey"),
      proxyName: uniq("onepx"),
    };
    const steps: Array<[string, () => Promise<unknown>]> = [
      ["getBuildInfo", () => c.getBuildInfo()],
      ["getMe", () => c.getMe()],
      ["getUser", () => c.getUser(user.id)],
      ["getOrganization", () => c.getOrganization(orgId)],
      ["listOrganizations", () => c.listOrganizations()],
      ["getTemplate", () => c.getTemplate(tpl.id)],
      ["getTemplateByName", () => c.getTemplateByName(tpl.organizationId, tpl.name)],
      ["listTemplates", () => c.listTemplates(orgId)],
      ["getEntitlements", () => c.getEntitlements()],
      ["createGroup", async () => (ctx.group = (await c.createGroup(orgId, { name: ctx.groupName })).id)],
      ["listGroups", () => c.listGroups(orgId)],
      ["getGroup", () => c.getGroup(ctx.group)],
      ["getGroupByName", () => c.getGroupByName(orgId, ctx.groupName)],
      ["updateGroup", () => c.updateGroup(ctx.group, { addUsers: [user.id], quotaAllowance: 1 })],
      ["deleteGroup", () => c.deleteGroup(ctx.group)],
      ["addLicense", async () => (ctx.license = String((await c.addLicense(ctx.jwt)).id))],
      ["listLicenses", () => c.listLicenses()],
      ["deleteLicense", () => c.deleteLicense(ctx.license)],
      [
        "createOAuth2App",
        async () =>
          (ctx.app = (await c.createOAuth2App({ name: "one", callbackUrl: "https://x.example.com" })).id),
      ],
      ["listOAuth2Apps", () => c.listOAuth2Apps()],
      ["getOAuth2App", () => c.getOAuth2App(ctx.app)],
      [
        "updateOAuth2App",
        () => c.updateOAuth2App(ctx.app, { name: "two", callbackUrl: "https://y.example.com", icon: "" }),
      ],
      ["createOAuth2AppSecret", async () => (ctx.secret = (await c.createOAuth2AppSecret(ctx.app)).id)],
      ["listOAuth2AppSecrets", () => c.listOAuth2AppSecrets(ctx.app)],
      ["deleteOAuth2AppSecret", () => c.deleteOAuth2AppSecret(ctx.app, ctx.secret)],
      ["deleteOAuth2App", () => c.deleteOAuth2App(ctx.app)],
      ["createProvisionerKey", () => c.createProvisionerKey(orgId, { name: ctx.key })],
      ["listProvisionerKeys", () => c.listProvisionerKeys(orgId)],
      ["listProvisionerKeyDaemons", () => c.listProvisionerKeyDaemons(orgId)],
      ["deleteProvisionerKey", () => c.deleteProvisionerKey(orgId, ctx.key)],
      [
        "createWorkspaceProxy",
        async () => (ctx.proxy = (await c.createWorkspaceProxy({ name: ctx.proxyName })).proxy.id),
      ],
      ["listWorkspaceProxies", () => c.listWorkspaceProxies()],
      ["getWorkspaceProxy", () => c.getWorkspaceProxy(ctx.proxy)],
      [
        "updateWorkspaceProxy",
        () =>
          c.updateWorkspaceProxy(ctx.proxy, {
            id: ctx.proxy,
            name: ctx.proxyName,
            displayName: "D",
            icon: "/i.png",
          }),
      ],
      ["deleteWorkspaceProxy", () => c.deleteWorkspaceProxy(ctx.proxy)],
      ["getGroupSyncSettings", () => c.getGroupSyncSettings(orgId)],
      ["patchGroupSyncSettings", () => c.patchGroupSyncSettings(orgId, { field: "g" })],
      [
        "patchGroupSyncConfig",
        () =>
          c.patchGroupSyncConfig(orgId, { field: "g", regexFilter: null, autoCreateMissingGroups: false }),
      ],
      ["patchGroupSyncMapping", () => c.patchGroupSyncMapping(orgId, { add: [{ given: "a", gets: orgId }] })],
      ["getRoleSyncSettings", () => c.getRoleSyncSettings(orgId)],
      ["patchRoleSyncSettings", () => c.patchRoleSyncSettings(orgId, { field: "r" })],
      ["patchRoleSyncConfig", () => c.patchRoleSyncConfig(orgId, { field: "r" })],
      ["patchRoleSyncMapping", () => c.patchRoleSyncMapping(orgId, { remove: [{ given: "a", gets: "x" }] })],
      ["getOrganizationSyncSettings", () => c.getOrganizationSyncSettings()],
      [
        "patchOrganizationSyncSettings",
        () => c.patchOrganizationSyncSettings({ field: "", organizationAssignDefault: true }),
      ],
      [
        "patchOrganizationSyncConfig",
        () => c.patchOrganizationSyncConfig({ field: "", assignDefault: true }),
      ],
      ["patchOrganizationSyncMapping", () => c.patchOrganizationSyncMapping({})],
      ["getIdpSyncAvailableFields", () => c.getIdpSyncAvailableFields(orgId)],
      ["getIdpSyncFieldValues", () => c.getIdpSyncFieldValues("groups", orgId)],
      ["getTemplateAcl", () => c.getTemplateAcl(tpl.id)],
      ["updateTemplateAcl", () => c.updateTemplateAcl(tpl.id, { userPerms: { [user.id]: "use" } })],
      ["getTemplateAclAvailable", () => c.getTemplateAclAvailable(tpl.id)],
    ];
    ctx.jwt = (await emu.control.mintLicense({})).jwt;
    const counts: Record<string, number> = {};
    for (const [name, fn] of steps) {
      await emu.control.clearRequests();
      const before = c.requestCount;
      await fn();
      const logged = (await emu.control.requests()).length;
      counts[name] = logged;
      expect({ name, logged, counted: c.requestCount - before }).toEqual({ name, logged: 1, counted: 1 });
    }
    expect(Object.keys(counts)).toHaveLength(steps.length);
    await c.close();
  });
});
