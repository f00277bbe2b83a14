// The mutable emulator state plus the lookups every API module needs. Node runs handlers on one
// thread and each handler mutates state synchronously after its checks, so a request's changes are
// atomic with respect to other requests (a failed request never leaves partial changes).

import { seedNotificationTemplates } from "./notification-templates";
import type {
  AppearanceRecord,
  DeploymentOptions,
  GroupAiBudgetRecord,
  GroupRecord,
  GroupSyncSettings,
  LicenseRecord,
  NotificationTemplateRecord,
  OAuth2AppRecord,
  OAuth2SecretRecord,
  OrganizationMemberRecord,
  OrganizationRecord,
  OrganizationSyncSettings,
  ProvisionerKeyRecord,
  RoleSyncSettings,
  ShareableWorkspaceOwners,
  TemplateRecord,
  UserRecord,
  WorkspaceProxyRecord,
  WorkspaceRecord,
} from "./records";

export type LicenseMode = "all" | "none";

export class Store {
  users = new Map<string, UserRecord>();
  organizations = new Map<string, OrganizationRecord>();
  groups = new Map<string, GroupRecord>();
  templates = new Map<string, TemplateRecord>();
  licenses = new Map<number, LicenseRecord>();
  nextLicenseId = 1;
  oauth2Apps = new Map<string, OAuth2AppRecord>();
  oauth2Secrets = new Map<string, OAuth2SecretRecord>();
  provisionerKeys = new Map<string, ProvisionerKeyRecord>();
  workspaceProxies = new Map<string, WorkspaceProxyRecord>();
  /** The primary proxy's display settings live in site config, not in the proxies table. */
  primaryProxy = { displayName: "Default", icon: "/emojis/1f3e1.png" };
  groupSync = new Map<string, GroupSyncSettings>();
  roleSync = new Map<string, RoleSyncSettings>();
  organizationSync: OrganizationSyncSettings | undefined;
  /** Last POST /licenses/refresh-entitlements (rate limited like coderd). */
  lastEntitlementsRefresh = 0;
  /**
   * Soft-deleted rows. They leave `users`/`organizations` (so every list and name lookup skips them)
   * but coderd's lookups by id do not filter `deleted`: GET /users/{uuid} and GET
   * /organizations/{uuid} still answer 200 with them (semantics-next §6.7, §7.2).
   */
  deletedUsers = new Map<string, UserRecord>();
  deletedOrganizations = new Map<string, OrganizationRecord>();
  /** Stored org roles per membership, keyed `orgId/userId`; a member without an entry has none. */
  organizationMembers = new Map<string, OrganizationMemberRecord>();
  workspaces = new Map<string, WorkspaceRecord>();
  /** sha256 of each password user's password, by user id (never returned by the API). */
  userPasswordHashes = new Map<string, string>();
  /** Whether OIDC is configured (coderd refuses to create OIDC users otherwise). */
  oidcConfigured = true;

  constructor(
    readonly deploymentId: string,
    public licenseMode: LicenseMode,
  ) {}

  // ---- users ----------------------------------------------------------------------------------

  userByToken(token: string): UserRecord | undefined {
    for (const u of this.users.values()) if (u.token === token) return u;
    return undefined;
  }

  userByUsername(username: string): UserRecord | undefined {
    const lower = username.toLowerCase();
    for (const u of this.users.values()) if (u.username.toLowerCase() === lower) return u;
    return undefined;
  }

  isOwner(user: UserRecord): boolean {
    return user.siteRoles.includes("owner");
  }

  organizationIdsOf(userId: string): string[] {
    const ids: string[] = [];
    for (const o of this.organizations.values()) if (o.memberIds.includes(userId)) ids.push(o.id);
    return ids;
  }

  // ---- organizations --------------------------------------------------------------------------

  defaultOrganization(): OrganizationRecord {
    for (const o of this.organizations.values()) if (o.isDefault) return o;
    throw new Error("no default organization");
  }

  organizationByName(name: string): OrganizationRecord | undefined {
    // Organization names are unique case-insensitively (lower(name) index).
    const lower = name.toLowerCase();
    for (const o of this.organizations.values()) if (o.name.toLowerCase() === lower) return o;
    return undefined;
  }

  // ---- groups ---------------------------------------------------------------------------------

  /** The Everyone group shares its organization's id. */
  isEveryoneGroup(g: GroupRecord): boolean {
    return g.id === g.organizationId;
  }

  groupMemberIds(g: GroupRecord): string[] {
    if (this.isEveryoneGroup(g)) return this.organizations.get(g.organizationId)?.memberIds ?? [];
    return g.memberIds;
  }

  groupsOfOrganization(orgId: string): GroupRecord[] {
    return [...this.groups.values()].filter((g) => g.organizationId === orgId);
  }

  groupByOrgAndName(orgId: string, name: string): GroupRecord | undefined {
    for (const g of this.groups.values()) if (g.organizationId === orgId && g.name === name) return g;
    return undefined;
  }

  /** Groups the user belongs to, including each org's Everyone group. */
  groupIdsOfUser(userId: string): Set<string> {
    const ids = new Set<string>();
    for (const g of this.groups.values()) if (this.groupMemberIds(g).includes(userId)) ids.add(g.id);
    return ids;
  }

  // ---- templates ------------------------------------------------------------------------------

  /** Template read access: owner, or a user/group entry in the template's ACL. */
  canReadTemplate(user: UserRecord, t: TemplateRecord): boolean {
    if (this.isOwner(user)) return true;
    if (t.userAcl.has(user.id)) return true;
    const groups = this.groupIdsOfUser(user.id);
    for (const gid of t.groupAcl.keys()) if (groups.has(gid)) return true;
    return false;
  }

  // ---- appearance, workspace sharing, notification methods, quiet hours, AI budgets ------------

  /** Deployment flags these endpoints read (see DeploymentOptions). */
  deploymentOptions: DeploymentOptions = {
    docsUrl: "https://coder.com/docs/@v2.26.0",
    quietHoursDefaultSchedule: "CRON_TZ=UTC 0 0 * * *",
    allowCustomQuietHours: true,
    notificationsMethod: "smtp",
    aiBridgeEnabled: true,
    disableWorkspaceSharing: false,
  };
  /** site_configs appearance rows; stored even when unlicensed (only GET is license-dependent). */
  appearance: AppearanceRecord = { applicationName: "", logoUrl: "", announcementBanners: [] };
  /** organization id → shareable_workspace_owners; absent = the DB default "everyone". */
  workspaceSharing = new Map<string, ShareableWorkspaceOwners>();
  notificationTemplates: Map<string, NotificationTemplateRecord> = seedNotificationTemplates();
  /** user id → stored quiet-hours schedule ("" or absent = the deployment default). */
  quietHours = new Map<string, string>();
  /** group id → AI budget row. */
  groupAiBudgets = new Map<string, GroupAiBudgetRecord>();
}
