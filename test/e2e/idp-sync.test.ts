import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CoderClient } from "../../provider/client";
import { E2EStack } from "./harness";
import { callCounts } from "./state-checks";
import { type E2ETarget, openE2ETarget, realTargetConfigError, skipUnlessReady } from "./target";
import { e2eUnavailableReason } from "./workspace";

const unavailable = e2eUnavailableReason();
if (realTargetConfigError()) throw new Error(realTargetConfigError());

// Runs against the emulator, or a real Coder with PULUMI_CODERD_E2E_TARGET=real (see ./target.ts).
// IdP sync settings are singletons of the deployment: on a real one they are saved first and put back
// when the run closes.
describe.skipIf(unavailable)("engine e2e: IdpSyncSettings", () => {
  let target: E2ETarget;
  let stack: E2EStack;
  let api: CoderClient;
  let org: string;
  let research: string;
  let eng: string;
  let ops: string;
  const calls = () => target.calls();

  beforeAll(async () => {
    // The provider checks each kind's feature before creating it (group: Template RBAC, role: User
    // Role Management, organization: Multiple Organizations).
    target = await openE2ETarget({
      license: "all",
      features: ["template_rbac", "user_role_management", "multiple_organizations"],
      secondOrganization: true,
    });
    api = target.api;
    org = target.defaultOrganizationId;
    if (target.missing) return;
    research = target.secondOrganizationId!;
    const [groups, roles, orgs] = await Promise.all([
      api.getGroupSyncSettings(org),
      api.getRoleSyncSettings(org),
      api.getOrganizationSyncSettings(),
    ]);
    target.onClose(() => api.patchGroupSyncSettings(org, groups));
    target.onClose(() => api.patchRoleSyncSettings(org, roles));
    target.onClose(() => api.patchOrganizationSyncSettings(orgs));
    eng = (await api.createGroup(org, { name: target.name("eng") })).id;
    ops = (await api.createGroup(org, { name: target.name("ops") })).id;
    target.onClose(() => api.deleteGroup(eng));
    target.onClose(() => api.deleteGroup(ops));
    stack = new E2EStack({ program: "test/e2e/programs/idp-sync.ts", target });
  });
  beforeEach((ctx) => skipUnlessReady(target, ctx));
  afterAll(async () => {
    stack?.cleanup();
    await target?.close();
  });

  const params = (groupMapping: Record<string, string[]> = { "okta-eng": [eng] }) => ({
    settings: [
      { resource: "groups", kind: "group", field: "groups", mapping: groupMapping, regexFilter: "^okta-.*$" },
      { resource: "roles", kind: "role", field: "roles", mapping: { "okta-admins": ["organization-admin"] } },
      {
        resource: "orgs",
        kind: "organization",
        field: "department",
        mapping: { research: [research] },
        assignDefault: false,
      },
    ],
  });

  it("adopts existing settings of each kind, then previews with no changes", async () => {
    await api.patchGroupSyncSettings(org, { field: "old-field", mapping: { legacy: [ops] } });
    await target.clearCalls();
    const up = await stack.up(params());
    console.log("calls for create (3 kinds):", await calls());
    expect(up.summary.resourceChanges).toMatchObject({ create: 4 }); // the stack and three settings;
    expect(up.outputs!.groups!.value.id).toBe(`${org}/group-sync`);
    expect(up.outputs!.roles!.value.id).toBe(`${org}/role-sync`);
    expect(up.outputs!.orgs!.value.id).toBe("deployment/organization-sync");
    expect(await api.getGroupSyncSettings(org)).toMatchObject({
      field: "groups",
      mapping: { "okta-eng": [eng] },
      regexFilter: "^okta-.*$",
      autoCreateMissingGroups: false,
    });
    expect(await api.getRoleSyncSettings(org)).toEqual({
      field: "roles",
      mapping: { "okta-admins": ["organization-admin"] },
    });
    expect(await api.getOrganizationSyncSettings()).toEqual({
      field: "department",
      mapping: { research: [research] },
      organizationAssignDefault: false,
    });

    await target.clearCalls();
    const preview = await stack.preview(params(), { expectNoChanges: true });
    expect(preview.changeSummary).toEqual({ same: 4 });
    console.log("calls for no-change preview:", await calls());
    await target.clearCalls();
    await stack.refresh(params(), { expectNoChanges: true });
    console.log("calls for refresh:", await calls());
  });

  it("sends a mapping edit as one Add/Remove PATCH", async () => {
    await target.clearCalls();
    const up = await stack.up(params({ "okta-eng": [ops] }));
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
    console.log("calls for mapping update:", await calls());
    const writes = ((await target.requests()) ?? []).filter((r) => r.method !== "GET");
    if (target.emulator)
      expect(callCounts(writes)).toEqual({
        "PATCH /api/v2/organizations/:id/settings/idpsync/groups/mapping": 1,
      });
    expect((await api.getGroupSyncSettings(org)).mapping).toEqual({ "okta-eng": [ops] });
  });

  it("detects a mapping added by hand and a field changed by hand, and reverts both", async () => {
    const p = params({ "okta-eng": [ops] });
    await api.patchGroupSyncMapping(org, { add: [{ given: "by-hand", gets: eng }] });
    await api.patchRoleSyncConfig(org, { field: "changed-by-hand" });

    const drift = await stack.tryRun("preview", p, { refresh: true, expectNoChanges: true });
    expect(drift.error).toBeDefined();
    const driftText = `${drift.stdout}${drift.error}`;
    expect(driftText).toMatch(/IdpSyncSettings roles refresh \[diff: ~field\]/);
    expect(driftText).toMatch(/IdpSyncSettings groups refresh \[diff: ~mapping\]/);

    const up = await stack.up(p, { refresh: true });
    expect(up.summary.resourceChanges).toMatchObject({ update: 2 });
    expect((await api.getGroupSyncSettings(org)).mapping).toEqual({ "okta-eng": [ops] });
    expect((await api.getRoleSyncSettings(org)).field).toBe("roles");
    await stack.preview(p, { refresh: true, expectNoChanges: true });
  });

  it("rejects an invalid RE2 regex and unknown group ids at preview", async () => {
    const missing = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
    const p = params({ "okta-eng": [missing] });
    p.settings[0] = { ...p.settings[0]!, regexFilter: "(?<=okta-)eng" } as any;
    const bad = await stack.tryRun("preview", p);
    expect(bad.error).toBeDefined();
    const text = `${bad.error}\n${bad.stdout}`;
    expect(text).toMatch(/regexFilter .* is not valid Go RE2 syntax/);
    // With the regex fixed, the missing group is reported (remote checks run on valid inputs only).
    p.settings[0] = { ...p.settings[0]!, regexFilter: "^okta-.*$" } as any;
    const missingGroup = await stack.tryRun("preview", p);
    expect(`${missingGroup.error}\n${missingGroup.stdout}`).toMatch(
      new RegExp(`group with ID ${missing} does not exist in organization ${org}`),
    );
  });

  it("destroy resets every kind to Coder's defaults", async () => {
    await target.clearCalls();
    const destroy = await stack.destroy(params({ "okta-eng": [ops] }));
    expect(destroy.summary.result).toBe("succeeded");
    console.log("calls for destroy:", await calls());
    expect(await api.getGroupSyncSettings(org)).toMatchObject({
      field: "",
      mapping: {},
      regexFilter: null,
      autoCreateMissingGroups: false,
    });
    expect(await api.getRoleSyncSettings(org)).toEqual({ field: "", mapping: {} });
    expect(await api.getOrganizationSyncSettings()).toEqual({
      field: "",
      mapping: {},
      organizationAssignDefault: true,
    });
  });
});
