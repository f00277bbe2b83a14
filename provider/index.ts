/**
 * pulumi-coderd: Pulumi dynamic resources that administer Coder (coder.com) Enterprise deployments.
 *
 * Configure with stack config `coderd:url`, `coderd:token` (secret) and optionally
 * `coderd:organization`, or the env vars `CODER_URL`, `CODER_SESSION_TOKEN`, `CODER_ORGANIZATION`.
 */

export { Group, type GroupArgs } from "./classes/group";
export {
  type GroupSyncArgs,
  type IdpSyncKind,
  IdpSyncSettings,
  type IdpSyncSettingsArgs,
  type OrganizationSyncArgs,
  type RoleSyncArgs,
} from "./classes/idp-sync-settings";
export { License, type LicenseArgs } from "./classes/license";
export { OAuth2App, type OAuth2AppArgs } from "./classes/oauth2-app";
export { OAuth2AppSecret, type OAuth2AppSecretArgs } from "./classes/oauth2-app-secret";
export { ProvisionerKey, type ProvisionerKeyArgs } from "./classes/provisioner-key";
export { TemplateAcl, type TemplateAclArgs, type TemplateAclRole } from "./classes/template-acl";
export { WorkspaceProxy, type WorkspaceProxyArgs } from "./classes/workspace-proxy";
export { getGroup, getOrganization, getTemplate, getUser } from "./lookups";
