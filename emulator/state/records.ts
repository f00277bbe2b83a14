// The emulator's in-memory "database" rows. Timestamps are epoch milliseconds; Maps keep insertion
// order (like the DB order coderd returns) and are serialised with sorted keys when Go would.

export type TemplateRole = "admin" | "use";

export interface UserRecord {
  id: string;
  username: string;
  email: string;
  name: string;
  avatarUrl: string;
  status: "active" | "suspended" | "dormant";
  loginType: "password" | "oidc" | "github" | "none";
  /** Site-wide roles, e.g. ["owner"]. Members have none. */
  siteRoles: string[];
  createdAt: number;
  updatedAt: number;
  lastSeenAt: number;
  /** Session token `<10-char id>-<secret>`. */
  token: string;
  /** When set and in the past, the token is rejected with `API key expired at ...`. */
  tokenExpiresAt?: number;
  /** Stored IdP claims (feeds /idpsync/available-fields and field-values). */
  claims: Record<string, unknown>;
}

export interface OrganizationRecord {
  id: string;
  name: string;
  displayName: string;
  description: string;
  icon: string;
  isDefault: boolean;
  createdAt: number;
  updatedAt: number;
  /** Org membership, in insertion order. The Everyone group's members are exactly these. */
  memberIds: string[];
}

export interface GroupRecord {
  id: string;
  organizationId: string;
  name: string;
  displayName: string;
  avatarUrl: string;
  quotaAllowance: number;
  source: "user" | "oidc";
  /** Explicit members; unused for the Everyone group, whose members are the org's members. */
  memberIds: string[];
}

export interface TemplateRecord {
  id: string;
  organizationId: string;
  name: string;
  displayName: string;
  description: string;
  icon: string;
  createdAt: number;
  updatedAt: number;
  createdById: string;
  activeVersionId: string;
  userAcl: Map<string, TemplateRole>;
  groupAcl: Map<string, TemplateRole>;
}

export interface LicenseRecord {
  id: number;
  uuid: string;
  uploadedAt: number;
  jwt: string;
  /** The verbatim JWT payload (objects as Maps, numbers as GoNumber) for the `claims` field. */
  claims: unknown;
  /** Parsed claims used for entitlements. */
  parsed: ParsedLicenseClaims;
}

export interface ParsedLicenseClaims {
  exp: number; // seconds
  licenseExpires: number; // seconds
  trial: boolean;
  allFeatures: boolean;
  features: Map<string, number>;
}

export interface OAuth2AppRecord {
  id: string;
  name: string;
  callbackUrl: string;
  icon: string;
  createdAt: number;
}

export interface OAuth2SecretRecord {
  id: string;
  appId: string;
  /** Last 6 characters of the full secret (client_secret_truncated). */
  truncated: string;
  /** sha256 of the secret part; the full secret is shown only once, like coderd. */
  hashedSecret: string;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface ProvisionerKeyRecord {
  id: string;
  organizationId: string;
  /** Stored lower-cased (coderd inserts lower(@name)). */
  name: string;
  tags: Map<string, string>;
  createdAt: number;
  hashedSecret: string;
}

export interface WorkspaceProxyRecord {
  id: string;
  name: string;
  displayName: string;
  icon: string;
  createdAt: number;
  updatedAt: number;
  deleted: boolean;
  tokenHash: string;
}

/** mapping values: null for a key created by a Remove on a missing key (Go nil slice). */
export type SyncMapping = Map<string, string[] | null>;

export interface GroupSyncSettings {
  field: string;
  mapping: SyncMapping | null;
  regexFilter: string | null;
  autoCreateMissingGroups: boolean;
  legacyGroupNameMapping: Map<string, string> | null;
}

export interface RoleSyncSettings {
  field: string;
  mapping: SyncMapping | null;
}

export interface OrganizationSyncSettings {
  field: string;
  mapping: SyncMapping | null;
  assignDefault: boolean;
}

/** Per-membership data beyond `OrganizationRecord.memberIds`: the explicitly stored org roles. */
export interface OrganizationMemberRecord {
  organizationId: string;
  userId: string;
  /** Stored org roles (no `organization-member`, which is implied), deduplicated, in order. */
  roles: string[];
  createdAt: number;
  updatedAt: number;
}

// ---- appearance, workspace sharing, notification methods, quiet hours, AI budgets (semantics-next §1–§5)

/** codersdk.BannerConfig as stored in site_configs (message/background_color are omitempty on the wire). */
export interface BannerRecord {
  enabled: boolean;
  message: string;
  backgroundColor: string;
}

/** The deployment's appearance rows in site_configs ("" / [] when never set). */
export interface AppearanceRecord {
  applicationName: string;
  logoUrl: string;
  announcementBanners: BannerRecord[];
}

/** organizations.shareable_workspace_owners (DB default "everyone"). */
export type ShareableWorkspaceOwners = "none" | "everyone" | "service_accounts";

/** A notification_templates row; `method` null = "use the deployment default" (the DB default). */
export interface NotificationTemplateRecord {
  id: string;
  name: string;
  titleTemplate: string;
  bodyTemplate: string;
  actions: string;
  group: string;
  method: "smtp" | "webhook" | "inbox" | null;
  kind: "system" | "custom";
  enabledByDefault: boolean;
}

/** A group_ai_budgets row (1 USD = 1,000,000 micros). */
export interface GroupAiBudgetRecord {
  groupId: string;
  spendLimitMicros: number;
  createdAt: number;
  updatedAt: number;
}

/** A workspace, only as far as it blocks deleting its owner or its organization. */
export interface WorkspaceRecord {
  id: string;
  name: string;
  ownerId: string;
  organizationId: string;
}

/** Deployment options (server flags) that these endpoints read; changed only through the control API. */
export interface DeploymentOptions {
  /** CODER_DOCS_URL (default https://coder.com/docs/@<version>). */
  docsUrl: string;
  /** CODER_QUIET_HOURS_DEFAULT_SCHEDULE. */
  quietHoursDefaultSchedule: string;
  /** CODER_ALLOW_CUSTOM_QUIET_HOURS. */
  allowCustomQuietHours: boolean;
  /** CODER_NOTIFICATIONS_METHOD. */
  notificationsMethod: "smtp" | "webhook";
  /** CODER_AIBRIDGE_ENABLED: the aibridge feature is enabled only when licensed AND this is on. */
  aiBridgeEnabled: boolean;
  /** CODER_DISABLE_WORKSPACE_SHARING. */
  disableWorkspaceSharing: boolean;
}
