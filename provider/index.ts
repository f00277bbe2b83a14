/**
 * pulumi-coderd: Pulumi dynamic resources that administer Coder (coder.com) Enterprise deployments.
 *
 * Configure with stack config `coderd:url`, `coderd:token` (secret) and optionally
 * `coderd:organization`, or the env vars `CODER_URL`, `CODER_SESSION_TOKEN`, `CODER_ORGANIZATION`.
 */

export {
  type AnnouncementBannerArgs,
  Appearance,
  type AppearanceArgs,
} from "./classes/appearance";
export { Group, type GroupArgs } from "./classes/group";
export { GroupAiBudget, type GroupAiBudgetArgs } from "./classes/group-ai-budget";
export {
  type GroupSyncArgs,
  type IdpSyncKind,
  IdpSyncSettings,
  type IdpSyncSettingsArgs,
  type OrganizationSyncArgs,
  type RoleSyncArgs,
} from "./classes/idp-sync-settings";
export { License, type LicenseArgs } from "./classes/license";
export {
  type NotificationMethod,
  NotificationTemplateMethod,
  type NotificationTemplateMethodArgs,
} from "./classes/notification-template-method";
export { OAuth2App, type OAuth2AppArgs } from "./classes/oauth2-app";
export { OAuth2AppSecret, type OAuth2AppSecretArgs } from "./classes/oauth2-app-secret";
export { Organization, type OrganizationArgs } from "./classes/organization";
export { OrganizationMember, type OrganizationMemberArgs } from "./classes/organization-member";
export { ProvisionerKey, type ProvisionerKeyArgs } from "./classes/provisioner-key";
export { TemplateAcl, type TemplateAclArgs, type TemplateAclRole } from "./classes/template-acl";
export { User, type UserArgs } from "./classes/user";
export {
  UserQuietHoursSchedule,
  type UserQuietHoursScheduleArgs,
} from "./classes/user-quiet-hours-schedule";
export { WorkspaceProxy, type WorkspaceProxyArgs } from "./classes/workspace-proxy";
export {
  type ShareableWorkspaceOwners,
  WorkspaceSharingSettings,
  type WorkspaceSharingSettingsArgs,
} from "./classes/workspace-sharing-settings";
export {
  type EntitlementFeature,
  type EntitlementsResult,
  getEntitlements,
  getGroup,
  getNotificationTemplate,
  getOrganization,
  getTemplate,
  getUser,
} from "./lookups";
