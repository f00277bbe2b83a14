// codersdk response shapes built from records, with fields in Go struct order (BEHAVIOUR.md
// "Wire format"; v2.30.0 shapes).

import { GO_ZERO_TIME, goTime } from "../http/goencode";
import type {
  GroupRecord,
  OAuth2AppRecord,
  OAuth2SecretRecord,
  OrganizationRecord,
  ProvisionerKeyRecord,
  TemplateRecord,
  UserRecord,
  WorkspaceProxyRecord,
} from "../state/records";
import type { Store } from "../state/store";

const ROLE_DISPLAY: Record<string, string> = {
  owner: "Owner",
  "user-admin": "User Admin",
  "template-admin": "Template Admin",
  auditor: "Auditor",
};

/**
 * codersdk.ReducedUser as v2.30.0 writes it: `avatar_url` is omitempty, and there is no
 * `theme_preference` or `is_service_account` (later releases add them).
 */
export function reducedUserView(u: UserRecord) {
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    avatar_url: u.avatarUrl === "" ? undefined : u.avatarUrl,
    email: u.email,
    created_at: goTime(u.createdAt),
    updated_at: goTime(u.updatedAt),
    last_seen_at: goTime(u.lastSeenAt),
    status: u.status,
    login_type: u.loginType,
  };
}

/** codersdk.User (v2.30.0): site roles as SlimRole `{name, display_name}`, no `has_ai_seat`. */
export function userView(store: Store, u: UserRecord) {
  return {
    ...reducedUserView(u),
    organization_ids: store.organizationIdsOf(u.id),
    roles: u.siteRoles.map((r) => ({ name: r, display_name: ROLE_DISPLAY[r] ?? r })),
  };
}

/** codersdk.Organization. */
export function organizationView(o: OrganizationRecord) {
  return {
    id: o.id,
    name: o.name,
    display_name: o.displayName,
    description: o.description,
    icon: o.icon,
    created_at: goTime(o.createdAt),
    updated_at: goTime(o.updatedAt),
    is_default: o.isDefault,
  };
}

/** codersdk.Group (db2sdk.Group): members always an array; org name fields filled. */
export function groupView(store: Store, g: GroupRecord, opts: { withMembers?: boolean } = {}) {
  const org = store.organizations.get(g.organizationId);
  const memberIds = store.groupMemberIds(g);
  const members =
    opts.withMembers === false
      ? []
      : memberIds.map((id) => store.users.get(id)).filter((u) => u !== undefined);
  return {
    id: g.id,
    name: g.name,
    display_name: g.displayName,
    organization_id: g.organizationId,
    members: members.map(reducedUserView),
    total_member_count: memberIds.length,
    avatar_url: g.avatarUrl,
    quota_allowance: g.quotaAllowance,
    source: g.source,
    organization_name: org?.name ?? "",
    organization_display_name: org?.displayName ?? "",
  };
}

const NULL_STATS = { P50: null, P95: null };

/** codersdk.Template. */
export function templateView(store: Store, t: TemplateRecord) {
  const org = store.organizations.get(t.organizationId);
  const creator = store.users.get(t.createdById);
  return {
    id: t.id,
    created_at: goTime(t.createdAt),
    updated_at: goTime(t.updatedAt),
    organization_id: t.organizationId,
    organization_name: org?.name ?? "",
    organization_display_name: org?.displayName ?? "",
    organization_icon: org?.icon ?? "",
    name: t.name,
    display_name: t.displayName,
    provisioner: "terraform",
    active_version_id: t.activeVersionId,
    active_user_count: 0,
    build_time_stats: { start: NULL_STATS, stop: NULL_STATS, delete: NULL_STATS },
    description: t.description,
    deprecated: false,
    deprecation_message: "",
    icon: t.icon,
    default_ttl_ms: 0,
    activity_bump_ms: 3600000,
    autostop_requirement: { days_of_week: [], weeks: 1 },
    autostart_requirement: {
      days_of_week: ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
    },
    created_by_id: t.createdById,
    created_by_name: creator?.username ?? "",
    allow_user_autostart: true,
    allow_user_autostop: true,
    allow_user_cancel_workspace_jobs: true,
    failure_ttl_ms: 0,
    time_til_dormant_ms: 0,
    time_til_dormant_autodelete_ms: 0,
    require_active_version: false,
    max_port_share_level: "owner",
    cors_behavior: "simple",
    use_classic_parameter_flow: false,
  };
}

/** codersdk.ProvisionerKey: note the org field is named `organization`. */
export function provisionerKeyView(k: ProvisionerKeyRecord) {
  return {
    id: k.id,
    created_at: goTime(k.createdAt),
    organization: k.organizationId,
    name: k.name,
    tags: k.tags,
  };
}

/** codersdk.OAuth2ProviderApp with endpoints derived from the access URL. */
export function oauth2AppView(accessUrl: string, a: OAuth2AppRecord) {
  return {
    id: a.id,
    name: a.name,
    callback_url: a.callbackUrl,
    icon: a.icon,
    endpoints: {
      authorization: `${accessUrl}/oauth2/authorize`,
      token: `${accessUrl}/oauth2/tokens`,
      token_revoke: `${accessUrl}/oauth2/revoke`,
      device_authorization: "",
    },
  };
}

export function oauth2SecretView(s: OAuth2SecretRecord) {
  return {
    id: s.id,
    last_used_at: s.lastUsedAt === null ? null : goTime(s.lastUsedAt),
    client_secret_truncated: s.truncated,
  };
}

/** codersdk.WorkspaceProxy for a stored proxy (never registered, so status "unregistered"). */
export function workspaceProxyView(p: WorkspaceProxyRecord) {
  return {
    id: p.id,
    name: p.name,
    display_name: p.displayName,
    icon_url: p.icon,
    healthy: false,
    path_app_url: "",
    wildcard_hostname: "",
    derp_enabled: true,
    derp_only: false,
    status: { status: "unregistered", report: { errors: [], warnings: [] }, checked_at: GO_ZERO_TIME },
    created_at: goTime(p.createdAt),
    updated_at: goTime(p.updatedAt),
    deleted: p.deleted,
    version: "",
  };
}

/** The computed primary proxy: id = deployment id, name "primary", served from the access URL. */
export function primaryProxyView(store: Store, accessUrl: string, nowMs: number) {
  const now = goTime(nowMs);
  return {
    id: store.deploymentId,
    name: "primary",
    display_name: store.primaryProxy.displayName,
    icon_url: store.primaryProxy.icon,
    healthy: true,
    path_app_url: accessUrl,
    wildcard_hostname: "",
    derp_enabled: false,
    derp_only: false,
    status: { status: "ok", report: { errors: [], warnings: [] }, checked_at: now },
    created_at: now,
    updated_at: now,
    deleted: false,
    version: "",
  };
}
