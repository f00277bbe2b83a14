// A realistic deployment for the export round trip, made through the emulator's control API and
// Coder's own API (the client): a license, two organizations with groups and members, a
// non-default Everyone group, IdP group/role/organization sync with mappings and a regex filter,
// template ACLs (one left at Coder's default), two workspace proxies, an OAuth2 app with a secret
// and a provisioner key. Then the settings resources: branding, workspace sharing turned off in one
// organization, a notification template's delivery method, an OIDC user (with a site role, in a
// group), a user's own quiet hours, an organization role and a group's AI budget.

import type { RunningEmulator } from "../../emulator";
import type { CoderClient } from "../../provider/client";

export interface SeededDeployment {
  licenseJwt: string;
  orgs: { coder: string; research: string };
  groups: { eng: string; ops: string; ml: string };
  templates: { docker: string; kubernetes: string; notebook: string };
  users: Record<string, string>;
  proxies: string[];
  oauth2AppId: string;
  /** The OIDC user (declared as a User), the template whose method is set, the research sharing. */
  erin: string;
  workspaceDeletedTemplate: string;
}

export async function seedDeployment(emu: RunningEmulator, api: CoderClient): Promise<SeededDeployment> {
  const seed = await emu.control.seed();
  const org = (name: string) => seed.organizations.find((o) => o.name === name)!.id;
  const template = (name: string) => seed.templates.find((t) => t.name === name)!.id;
  const users = Object.fromEntries(seed.users.map((u) => [u.username, u.id]));
  const coder = org("coder");
  const research = org("research");

  const { jwt: licenseJwt } = await emu.control.mintLicense({ account_id: "acme" });
  await api.addLicense(licenseJwt);

  const eng = await api.createGroup(coder, { name: "eng", displayName: "Engineering", quotaAllowance: 20 });
  await api.updateGroup(eng.id, { addUsers: [users.alice!, users.bob!] });
  const ops = await api.createGroup(coder, {
    name: "ops",
    avatarUrl: "https://example.com/ops.png",
  });
  const erin = await api.createUser({
    username: "erin",
    email: "erin@example.com",
    name: "Erin",
    loginType: "oidc",
    organizationIds: [coder],
  });
  await api.updateUserRoles(erin.id, ["auditor"]);
  await api.updateGroup(ops.id, { addUsers: [users.carol!, erin.id] });
  await api.updateGroup(coder, { quotaAllowance: 5 }); // the Everyone group, not at defaults
  const ml = await api.createGroup(research, { name: "ml", displayName: "Machine Learning" });
  await api.updateGroup(ml.id, { addUsers: [users.dave!] });

  await api.patchGroupSyncSettings(coder, {
    field: "groups",
    mapping: { "okta-eng": [eng.id], "okta-ops": [ops.id, eng.id], "okta-none": [] },
    regexFilter: "^okta-.*$",
    autoCreateMissingGroups: false,
  });
  await api.patchRoleSyncSettings(coder, {
    field: "roles",
    mapping: {
      admins: ["organization-admin"],
      auditors: ["organization-auditor", "organization-user-admin"],
    },
  });
  await api.patchGroupSyncSettings(research, { field: "memberOf", mapping: { "ml-team": [ml.id] } });
  await api.patchOrganizationSyncSettings({
    field: "org",
    mapping: { eu: [coder], science: [research, coder] },
    organizationAssignDefault: false,
  });

  const docker = template("docker");
  await api.updateTemplateAcl(docker, {
    groupPerms: { [eng.id]: "use", [ops.id]: "admin", [coder]: "" },
    userPerms: { [users.alice!]: "admin" },
  });
  const notebook = template("notebook");
  await api.updateTemplateAcl(notebook, { groupPerms: { [research]: "admin", [ml.id]: "use" } });

  const proxies = [
    (
      await api.createWorkspaceProxy({
        name: "eu-west",
        displayName: "EU West",
        icon: "/emojis/1f1ea-1f1fa.png",
      })
    ).proxy.id,
    (
      await api.createWorkspaceProxy({
        name: "us-east",
        displayName: "US East",
        icon: "/emojis/1f1fa-1f1f8.png",
      })
    ).proxy.id,
  ];

  const app = await api.createOAuth2App({
    name: "grafana",
    callbackUrl: "https://grafana.example.com/login",
  });
  await api.createOAuth2AppSecret(app.id);
  await api.createProvisionerKey(coder, { name: "k8s-eu", tags: { region: "eu" } });

  await api.updateAppearance({
    applicationName: "Acme Dev",
    logoUrl: "https://acme.example/logo.svg",
    announcementBanners: [
      { enabled: true, message: "Fridays 18:00 UTC: maintenance", backgroundColor: "#004852" },
    ],
  });
  await api.updateWorkspaceSharingSettings(research, "none");
  const workspaceDeleted = (await api.listNotificationTemplates("system")).find(
    (t) => t.name === "Workspace Deleted",
  )!.id;
  await api.setNotificationTemplateMethod(workspaceDeleted, "smtp");
  await api.setUserQuietHoursSchedule(users.carol!, "CRON_TZ=Europe/Berlin 30 2 * * *");
  await api.updateOrganizationMemberRoles(research, users.dave!, ["organization-auditor"]);
  await api.setGroupAiBudget(eng.id, 42_500_000);

  return {
    licenseJwt,
    orgs: { coder, research },
    groups: { eng: eng.id, ops: ops.id, ml: ml.id },
    templates: { docker, kubernetes: template("kubernetes"), notebook },
    users,
    proxies,
    oauth2AppId: app.id,
    erin: erin.id,
    workspaceDeletedTemplate: workspaceDeleted,
  };
}
