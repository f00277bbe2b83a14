// The /api/v2 route tree. Middleware order per mount follows enterprise/coderd/coderd.go
// (BEHAVIOUR.md "Feature gates"; every route here must be in that file's route table): e.g. /groups gates on template_rbac *before* the API key, so an unlicensed anonymous call is
// a 403, while /organizations/{org}/groups authenticates first.

import { Mount } from "../http/router";
import { registerAppearanceRoutes } from "./appearance";
import type { RequestContext } from "./context";
import * as core from "./core";
import { registerGroupAiBudgetRoutes } from "./groupaibudget";
import * as groups from "./groups";
import * as idp from "./idpsync";
import * as licenses from "./licenses";
import * as members from "./members";
import { apiKey, groupParam, organizationParam, requireFeature, templateParam } from "./middleware";
import { registerNotificationRoutes } from "./notifications";
import * as oauth2 from "./oauth2";
import * as orgs from "./organizations";
import * as pk from "./provisionerkeys";
import { registerQuietHoursRoutes } from "./quiethours";
import * as acl from "./templateacl";
import * as users from "./users";
import * as proxies from "./workspaceproxies";
import { registerWorkspaceSharingRoutes } from "./workspacesharing";

export function buildApiRoutes(): Mount<RequestContext> {
  const api = new Mount<RequestContext>();
  const templateRbac = requireFeature("template_rbac");

  // coderd's unauthenticated API root greeting (handy as a liveness probe).
  api.get("", () => ({ status: 200, body: { message: "👋" } }));
  api.get("buildinfo", core.getBuildInfo);
  // v2.30.0 serves entitlements without authentication (a bad or missing token is ignored).
  api.get("entitlements", licenses.getEntitlements);

  api.mount("users", [apiKey], (m) => {
    m.post("", users.createUser);
    m.mount(":user", [], (u) => {
      // users.getUser is core.getUser plus tombstones: a deleted user still answers by id.
      u.get("", users.getUser);
      u.delete("", users.deleteUser);
      u.put("profile", users.putProfile);
      u.put("status/suspend", users.suspendUser);
      u.put("status/activate", users.activateUser);
      u.put("roles", users.putUserRoles);
      u.put("password", users.putUserPassword);
    });
  });

  api.mount("organizations", [apiKey], (m) => {
    m.get("", core.listOrganizations);
    m.post("", orgs.createOrganization);
    m.mount(":organization", [orgs.organizationWriteGate, organizationParam], (o) => {
      o.get("", core.getOrganization);
      o.get("templates", core.listOrganizationTemplates);
      o.get("templates/:templatename", core.getTemplateByName);
      o.patch("", orgs.updateOrganization);
      o.delete("", orgs.deleteOrganization);
      o.get("members", members.listMembers);
      o.get("paginated-members", members.listMembersPaginated);
      o.post("members/:user", members.addMember);
      o.delete("members/:user", members.removeMember);
      o.put("members/:user/roles", members.updateMemberRoles);
    });
  });

  api.mount("organizations/:organization/groups", [apiKey, templateRbac, organizationParam], (m) => {
    m.get("", groups.listOrganizationGroups);
    m.post("", groups.createGroup);
    m.get(":groupName", groups.getGroupByName);
    m.get(":groupName/members", groups.groupMembersByName);
  });

  api.mount(
    "organizations/:organization/provisionerkeys",
    [apiKey, organizationParam, requireFeature("external_provisioner_daemons")],
    (m) => {
      m.get("", pk.listProvisionerKeys);
      m.post("", pk.createProvisionerKey);
      m.get("daemons", pk.listProvisionerKeyDaemons);
      m.delete(":name", pk.deleteProvisionerKey);
    },
  );

  api.mount("organizations/:organization/settings/idpsync", [apiKey, organizationParam], (m) => {
    m.get("groups", idp.getGroupSync);
    m.patch("groups", idp.patchGroupSync);
    m.patch("groups/config", idp.patchGroupSyncConfig);
    m.patch("groups/mapping", idp.patchGroupSyncMapping);
    m.get("roles", idp.getRoleSync);
    m.patch("roles", idp.patchRoleSync);
    m.patch("roles/config", idp.patchRoleSyncConfig);
    m.patch("roles/mapping", idp.patchRoleSyncMapping);
    m.get("available-fields", idp.availableFields);
    m.get("field-values", idp.fieldValues);
  });

  api.mount("groups", [templateRbac, apiKey], (m) => {
    m.get("", (ctx) => groups.listGroups(ctx));
    m.mount(":group", [groupParam], (g) => {
      g.get("", groups.getGroup);
      g.patch("", groups.patchGroup);
      g.delete("", groups.deleteGroup);
      g.get("members", groups.groupMembers);
    });
  });

  api.mount("templates", [apiKey], (m) =>
    m.mount(":template", [templateParam], (t) => t.get("", core.getTemplate)),
  );

  api.mount("templates/:template/acl", [templateRbac, apiKey, templateParam], (m) => {
    m.get("", acl.getTemplateAcl);
    m.patch("", acl.patchTemplateAcl);
    m.get("available", acl.getTemplateAclAvailable);
  });

  api.mount("workspaceproxies", [requireFeature("workspace_proxy"), apiKey], (m) => {
    m.get("", proxies.listProxies);
    m.post("", proxies.createProxy);
    m.get(":workspaceproxy", proxies.getProxy);
    m.patch(":workspaceproxy", proxies.patchProxy);
    m.delete(":workspaceproxy", proxies.deleteProxy);
  });

  api.mount("licenses", [apiKey], (m) => {
    m.get("", licenses.listLicenses);
    m.post("", licenses.postLicense);
    m.post("refresh-entitlements", licenses.refreshEntitlements);
    m.delete(":id", licenses.deleteLicense);
  });

  api.mount("settings/idpsync", [apiKey], (m) => {
    m.get("organization", idp.getOrgSync);
    m.patch("organization", idp.patchOrgSync);
    m.patch("organization/config", idp.patchOrgSyncConfig);
    m.patch("organization/mapping", idp.patchOrgSyncMapping);
    m.get("available-fields", idp.availableFields);
    m.get("field-values", idp.fieldValues);
  });

  api.mount("oauth2-provider/apps", [apiKey, oauth2.oauth2Experiment], (m) => {
    m.get("", oauth2.listApps);
    m.post("", oauth2.createApp);
    m.get(":app", oauth2.getApp);
    m.put(":app", oauth2.putApp);
    m.delete(":app", oauth2.deleteApp);
    m.get(":app/secrets", oauth2.listSecrets);
    m.post(":app/secrets", oauth2.createSecret);
    m.delete(":app/secrets/:secretID", oauth2.deleteSecret);
  });

  registerAppearanceRoutes(api);
  registerWorkspaceSharingRoutes(api);
  registerNotificationRoutes(api);
  registerQuietHoursRoutes(api);
  registerGroupAiBudgetRoutes(api);
  api.mount("experiments", [apiKey], (m) => m.get("", core.getExperiments));

  return api;
}
