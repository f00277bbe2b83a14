// Coder's objects as this package's API returns them (camelCase), as plain interfaces in a module
// without zod: the public declarations (lookup results) import these, so a user's `tsc` never
// loads zod's declarations. The zod schemas that parse Coder's answers into them are in the
// sibling modules.

/** codersdk.ReducedUser */
export interface ReducedUser {
  id: string;
  username: string;
  email: string;
  name: string;
  avatarUrl: string;
  status: string;
  loginType: string;
  createdAt: string;
  updatedAt: string;
  lastSeenAt: string;
  isServiceAccount: boolean;
}
export interface UserRole {
  name: string;
  displayName: string;
  organizationId: string;
}
/** codersdk.User */
export interface User extends ReducedUser {
  roles: UserRole[];
  organizationIds: string[];
}

export interface Organization {
  id: string;
  name: string;
  displayName: string;
  description: string;
  icon: string;
  isDefault: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Template {
  id: string;
  name: string;
  displayName: string;
  organizationId: string;
  organizationName: string;
  description: string;
  icon: string;
  activeVersionId: string;
  deprecated: boolean;
  createdAt: string;
  updatedAt: string;
}

/** codersdk.Group. `members` is always an array; `source` is "user" or "oidc" (server-set). */
export interface Group {
  id: string;
  name: string;
  displayName: string;
  organizationId: string;
  organizationName: string;
  organizationDisplayName: string;
  members: ReducedUser[];
  totalMemberCount: number;
  avatarUrl: string;
  quotaAllowance: number;
  source: string;
}

/** The OAuth2 provider endpoints Coder reports for an app. */
export interface OAuth2AppEndpoints {
  authorization: string;
  token: string;
  tokenRevoke: string;
  deviceAuthorization: string;
}

/** codersdk.NotificationTemplate. `method` is "" while the template uses the deployment default. */
export interface NotificationTemplate {
  id: string;
  name: string;
  group: string;
  method: string;
  kind: string;
  enabledByDefault: boolean;
}

/** A notification delivery method; `inbox` is settable though dispatch-methods never lists it. */
export type NotificationMethod = "smtp" | "webhook" | "inbox";

/** Who may share workspaces in an organization (organizations.shareable_workspace_owners). */
export type ShareableWorkspaceOwners = "none" | "everyone" | "service_accounts";
