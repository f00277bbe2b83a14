import { describe, expect, it } from "vitest";
import { coderBody, expectNoStateChange, useEmulator } from "./harness";

const h = useEmulator();
const GROUPS = "/api/v2/organizations/coder/settings/idpsync/groups";
const ROLES = "/api/v2/organizations/coder/settings/idpsync/roles";
const ORGS = "/api/v2/settings/idpsync/organization";
const G1 = "1a2b3c4d-0000-4000-8000-000000000001";
const G2 = "1a2b3c4d-0000-4000-8000-000000000002";

describe("group sync settings", () => {
  it("defaults when nothing is stored", async () => {
    const res = await h.get(GROUPS);
    expect(res.status).toBe(200);
    expect(res.text).toBe(
      '{"field":"","mapping":{},"regex_filter":null,"auto_create_missing_groups":false}\n',
    );
  });

  it("PATCH replaces the whole object (omitted mapping becomes {})", async () => {
    await h.patch(GROUPS, {
      field: "groups",
      mapping: { devs: [G1] },
      regex_filter: "^dev",
      auto_create_missing_groups: true,
    });
    const res = await h.patch(GROUPS, { field: "other" });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      field: "other",
      mapping: {},
      regex_filter: null,
      auto_create_missing_groups: false,
    });
    expect((await h.get(GROUPS)).json).toEqual(res.json);
  });

  it("mapping targets are not checked for existence; keys sorted", async () => {
    const res = await h.patch(GROUPS, { field: "g", mapping: { zeta: [G2], alpha: [G1] } });
    expect(res.text).toContain(`"mapping":{"alpha":["${G1}"],"zeta":["${G2}"]}`);
  });

  it("non-empty legacy_group_name_mapping is rejected", async () => {
    const res = await h.patch(GROUPS, { field: "g", legacy_group_name_mapping: { a: "b" } });
    expect(res.status).toBe(400);
    expect(res.text).toBe(
      coderBody(
        "Unexpected field 'legacy_group_name_mapping'. Field not allowed, set to null or remove it.",
        "legacy_group_name_mapping is deprecated, use mapping instead",
        [{ field: "legacy_group_name_mapping", detail: "field is not allowed" }],
      ),
    );
  });

  it("bad UUIDs in mapping and bad regexes are invalid JSON, and change nothing", async () => {
    await expectNoStateChange(h, async () => {
      const a = await h.patch(GROUPS, { mapping: { devs: ["nope"] } });
      expect(a.status).toBe(400);
      expect(a.text).toBe(coderBody("Request body must be valid JSON.", "invalid UUID length: 4"));
      const b = await h.patch(GROUPS, { regex_filter: "(" });
      expect(b.status).toBe(400);
      expect(b.json.message).toBe("Request body must be valid JSON.");
    });
  });

  it("PATCH /config replaces non-mapping fields and keeps the mapping", async () => {
    await h.patch(GROUPS, {
      field: "groups",
      mapping: { devs: [G1] },
      regex_filter: "^dev",
      auto_create_missing_groups: true,
    });
    const res = await h.patch(`${GROUPS}/config`, { field: "teams" });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      field: "teams",
      mapping: { devs: [G1] },
      regex_filter: null,
      auto_create_missing_groups: false,
    });
  });

  it("PATCH /mapping: set-append adds, remove wins, keys never deleted", async () => {
    await h.patch(`${GROUPS}/mapping`, {
      Add: [
        { Given: "devs", Gets: G1 },
        { Given: "devs", Gets: G1 },
        { Given: "ops", Gets: G2 },
      ],
    });
    const res = await h.patch(`${GROUPS}/mapping`, {
      add: [{ given: "devs", gets: G2 }],
      remove: [
        { given: "devs", gets: G2 },
        { given: "ops", gets: G2 },
        { given: "ghost", gets: G1 },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe(
      `{"field":"","mapping":{"devs":["${G1}"],"ghost":null,"ops":[]},"regex_filter":null,"auto_create_missing_groups":false}\n`,
    );
  });

  it("settings are per organization", async () => {
    await h.patch(GROUPS, { field: "coder-field" });
    expect((await h.get("/api/v2/organizations/research/settings/idpsync/groups")).json.field).toBe("");
  });

  it("members get 403 Forbidden", async () => {
    const res = await h.get(GROUPS, { token: h.tokenOf("alice") });
    expect(res.status).toBe(403);
    expect(res.json.message).toBe("Forbidden.");
  });
});

describe("role sync settings", () => {
  it("defaults, full replace, config and mapping with string values", async () => {
    expect((await h.get(ROLES)).text).toBe('{"field":"","mapping":{}}\n');
    await h.patch(ROLES, { field: "roles", mapping: { admins: ["organization-admin"] } });
    expect((await h.patch(`${ROLES}/config`, { field: "r2" })).json).toEqual({
      field: "r2",
      mapping: { admins: ["organization-admin"] },
    });
    const m = await h.patch(`${ROLES}/mapping`, { Add: [{ Given: "admins", Gets: "organization-auditor" }] });
    expect(m.json.mapping).toEqual({ admins: ["organization-admin", "organization-auditor"] });
  });
});

describe("organization sync settings (deployment-wide)", () => {
  it("defaults to assign_default true and an empty mapping", async () => {
    expect((await h.get(ORGS)).text).toBe('{"field":"","mapping":{},"organization_assign_default":true}\n');
  });

  it("full PATCH replaces; once stored a null mapping reads back as {}", async () => {
    const res = await h.patch(ORGS, { field: "orgs" });
    expect(res.json).toEqual({ field: "orgs", mapping: {}, organization_assign_default: false });
  });

  it("config uses assign_default (not organization_assign_default)", async () => {
    await h.patch(ORGS, { field: "orgs", mapping: { a: [G1] }, organization_assign_default: true });
    const res = await h.patch(`${ORGS}/config`, { field: "f", organization_assign_default: true });
    expect(res.json).toEqual({ field: "f", mapping: { a: [G1] }, organization_assign_default: false });
    const res2 = await h.patch(`${ORGS}/config`, { field: "f", assign_default: true });
    expect(res2.json.organization_assign_default).toBe(true);
  });

  it("mapping diff with UUID values", async () => {
    const res = await h.patch(`${ORGS}/mapping`, { Add: [{ Given: "eng", Gets: h.orgId("research") }] });
    expect(res.json.mapping).toEqual({ eng: [h.orgId("research")] });
    const bad = await h.patch(`${ORGS}/mapping`, { Add: [{ Given: "eng", Gets: "research" }] });
    expect(bad.status).toBe(400);
  });
});

describe("claim fields", () => {
  it("available-fields and field-values come from users' stored claims", async () => {
    await h.emu.control.addUser({
      username: "oidcuser",
      claims: { groups: ["a", "b"], email_verified: true, dept: "eng" },
    });
    expect((await h.get("/api/v2/settings/idpsync/available-fields")).json).toEqual([
      "dept",
      "email_verified",
      "groups",
    ]);
    // No user of the organization has claims: the handler's nil slice is `null`.
    expect((await h.get("/api/v2/organizations/research/settings/idpsync/available-fields")).text).toBe(
      "null\n",
    );
    expect((await h.get("/api/v2/settings/idpsync/field-values?claimField=groups")).json).toEqual(["a", "b"]);
    expect(
      (await h.get("/api/v2/organizations/coder/settings/idpsync/field-values?claimField=dept")).json,
    ).toEqual(["eng"]);
    expect((await h.get("/api/v2/settings/idpsync/field-values?claimField=none")).text).toBe("[]\n");
  });

  it("claimField is required", async () => {
    const res = await h.get("/api/v2/settings/idpsync/field-values");
    expect(res.status).toBe(400);
    expect(res.text).toBe(coderBody("claimField query parameter is required"));
  });

  it("members get a 403 with a specific message", async () => {
    const res = await h.get("/api/v2/settings/idpsync/available-fields", { token: h.tokenOf("bob") });
    expect(res.status).toBe(403);
    expect(res.text).toBe(
      coderBody(
        "You do not have permission to view the available IDP fields",
        "idpsync_settings.read permission is required",
      ),
    );
  });
});
