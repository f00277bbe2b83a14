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

/** A workspace, only as far as it blocks deleting its owner or its organization. */
export interface WorkspaceRecord {
  id: string;
  name: string;
  ownerId: string;
  organizationId: string;
}
