/**
 * pulumi-coderd: Pulumi dynamic resources that administer Coder (coder.com) Enterprise deployments.
 *
 * Configure with stack config `coderd:url`, `coderd:token` (secret) and optionally
 * `coderd:organization`, or the env vars `CODER_URL`, `CODER_SESSION_TOKEN`, `CODER_ORGANIZATION`.
 */

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
export {
  type AnnouncementBannerArgs,
  Appearance,
  type AppearanceArgs,
} from "./resources/appearance";
export { Group, type GroupArgs } from "./resources/group";
export { GroupAiBudget, type GroupAiBudgetArgs } from "./resources/group-ai-budget";
export {
  type GroupSyncArgs,
  type IdpSyncKind,
  IdpSyncSettings,
  type IdpSyncSettingsArgs,
  type OrganizationSyncArgs,
  type RoleSyncArgs,
} from "./resources/idp-sync-settings";
export { License, type LicenseArgs } from "./resources/license";
export {
  type NotificationMethod,
  NotificationTemplateMethod,
  type NotificationTemplateMethodArgs,
} from "./resources/notification-template-method";
export { OAuth2App, type OAuth2AppArgs } from "./resources/oauth2-app";
export { OAuth2AppSecret, type OAuth2AppSecretArgs } from "./resources/oauth2-app-secret";
export { Organization, type OrganizationArgs } from "./resources/organization";
export { OrganizationMember, type OrganizationMemberArgs } from "./resources/organization-member";
export { ProvisionerKey, type ProvisionerKeyArgs } from "./resources/provisioner-key";
export { TemplateAcl, type TemplateAclArgs, type TemplateAclRole } from "./resources/template-acl";
export { User, type UserArgs } from "./resources/user";
export {
  UserQuietHoursSchedule,
  type UserQuietHoursScheduleArgs,
} from "./resources/user-quiet-hours-schedule";
export { WorkspaceProxy, type WorkspaceProxyArgs } from "./resources/workspace-proxy";
export {
  type ShareableWorkspaceOwners,
  WorkspaceSharingSettings,
  type WorkspaceSharingSettingsArgs,
} from "./resources/workspace-sharing-settings";
