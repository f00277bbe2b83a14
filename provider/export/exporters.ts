// The exporters, one per resource kind, in the order their declarations appear in index.ts. A kind
// must come after the kinds it references: Group before IdpSyncSettings and TemplateAcl, whose
// mappings and grants point at group variables; Organization and User before everything that
// names an organization or a user.
//
// To add a kind: write `kinds/<kind>.ts` exporting a ResourceExporter (read with ctx.client,
// ctx.declare each object with `adopt: true` where the resource can adopt, ctx.provide its id when
// others may reference it, ctx.ref for what it points to, ctx.secret for write-once secrets,
// ctx.note for what cannot be brought over), then add it to this list.

import { appearanceExporter } from "./kinds/appearance";
import { groupExporter } from "./kinds/group";
import { groupAiBudgetExporter } from "./kinds/group-ai-budget";
import { idpSyncSettingsExporter } from "./kinds/idp-sync-settings";
import { licenseExporter } from "./kinds/license";
import { notificationTemplateMethodExporter } from "./kinds/notification-template-method";
import { oauth2AppExporter } from "./kinds/oauth2-app";
import { organizationExporter } from "./kinds/organization";
import { organizationMemberExporter } from "./kinds/organization-member";
import { provisionerKeyExporter } from "./kinds/provisioner-key";
import { templateAclExporter } from "./kinds/template-acl";
import { userExporter } from "./kinds/user";
import { userQuietHoursScheduleExporter } from "./kinds/user-quiet-hours-schedule";
import { workspaceProxyExporter } from "./kinds/workspace-proxy";
import { workspaceSharingSettingsExporter } from "./kinds/workspace-sharing-settings";
import type { ResourceExporter } from "./model";

export const EXPORTERS: readonly ResourceExporter[] = [
  // Organizations and users first: everything else references their variables.
  organizationExporter,
  userExporter,
  organizationMemberExporter,
  licenseExporter,
  groupExporter,
  workspaceProxyExporter,
  idpSyncSettingsExporter,
  templateAclExporter,
  oauth2AppExporter,
  provisionerKeyExporter,
  appearanceExporter,
  workspaceSharingSettingsExporter,
  notificationTemplateMethodExporter,
  userQuietHoursScheduleExporter,
  groupAiBudgetExporter,
];
