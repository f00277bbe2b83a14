// Contract tests: the IdpSyncSettings provider implementation against the emulator.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator";
import type { CoderClient } from "../../provider/client";
import { resetRuntime } from "../../provider/dynamic/runtime";
import { idpSyncSettingsProvider as p, re2SyntaxError } from "../../provider/resources/idp-sync-settings";
import { checkedInputs, startProviderEnvironment, stopProviderEnvironment } from "./provider-env";

let emu: RunningEmulator;
let api: CoderClient;
let org: string;
let research: string;
let eng: string;
let ops: string;

/** The request log in order, ids replaced by :id. */
const log = async () =>
  (await emu.control.requests()).map(
    (r: { method: string; path: string }) =>
      `${r.method} ${r.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, ":id")}`,
  );

const checked = (news: Record<string, unknown>) => checkedInputs(p, news);

async function failures(news: Record<string, unknown>) {
  const res = await p.check!({}, news);
  return (res.failures ?? []).map((f) => `${f.property}: ${f.reason}`);
}

beforeAll(async () => {
  ({ emu, api } = await startProviderEnvironment("all"));
  const seed = await emu.control.seed();
  org = seed.defaultOrganizationId;
  research = seed.organizations.find((o: { name: string }) => o.name === "research")!.id;
  eng = (await api.createGroup(org, { name: "eng" })).id;
  ops = (await api.createGroup(org, { name: "ops" })).id;
});
afterAll(() => stopProviderEnvironment({ emu, api }));
beforeEach(async () => {
  await emu.control.clearRequests();
});

describe("IdpSyncSettings check", () => {
  it("validates regexFilter as Go RE2, not JavaScript, syntax", async () => {
    expect(re2SyntaxError("^okta-(eng|ops)$")).toBeUndefined();
    expect(re2SyntaxError("(?P<team>[a-z]+)")).toBeUndefined(); // Go-only named group: fine
    expect(re2SyntaxError("(?P<x")).toMatch(/invalid named capture/);
    expect(re2SyntaxError("(?<=a)b")).toBeDefined(); // lookbehind: valid JavaScript, rejected by Go
    expect(re2SyntaxError("a(?!b)")).toMatch(/invalid or unsupported Perl syntax/);

    expect(await failures({ kind: "group", field: "groups", regexFilter: "(?P<x" })).toEqual([
      "regexFilter: is not valid Go RE2 syntax (Coder compiles it with Go's regexp): error parsing regexp: invalid named capture: `(?P<x`",
    ]);
    expect((await failures({ kind: "group", field: "groups", regexFilter: "(?<=a)b" }))[0]).toMatch(
      /^regexFilter: is not valid Go RE2 syntax/,
    );
    expect(await failures({ kind: "group", field: "groups", regexFilter: "" })).toEqual([
      "regexFilter: must not be empty: omit it for no filter",
    ]);
  });

  it("rejects properties of another kind, naming them", async () => {
    expect(await failures({ kind: "role", field: "roles", regexFilter: "x" })).toEqual([
      'regexFilter: is not a property of kind "role" (it applies to kind "group")',
    ]);
    expect(await failures({ kind: "group", field: "g", assignDefault: false })).toEqual([
      'assignDefault: is not a property of kind "group" (it applies to kind "organization")',
    ]);
    expect(
      await failures({
        kind: "organization",
        field: "g",
        organizationId: org,
        autoCreateMissingGroups: true,
      }),
    ).toEqual([
      'organizationId: is not a property of kind "organization" (it applies to kind "group" or "role")',
      'autoCreateMissingGroups: is not a property of kind "organization" (it applies to kind "group")',
    ]);
    expect(await failures({ kind: "groups", field: "g" })).toEqual([
      'kind: must be "group", "role" or "organization"',
    ]);
    expect(await failures({ kind: "group", field: "" })).toEqual([
      "field: must not be empty (an empty field turns sync off: delete the resource instead)",
    ]);
    expect(await failures({ kind: "group", field: "g", mapping: { x: ["eng"] } })).toEqual([
      'mapping: ["x"][0]: must be a Coder group id (a UUID)',
    ]);
  });

  it("normalises inputs: organization filled in, mapping sorted and de-duplicated, defaults per kind", async () => {
    const g = await checked({
      kind: "group",
      field: "groups",
      mapping: { b: [ops, eng, ops.toUpperCase()], a: [] },
    });
    expect(g).toEqual({
      kind: "group",
      organizationId: org,
      field: "groups",
      mapping: { a: [], b: [eng, ops].sort() },
      autoCreateMissingGroups: false,
    });
    expect(await checked({ kind: "organization", field: "orgs" })).toEqual({
      kind: "organization",
      field: "orgs",
      mapping: {},
      assignDefault: true,
    });
  });

  it("reports mappings to groups or organizations that do not exist, at check", async () => {
    const missing = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
    expect(await failures({ kind: "group", field: "g", mapping: { x: [eng, missing] } })).toEqual([
      `mapping: ["x"]: group with ID ${missing} does not exist in organization ${org}`,
    ]);
    // A group of another organization is not a target for this organization's group sync.
    const other = (await api.createGroup(research, { name: "elsewhere" })).id;
    expect(await failures({ kind: "group", field: "g", mapping: { x: [other] } })).toHaveLength(1);
    expect(await failures({ kind: "organization", field: "g", mapping: { x: [research, missing] } })).toEqual(
      [`mapping: ["x"]: organization with ID ${missing} does not exist`],
    );
    await api.deleteGroup(other);
  });

  it("tolerates unknowns and checks nothing remote then", async () => {
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const res = await p.check!({}, { kind: "group", field: "g", mapping: { x: [unknown] } });
    expect(res.failures ?? []).toEqual([]);
    const lic = await p.check!({}, { kind: "group", field: "g", __licenseDependency: unknown });
    expect(lic.failures ?? []).toEqual([]);
  });
});

describe("IdpSyncSettings group sync lifecycle", () => {
  let id: string;
  let outs: any;

  it("adopts the existing settings with one full PATCH (no read needed)", async () => {
    await api.patchGroupSyncSettings(org, { field: "old", mapping: { stale: [ops] } });
    const inputs = await checked({
      kind: "group",
      field: "groups",
      mapping: { eng: [eng], ops: [ops] },
      regexFilter: "^(eng|ops)$",
    });
    await emu.control.clearRequests();
    const created = await p.create(inputs);
    id = created.id;
    outs = created.outs;
    expect(id).toBe(`${org}/group-sync`);
    expect(await log()).toEqual(["PATCH /api/v2/organizations/:id/settings/idpsync/groups"]);
    const s = await api.getGroupSyncSettings(org);
    expect(s).toMatchObject({
      field: "groups",
      mapping: { eng: [eng], ops: [ops] },
      regexFilter: "^(eng|ops)$",
    });
    expect(outs.mapping).toEqual({ eng: [eng], ops: [ops] });
  });

  it("diffs nothing against its own read, and reads back what it owns", async () => {
    const same = await checked({
      kind: "group",
      field: "groups",
      mapping: { ops: [ops], eng: [eng] },
      regexFilter: "^(eng|ops)$",
    });
    await emu.control.clearRequests();
    const read = await p.read!(id, outs);
    expect(await log()).toEqual(["GET /api/v2/organizations/:id/settings/idpsync/groups"]);
    expect(read.props).toEqual(outs);
    expect((await p.diff!(id, read.props, same)).changes).toBe(false);
  });

  it("sends a mapping-only change as Add/Remove on …/mapping", async () => {
    const news = await checked({
      kind: "group",
      field: "groups",
      mapping: { eng: [eng, ops], ops: [eng] },
      regexFilter: "^(eng|ops)$",
    });
    await emu.control.clearRequests();
    outs = (await p.update!(id, outs, news)).outs;
    expect(await log()).toEqual(["PATCH /api/v2/organizations/:id/settings/idpsync/groups/mapping"]);
    expect((await api.getGroupSyncSettings(org)).mapping).toEqual({ eng: [eng, ops], ops: [eng] });
  });

  it("sends a config-only change to …/config with every config field", async () => {
    const news = await checked({
      kind: "group",
      field: "memberOf",
      mapping: { eng: [eng, ops], ops: [eng] },
      autoCreateMissingGroups: true,
    });
    await emu.control.clearRequests();
    outs = (await p.update!(id, outs, news)).outs;
    expect(await log()).toEqual(["PATCH /api/v2/organizations/:id/settings/idpsync/groups/config"]);
    const s = await api.getGroupSyncSettings(org);
    expect(s).toMatchObject({ field: "memberOf", regexFilter: null, autoCreateMissingGroups: true });
    expect(s.mapping).toEqual({ eng: [eng, ops], ops: [eng] });
  });

  it("uses the full PATCH when a key must disappear (mapping PATCHes never delete keys)", async () => {
    const news = await checked({
      kind: "group",
      field: "memberOf",
      mapping: { eng: [eng] },
      autoCreateMissingGroups: true,
    });
    await emu.control.clearRequests();
    outs = (await p.update!(id, outs, news)).outs;
    expect(await log()).toEqual(["PATCH /api/v2/organizations/:id/settings/idpsync/groups"]);
    expect((await api.getGroupSyncSettings(org)).mapping).toEqual({ eng: [eng] });
  });

  it("sees out-of-band edits on read, and update reverts them", async () => {
    await api.patchGroupSyncMapping(org, { add: [{ given: "hand", gets: ops }] });
    await api.patchGroupSyncConfig(org, { field: "changed", autoCreateMissingGroups: true });
    const read = await p.read!(id, outs);
    expect(read.props).toMatchObject({ field: "changed", mapping: { eng: [eng], hand: [ops] } });
    const news = await checked({
      kind: "group",
      field: "memberOf",
      mapping: { eng: [eng] },
      autoCreateMissingGroups: true,
    });
    expect((await p.diff!(id, read.props, news)).changes).toBe(true);
    outs = (await p.update!(id, read.props, news)).outs;
    expect(await api.getGroupSyncSettings(org)).toMatchObject({ field: "memberOf", mapping: { eng: [eng] } });
  });

  it("changes of kind or organization replace", async () => {
    const news = await checked({ kind: "group", organizationId: research, field: "memberOf", mapping: {} });
    expect((await p.diff!(id, outs, news)).replaces).toEqual(["organizationId"]);
  });

  it("delete resets group sync to Coder's defaults with one PATCH", async () => {
    await emu.control.clearRequests();
    await p.delete!(id, outs);
    expect(await log()).toEqual(["PATCH /api/v2/organizations/:id/settings/idpsync/groups"]);
    expect(await api.getGroupSyncSettings(org)).toMatchObject({
      field: "",
      mapping: {},
      regexFilter: null,
      autoCreateMissingGroups: false,
    });
  });
});

describe("IdpSyncSettings role and organization sync", () => {
  it("role sync: adopt, mapping edit, delete to defaults", async () => {
    const inputs = await checked({
      kind: "role",
      organizationId: research,
      field: "roles",
      mapping: { admins: ["organization-admin"] },
    });
    const { id, outs } = await p.create(inputs);
    expect(id).toBe(`${research}/role-sync`);
    expect(await api.getRoleSyncSettings(research)).toEqual({
      field: "roles",
      mapping: { admins: ["organization-admin"] },
    });

    const news = await checked({
      kind: "role",
      organizationId: research,
      field: "roles",
      mapping: { admins: ["organization-admin", "organization-auditor"] },
    });
    await emu.control.clearRequests();
    const updated = (await p.update!(id, outs, news)).outs;
    expect(await log()).toEqual(["PATCH /api/v2/organizations/:id/settings/idpsync/roles/mapping"]);
    await emu.control.clearRequests();
    await p.delete!(id, updated);
    expect(await log()).toEqual(["PATCH /api/v2/organizations/:id/settings/idpsync/roles"]);
    expect(await api.getRoleSyncSettings(research)).toEqual({ field: "", mapping: {} });
  });

  it("organization sync: adopt, config edit, delete to defaults (assign_default true)", async () => {
    const inputs = await checked({
      kind: "organization",
      field: "orgs",
      mapping: { r: [research] },
      assignDefault: false,
    });
    await emu.control.clearRequests();
    const { id, outs } = await p.create(inputs);
    expect(id).toBe("deployment/organization-sync");
    expect(await log()).toEqual(["PATCH /api/v2/settings/idpsync/organization"]);
    expect(await api.getOrganizationSyncSettings()).toEqual({
      field: "orgs",
      mapping: { r: [research] },
      organizationAssignDefault: false,
    });

    const news = await checked({
      kind: "organization",
      field: "orgs",
      mapping: { r: [research] },
      assignDefault: true,
    });
    await emu.control.clearRequests();
    const updated = (await p.update!(id, outs, news)).outs;
    expect(await log()).toEqual(["PATCH /api/v2/settings/idpsync/organization/config"]);
    expect((await api.getOrganizationSyncSettings()).organizationAssignDefault).toBe(true);

    await p.delete!(id, updated);
    expect(await api.getOrganizationSyncSettings()).toEqual({
      field: "",
      mapping: {},
      organizationAssignDefault: true,
    });
  });

  it("adopting settings costs one request, whatever they held", async () => {
    await api.patchRoleSyncSettings(org, { field: "roles", mapping: { a: ["x"] } });
    const inputs = await checked({ kind: "role", field: "roles", mapping: { a: ["x"] } });
    await emu.control.clearRequests();
    await p.create(inputs);
    expect(await log()).toEqual(["PATCH /api/v2/organizations/:id/settings/idpsync/roles"]);
  });
});

describe("IdpSyncSettings entitlements", () => {
  it("fails check when the license lacks the kind's feature, unless a License is being created", async () => {
    await emu.control.setLicenseMode("none");
    resetRuntime();
    try {
      const f = await failures({ kind: "group", field: "groups" });
      expect(f).toHaveLength(1);
      expect(f[0]).toMatch(/^: this deployment's license does not include Template RBAC \(group sync\)/);
      expect((await failures({ kind: "organization", field: "o" }))[0]).toMatch(/multiple_organizations/);
      const deferred = await p.check!(
        {},
        { kind: "group", field: "g", __licenseDependency: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" },
      );
      expect(deferred.failures ?? []).toEqual([]);
    } finally {
      await emu.control.setLicenseMode("all");
      resetRuntime();
    }
  });
});

describe("IdpSyncSettings treats mapping {} and null alike (no false drift)", () => {
  it("the client schemas read a null mapping and {} as the same empty mapping", async () => {
    const { GroupSyncSettingsSchema, RoleSyncSettingsSchema } = await import(
      "../../provider/client/schemas/idpsync"
    );
    const base = { field: "", regex_filter: null, auto_create_missing_groups: false };
    expect(GroupSyncSettingsSchema.parse({ ...base, mapping: null })).toEqual(
      GroupSyncSettingsSchema.parse({ ...base, mapping: {} }),
    );
    expect(RoleSyncSettingsSchema.parse({ field: "", mapping: null }).mapping).toEqual({});
  });

  it("a /config PATCH answered with mapping null, then read as {}, shows no drift against {} or omitted", async () => {
    // Coder answers the first role /config PATCH on a never-written organization with "mapping": null,
    // and every later GET with "mapping": {}.
    const fresh = (await emu.control.addOrganization({ name: "never-synced" })).id;
    const path = `/api/v2/organizations/${fresh}/settings/idpsync/roles/config`;
    const raw = await fetch(`${emu.url}${path}`, {
      method: "PATCH",
      headers: { "Coder-Session-Token": emu.token, "Content-Type": "application/json" },
      body: JSON.stringify({ field: "roles" }),
    });
    expect(await raw.text()).toBe('{"field":"roles","mapping":null}\n');

    const id = `${fresh}/role-sync`;
    const stateWithNull = { kind: "role", organizationId: fresh, field: "roles", mapping: null };
    const read = await p.read!(id, stateWithNull);
    expect(read.props.mapping).toEqual({});
    for (const mapping of [undefined, {}]) {
      const news = await checked({ kind: "role", organizationId: fresh, field: "roles", mapping });
      expect((await p.diff!(id, read.props, news)).changes).toBe(false);
      expect((await p.diff!(id, stateWithNull, news)).changes).toBe(false);
    }
    // …and a real difference is still seen.
    const changed = await checked({
      kind: "role",
      organizationId: fresh,
      field: "roles",
      mapping: { admins: ["organization-admin"] },
    });
    expect((await p.diff!(id, read.props, changed)).changes).toBe(true);
  });
});
