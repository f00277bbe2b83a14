// What the export writes for the organization, user and settings kinds, against the emulator seeded
// with the export round trip's deployment (test/e2e/export-seed.ts): declarations with references
// instead of ids, objects at Coder's defaults left out (and declared with --include-defaults),
// password users left as lookups and named in the README. The round trip through the Pulumi engine
// is test/e2e/export.test.ts.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { CoderClient } from "../../provider/client";
import { exportDeployment } from "../../provider/export/export-deployment";
import { seedDeployment } from "../e2e/export-seed";

const pkg = { version: "0.0.0-test", pulumiVersion: "3.0.0", typescriptVersion: "5.0.0" };

describe("pulumi-coderd export: organization, user and settings kinds", () => {
  let emu: RunningEmulator;
  let api: CoderClient;

  beforeAll(async () => {
    emu = await startEmulator({ license: "all", experiments: ["oauth2"] });
    api = new CoderClient({ url: emu.url, token: emu.token });
    await seedDeployment(emu, api);
  });
  afterAll(async () => {
    await api?.close();
    await emu?.close();
  });

  it("declares what differs from Coder's defaults, referencing organization and user variables", async () => {
    await emu.control.clearRequests();
    const r = await exportDeployment({ client: api, allOrganizations: true, pkg, now: new Date(0) });
    expect((await emu.control.requests()).filter((q) => q.method !== "GET")).toEqual([]);
    const index = r.files["index.ts"]!;
    const readme = r.files["README.md"]!;
    // The non-default organization is adopted and referenced; the default one is looked up.
    expect(index).toContain('const researchOrg = new coderd.Organization("research", {');
    expect(index).toContain(
      'const coderOrgId = coderd.getOrganization({ name: "coder" }).then((o) => o.id);',
    );
    expect(index).not.toContain('getOrganization({ name: "research" })');
    expect(readme).toContain('**Organization "coder"**: the default organization');
    // The OIDC user is adopted (suspended on destroy) and the group references its variable.
    expect(index).toContain('const erinUser = new coderd.User("erin", {');
    expect(index).toMatch(/loginType: "oidc",\n\s+suspended: false,\n\s+siteRoles: \["auditor"\],/);
    expect(index).toContain("members: [carolId, erinUser.id],");
    // Password users stay lookups, named in the README; the token's user is not declared.
    expect(index).not.toMatch(/new coderd\.User\("(alice|bob|carol|dave|admin)"/);
    expect(readme).toMatch(/\*\*Password users \(alice, bob, carol, dave\)\*\*: not declared/);
    expect(readme).toContain('**User "admin"**: the user whose token ran the export');
    expect(index).not.toMatch(/password/i);
    // Membership with an organization role; plain memberships are defaults.
    expect(index).toContain('const researchDaveMember = new coderd.OrganizationMember("research-dave", {');
    expect(index).toMatch(
      /organizationId: researchOrg\.id,\n\s+userId: daveId,\n\s+roles: \["organization-auditor"\],/,
    );
    expect(readme).toMatch(
      /\*\*Memberships of organization coder\*\*: \d+ members without organization roles/,
    );
    // Settings singletons and per-object settings.
    expect(index).toContain('applicationName: "Acme Dev",');
    expect(index).toContain(
      '{ enabled: true, message: "Fridays 18:00 UTC: maintenance", backgroundColor: "#004852" },',
    );
    expect(index).toMatch(/organizationId: researchOrg\.id,\n\s+shareableWorkspaceOwners: "none",/);
    expect(readme).toContain(
      "**WorkspaceSharingSettings (organization coder)**: at Coder's default (`everyone`)",
    );
    expect(index).toContain(
      'const workspaceDeletedNotificationId = coderd\n  .getNotificationTemplate({ name: "Workspace Deleted" })',
    );
    expect(index).toMatch(/templateId: workspaceDeletedNotificationId,\n\s+method: "smtp",/);
    expect(index).toMatch(
      /userId: carolId,\n\s+schedule: "CRON_TZ=Europe\/Berlin 30 2 \* \* \*",\n\s+adopt: true,/,
    );
    expect(readme).toMatch(/\*\*User quiet hours\*\*: \d+ users at the deployment's default/);
    expect(index).toMatch(/groupId: coderEngGroup\.id,\n\s+spendLimitUsd: 42\.5,\n\s+adopt: true,/);
    // Every write of the first `up` is named.
    for (const w of [
      "**Appearance**: one `PUT /api/v2/appearance`",
      "**WorkspaceSharingSettings (organization research)**: one `PATCH",
      '**NotificationTemplateMethod "Workspace Deleted"**: one `PUT',
      '**UserQuietHoursSchedule of "carol"**: one `PUT',
      '**GroupAiBudget of group "eng" (organization coder)**: one `PUT',
      '**OrganizationMember "dave" (organization research)**: one `POST',
    ])
      expect(readme).toContain(w);
    expect(r.counts).toMatchObject({
      Organization: 1,
      User: 1,
      OrganizationMember: 1,
      Appearance: 1,
      WorkspaceSharingSettings: 1,
      NotificationTemplateMethod: 1,
      UserQuietHoursSchedule: 1,
      GroupAiBudget: 1,
    });
  });

  it("--include-defaults declares the default organization, plain memberships and default settings", async () => {
    const r = await exportDeployment({
      client: api,
      allOrganizations: true,
      includeDefaults: true,
      pkg,
      now: new Date(0),
    });
    const index = r.files["index.ts"]!;
    expect(index).toContain('const coderOrg = new coderd.Organization("coder", {');
    expect(index).toMatch(/organizationId: coderOrg\.id,\n\s+shareableWorkspaceOwners: "everyone",/);
    expect(index).toContain('new coderd.OrganizationMember("coder-alice", {');
    expect(index).toContain('new coderd.UserQuietHoursSchedule("alice-quiet-hours", {');
    expect(r.counts.Organization).toBe(2);
  });
});
