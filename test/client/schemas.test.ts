import { describe, expect, it } from "vitest";
import {
  EntitlementsSchema,
  GroupSchema,
  GroupSyncSettingsSchema,
  LicenseListSchema,
  OrganizationSyncSettingsSchema,
  ProvisionerKeyListSchema,
  TemplateAclSchema,
  WorkspaceProxyListSchema,
  WorkspaceProxyWithTokenSchema,
} from "../../provider/client/schemas";

describe("schemas (snake_case → camelCase, tolerant)", () => {
  it("group: camelCase, unknown fields ignored, null members → []", () => {
    const g = GroupSchema.parse({
      id: "g1",
      name: "devs",
      display_name: "Devs",
      organization_id: "o1",
      members: null,
      total_member_count: 0,
      avatar_url: "",
      quota_allowance: 5,
      source: "user",
      brand_new_field: { x: 1 },
    });
    expect(g).toEqual({
      id: "g1",
      name: "devs",
      displayName: "Devs",
      organizationId: "o1",
      organizationName: "",
      organizationDisplayName: "",
      members: [],
      totalMemberCount: 0,
      avatarUrl: "",
      quotaAllowance: 5,
      source: "user",
    });
  });
  it("licenses: null → []", () => {
    expect(LicenseListSchema.parse(null)).toEqual([]);
    expect(LicenseListSchema.parse([{ id: 1, uuid: "u", uploaded_at: "t", claims: { version: 3 } }])).toEqual(
      [{ id: 1, uuid: "u", uploadedAt: "t", claims: { version: 3 } }],
    );
  });
  it("provisioner keys: `organization` → organizationId, null tags → {}", () => {
    expect(
      ProvisionerKeyListSchema.parse([
        { id: "k", created_at: "t", organization: "o", name: "n", tags: null },
      ]),
    ).toEqual([{ id: "k", createdAt: "t", organizationId: "o", name: "n", tags: {} }]);
  });
  it("workspace proxies: {regions} object and bare array", () => {
    const p = { id: "p", name: "primary", icon_url: "/i.png", status: { status: "ok" } };
    const fromObj = WorkspaceProxyListSchema.parse({ regions: [p] });
    expect(fromObj).toHaveLength(1);
    expect(fromObj[0]).toMatchObject({
      id: "p",
      iconUrl: "/i.png",
      deleted: false,
      status: { status: "ok", report: { errors: [], warnings: [] }, checkedAt: null },
    });
    expect(WorkspaceProxyListSchema.parse([p])).toHaveLength(1);
    expect(WorkspaceProxyWithTokenSchema.parse({ proxy: p, proxy_token: "t" }).proxyToken).toBe("t");
  });
  it("template ACL: singular `group` → groups", () => {
    const acl = TemplateAclSchema.parse({
      users: [{ id: "u", username: "alice", roles: null, organization_ids: ["o"], role: "admin" }],
      group: [{ id: "o", name: "Everyone", members: [], role: "use" }],
    });
    expect(acl.users[0]).toMatchObject({
      id: "u",
      username: "alice",
      roles: [],
      organizationIds: ["o"],
      role: "admin",
    });
    expect(acl.groups[0]).toMatchObject({ id: "o", name: "Everyone", role: "use" });
    expect(TemplateAclSchema.parse({ users: null, group: null })).toEqual({ users: [], groups: [] });
  });
  it("idp sync: null mapping → {}, null values → [], regex string or null", () => {
    expect(
      GroupSyncSettingsSchema.parse({
        field: "",
        mapping: null,
        regex_filter: null,
        auto_create_missing_groups: false,
      }),
    ).toEqual({
      field: "",
      mapping: {},
      regexFilter: null,
      autoCreateMissingGroups: false,
      legacyGroupNameMapping: {},
    });
    expect(
      GroupSyncSettingsSchema.parse({ field: "g", mapping: { a: null, b: ["x"] }, regex_filter: "^a$" }),
    ).toMatchObject({ mapping: { a: [], b: ["x"] }, regexFilter: "^a$" });
    expect(
      OrganizationSyncSettingsSchema.parse({ field: "f", mapping: {}, organization_assign_default: true }),
    ).toEqual({
      field: "f",
      mapping: {},
      organizationAssignDefault: true,
    });
  });
  it("entitlements", () => {
    const e = EntitlementsSchema.parse({
      features: { template_rbac: { entitlement: "entitled", enabled: true, limit: null } },
      has_license: true,
      trial: false,
      errors: null,
      warnings: [],
    });
    expect(e.features.template_rbac).toEqual({
      entitlement: "entitled",
      enabled: true,
      limit: null,
      actual: null,
    });
    expect(e.hasLicense).toBe(true);
    expect(e.errors).toEqual([]);
  });
});
