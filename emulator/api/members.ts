// Organization members (coderd/members.go, semantics-next §6.1–6.4): list, paginated list, add,
// remove, org roles. No licence gate on any of them.

import { T } from "../http/godecode";
import { goTime } from "../http/goencode";
import { apiError, empty, forbidden, ok, type Reply, resourceNotFound } from "../http/response";
import { parseUuid } from "../http/uuid";
import type { OrganizationMemberRecord, OrganizationRecord, UserRecord } from "../state/records";
import type { Store } from "../state/store";
import { actor, isOwner, type RequestContext, readBody } from "./context";
import { QueryParamParser } from "./queryparams";
import { userParam } from "./users";

/** Built-in organization roles (coderd/rbac/roles.go) and their display names. */
export const ORGANIZATION_ROLES: Record<string, string> = {
  "organization-admin": "Organization Admin",
  "organization-auditor": "Organization Auditor",
  "organization-user-admin": "Organization User Admin",
  "organization-template-admin": "Organization Template Admin",
  "organization-workspace-creation-ban": "Organization Workspace Creation Ban",
};

const SITE_ROLE_DISPLAY: Record<string, string> = {
  owner: "Owner",
  "user-admin": "User Admin",
  "template-admin": "Template Admin",
  auditor: "Auditor",
};

const UPDATE_ROLES = T.struct("UpdateRoles", { roles: T.slice(T.string) });

const memberKey = (orgId: string, userId: string) => `${orgId}/${userId}`;

/** The stored row of a membership; members added before this module existed get a default one. */
export function memberRecord(
  store: Store,
  org: OrganizationRecord,
  userId: string,
): OrganizationMemberRecord {
  const key = memberKey(org.id, userId);
  let rec = store.organizationMembers.get(key);
  if (!rec) {
    rec = { organizationId: org.id, userId, roles: [], createdAt: org.createdAt, updatedAt: org.createdAt };
    store.organizationMembers.set(key, rec);
  }
  return rec;
}

/** codersdk.OrganizationMember. */
function memberView(org: OrganizationRecord, m: OrganizationMemberRecord) {
  return {
    user_id: m.userId,
    organization_id: m.organizationId,
    created_at: goTime(m.createdAt),
    updated_at: goTime(m.updatedAt),
    roles: m.roles.map((r) => ({
      name: r,
      display_name: ORGANIZATION_ROLES[r] ?? r,
      organization_id: org.id,
    })),
  };
}

/** codersdk.OrganizationMemberWithUserData (v2.30 fields). */
function memberWithUserView(org: OrganizationRecord, m: OrganizationMemberRecord, u: UserRecord) {
  return {
    username: u.username,
    ...(u.name ? { name: u.name } : {}),
    ...(u.avatarUrl ? { avatar_url: u.avatarUrl } : {}),
    email: u.email,
    global_roles: u.siteRoles.map((r) => ({ name: r, display_name: SITE_ROLE_DISPLAY[r] ?? r })),
    ...memberView(org, m),
  };
}

/** Members readable by the caller: owners see all; members see their organization's members. */
function members(
  ctx: RequestContext,
  org: OrganizationRecord,
): { m: OrganizationMemberRecord; u: UserRecord }[] {
  const out: { m: OrganizationMemberRecord; u: UserRecord }[] = [];
  for (const id of org.memberIds) {
    const u = ctx.store.users.get(id);
    if (u) out.push({ m: memberRecord(ctx.store, org, id), u });
  }
  return out;
}

/** The `q` of the members list: user_id:, github_user_id:, include_system: (searchquery.Members). */
function memberFilter(q: string): (u: UserRecord) => boolean {
  const errors: { field: string; detail: string }[] = [];
  let userId: string | undefined;
  for (const term of q.split(/\s+/).filter((t) => t !== "")) {
    const idx = term.indexOf(":");
    const key = idx < 0 ? "" : term.slice(0, idx);
    const value = idx < 0 ? term : term.slice(idx + 1);
    if (key === "user_id") {
      const id = parseUuid(value);
      if (id.ok) userId = id.uuid;
      else errors.push({ field: "user_id", detail: `Query param "user_id" must be a valid uuid` });
    } else if (key === "github_user_id" || key === "include_system") {
      // Accepted; the emulator has no GitHub links and no system users.
    } else {
      errors.push({ field: "q", detail: `invalid search term: ${JSON.stringify(term)}` });
    }
  }
  if (errors.length > 0) throw apiError(400, "Invalid organization member search query.", undefined, errors);
  return (u) => userId === undefined || u.id === userId;
}

/** GET /organizations/{org}/members: every member, unpaginated (deprecated but served). */
export function listMembers(ctx: RequestContext): Reply {
  const org = ctx.organization!;
  const keep = memberFilter(ctx.query.get("q") ?? "");
  return ok(
    members(ctx, org)
      .filter(({ u }) => keep(u))
      .map(({ m, u }) => memberWithUserView(org, m, u)),
  );
}

/**
 * GET /organizations/{org}/paginated-members: `{"members": [...], "count": total}`. v2.30 indexes
 * the first row for the count and so fails on an empty page (UNCONFIRMED); this answers `[]`/0.
 */
export function listMembersPaginated(ctx: RequestContext): Reply {
  const org = ctx.organization!;
  const p = new QueryParamParser(ctx.query);
  const limit = p.custom("limit", 0, (v) => (/^\d+$/.test(v) ? Number(v) : new Error("must be an integer")));
  const offset = p.custom("offset", 0, (v) =>
    /^\d+$/.test(v) ? Number(v) : new Error("must be an integer"),
  );
  p.throwIfErrors();
  const all = members(ctx, org);
  const page = all.slice(offset, limit > 0 ? offset + limit : undefined);
  return ok({
    members: page.map(({ m, u }) => memberWithUserView(org, m, u)),
    count: page.length === 0 ? 0 : all.length,
  });
}

/** OIDC users' org memberships belong to organization sync when it is configured. */
function orgSyncEnabled(store: Store): boolean {
  return (store.organizationSync?.field ?? "") !== "";
}

/** POST /organizations/{org}/members/{user} → 200 OrganizationMember; a duplicate is a 400. */
export function addMember(ctx: RequestContext): Reply {
  const org = ctx.organization!;
  const user = userParam(ctx);
  if (user.loginType === "oidc" && orgSyncEnabled(ctx.store)) {
    throw apiError(
      400,
      "Organization sync is enabled for OIDC users, meaning manual organization assignment is not allowed for this user. Have the user re-login to refresh their organizations.",
      `User ${user.username} is an OIDC user and organization sync is enabled. Ask an administrator to resolve the membership in your external IdP.`,
    );
  }
  if (!isOwner(ctx)) throw resourceNotFound();
  if (org.memberIds.includes(user.id)) {
    throw apiError(
      400,
      "User is already an organization member",
      `${user.username} is already a member of ${org.displayName}`,
    );
  }
  org.memberIds.push(user.id);
  const rec: OrganizationMemberRecord = {
    organizationId: org.id,
    userId: user.id,
    roles: [],
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  ctx.store.organizationMembers.set(memberKey(org.id, user.id), rec);
  return ok(memberView(org, rec));
}

/** ExtractOrganizationMemberParam: the user must be a member of the organization, else 404. */
function memberParam(ctx: RequestContext): UserRecord {
  const org = ctx.organization!;
  const ref = ctx.params["user"] ?? "";
  const id = parseUuid(ref);
  const user =
    ref === "me" ? actor(ctx) : id.ok ? ctx.store.users.get(id.uuid) : ctx.store.userByUsername(ref);
  if (!user || !org.memberIds.includes(user.id)) throw resourceNotFound();
  return user;
}

/** DELETE /organizations/{org}/members/{user} → 204; also leaves the org's groups (DB trigger). */
export function removeMember(ctx: RequestContext): Reply {
  const org = ctx.organization!;
  const user = memberParam(ctx);
  if (user.id === actor(ctx).id) throw apiError(400, "cannot remove self from an organization");
  if (!isOwner(ctx)) throw resourceNotFound();
  org.memberIds = org.memberIds.filter((id) => id !== user.id);
  ctx.store.organizationMembers.delete(memberKey(org.id, user.id));
  for (const g of ctx.store.groupsOfOrganization(org.id))
    g.memberIds = g.memberIds.filter((id) => id !== user.id);
  return empty(204);
}

/** PUT /organizations/{org}/members/{user}/roles: full replace of the stored org roles. */
export function updateMemberRoles(ctx: RequestContext): Reply {
  const org = ctx.organization!;
  const user = memberParam(ctx);
  if (user.loginType === "oidc" && (ctx.store.roleSync.get(org.id)?.field ?? "") !== "") {
    throw apiError(
      400,
      "Cannot modify roles for OIDC users when role sync is enabled. This organization member's roles are managed by the identity provider. Have the user re-login to refresh their roles.",
      "'User Role Field' is set in the organization settings. Ask an administrator to adjust or disable these settings.",
    );
  }
  if (user.id === actor(ctx).id) {
    throw apiError(
      400,
      "You cannot change your own organization roles.",
      "Another user with the appropriate permissions must change your roles.",
    );
  }
  const req = readBody<{ roles: string[] | null }>(ctx, UPDATE_ROLES);
  if (!isOwner(ctx)) throw forbidden();
  const roles = [...new Set(req.roles ?? [])];
  for (const r of roles) {
    if (r.includes(":")) {
      throw apiError(
        400,
        `attempt to assign a role ${JSON.stringify(r)}, remove the ':<organization_id> suffix`,
      );
    }
    if (r !== "organization-member" && !(r in ORGANIZATION_ROLES)) {
      throw apiError(400, `${JSON.stringify(`${r}:${org.id}`)} is not a supported role`);
    }
  }
  const rec = memberRecord(ctx.store, org, user.id);
  rec.roles = roles;
  rec.updatedAt = ctx.now;
  return ok(memberView(org, rec));
}
