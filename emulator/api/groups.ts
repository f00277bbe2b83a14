// Groups (enterprise/coderd/groups.go): create/list/get/patch/delete and the paginated members views
// (BEHAVIOUR.md "Groups").

import { T } from "../http/godecode";
import { apiError, internalServerError, ok, type Reply, resourceNotFound } from "../http/response";
import { parseUuid } from "../http/uuid";
import { validateStruct } from "../http/validate";
import { newId } from "../state/ids";
import type { GroupRecord } from "../state/records";
import { actor, isOwner, type RequestContext, readBody } from "./context";
import { canReadGroup } from "./middleware";
import { QueryParamParser } from "./queryparams";
import { groupView, reducedUserView } from "./views";

const EVERYONE = "Everyone";

const CREATE_GROUP = T.struct("CreateGroupRequest", {
  name: T.string,
  display_name: T.string,
  avatar_url: T.string,
  quota_allowance: T.int,
});

const PATCH_GROUP = T.struct("PatchGroupRequest", {
  add_users: T.slice(T.string),
  remove_users: T.slice(T.string),
  name: T.string,
  display_name: T.ptr(T.string),
  avatar_url: T.ptr(T.string),
  quota_allowance: T.ptr(T.int),
});

interface CreateGroupRequest {
  name: string;
  display_name: string;
  avatar_url: string;
  quota_allowance: number;
}

interface PatchGroupRequest {
  add_users: string[] | null;
  remove_users: string[] | null;
  name: string;
  display_name: string | null;
  avatar_url: string | null;
  quota_allowance: number | null;
}

/** quota_allowance is an int cast to int32 with no range check, so it wraps. */
const toInt32 = (n: number) => Number(BigInt.asIntN(32, BigInt(n)));

/** dbauthz denial of a write surfaces as a 500 from the failing query (unverified wording). */
export function unauthorizedWrite(): never {
  throw internalServerError("unauthorized: rbac: forbidden");
}

export function createGroup(ctx: RequestContext): Reply {
  const org = ctx.organization!;
  const req = readBody<CreateGroupRequest>(ctx, CREATE_GROUP);
  validateStruct([
    { field: "name", value: req.name, tags: "required,group_name" },
    { field: "display_name", value: req.display_name, tags: "omitempty,group_display_name" },
  ]);
  if (req.name === EVERYONE) {
    throw apiError(400, "Invalid group name.", undefined, [
      { field: "name", detail: '"Everyone" is a reserved group name' },
    ]);
  }
  if (!isOwner(ctx)) unauthorizedWrite();
  if (ctx.store.groupByOrgAndName(org.id, req.name)) {
    throw apiError(409, `A group named ${JSON.stringify(req.name)} already exists.`, undefined, [
      { field: "name", detail: "Group names must be unique" },
    ]);
  }
  const group: GroupRecord = {
    id: newId(),
    organizationId: org.id,
    name: req.name,
    displayName: req.display_name,
    avatarUrl: req.avatar_url,
    quotaAllowance: toInt32(req.quota_allowance),
    source: "user",
    memberIds: [],
  };
  ctx.store.groups.set(group.id, group);
  return ok(groupView(ctx.store, group), 201);
}

/** GET /groups (and /organizations/{org}/groups, which forces `organization`). */
export function listGroups(ctx: RequestContext, forcedOrganizationId?: string): Reply {
  const store = ctx.store;
  const vals = new URLSearchParams(ctx.query);
  if (forcedOrganizationId) vals.set("organization", forcedOrganizationId);
  const p = new QueryParamParser(vals);
  const orgId = p.uuidOrName("organization", (name) => {
    const org = store.organizationByName(name);
    return org ? org.id : new Error(`organization ${JSON.stringify(name)} not found`);
  });
  const memberId = p.uuidOrName("has_member", (name) => {
    const user = store.userByUsername(name);
    return user ? user.id : new Error(`user ${JSON.stringify(name)} not found`);
  });
  const groupIds = p.uuids("group_ids");
  p.errorExcessParams();
  p.throwIfErrors();
  const groups = [...store.groups.values()].filter(
    (g) =>
      (!orgId || orgId === "00000000-0000-0000-0000-000000000000" || g.organizationId === orgId) &&
      (!memberId || store.groupMemberIds(g).includes(memberId)) &&
      (groupIds.length === 0 || groupIds.includes(g.id)) &&
      canReadGroup(ctx, g.id),
  );
  return ok(groups.map((g) => groupView(store, g)));
}

export function listOrganizationGroups(ctx: RequestContext): Reply {
  return listGroups(ctx, ctx.organization!.id);
}

export function getGroup(ctx: RequestContext): Reply {
  const exclude = ctx.query.get("exclude_members") === "true";
  return ok(groupView(ctx.store, ctx.group!, { withMembers: !exclude }));
}

/** GET /organizations/{org}/groups/{groupName}: exact (case-sensitive) name lookup. */
export function loadGroupByName(ctx: RequestContext): void {
  const g = ctx.store.groupByOrgAndName(ctx.organization!.id, ctx.params["groupName"] ?? "");
  if (!g || !canReadGroup(ctx, g.id)) throw resourceNotFound();
  ctx.group = g;
}

export function getGroupByName(ctx: RequestContext): Reply {
  loadGroupByName(ctx);
  return ok(groupView(ctx.store, ctx.group!));
}

/** GroupMembersResponse, ordered by lower(username), with q/after_id/limit/offset. */
export function groupMembers(ctx: RequestContext): Reply {
  const store = ctx.store;
  const p = new QueryParamParser(ctx.query);
  const q = p.string("q").toLowerCase();
  const afterId = p.custom<string | undefined>("after_id", undefined, (v) => {
    if (v === "") return undefined;
    const id = parseUuid(v);
    return id.ok ? id.uuid : new Error(id.error);
  });
  const limit = p.int("limit", 0);
  const offset = p.int("offset", 0);
  p.throwIfErrors();
  let users = store
    .groupMemberIds(ctx.group!)
    .map((id) => store.users.get(id))
    .filter((u) => u !== undefined)
    .sort((a, b) => (a.username.toLowerCase() < b.username.toLowerCase() ? -1 : 1));
  if (q)
    users = users.filter((u) => u.username.toLowerCase().includes(q) || u.email.toLowerCase().includes(q));
  if (afterId) {
    const after = store.users.get(afterId);
    if (after) users = users.filter((u) => u.username.toLowerCase() > after.username.toLowerCase());
  }
  const count = users.length;
  users = users.slice(Math.max(offset, 0));
  if (limit > 0) users = users.slice(0, limit);
  return ok({ users: users.map(reducedUserView), count });
}

export function groupMembersByName(ctx: RequestContext): Reply {
  loadGroupByName(ctx);
  return groupMembers(ctx);
}

export function patchGroup(ctx: RequestContext): Reply {
  const store = ctx.store;
  const group = ctx.group!;
  const everyone = store.isEveryoneGroup(group);
  const req = readBody<PatchGroupRequest>(ctx, PATCH_GROUP);
  validateStruct([
    { field: "name", value: req.name, tags: "omitempty,group_name" },
    { field: "display_name", value: req.display_name, tags: "omitempty,group_display_name" },
  ]);
  const name = req.name === group.name ? "" : req.name;
  const adds = req.add_users ?? [];
  const removes = req.remove_users ?? [];
  if (everyone && name !== "") throw apiError(400, 'Cannot rename the "Everyone" group!');
  if (everyone && req.display_name)
    throw apiError(400, 'Cannot update the Display Name for the "Everyone" group!');
  if (name === EVERYONE) throw apiError(400, '"Everyone" is a reserved group name!');
  if (everyone && (adds.length > 0 || removes.length > 0)) {
    throw apiError(403, 'Cannot add or remove users from the "Everyone" group!');
  }
  const org = store.organizations.get(group.organizationId)!;
  const parsedIds = new Map<string, string>();
  for (const raw of [...adds, ...removes]) {
    const id = parseUuid(raw);
    if (!id.ok) throw apiError(400, `ID ${JSON.stringify(raw)} must be a valid user UUID.`);
    if (!org.memberIds.includes(id.uuid)) {
      // (sic) coderd interpolates the group's name, not the organization's.
      throw apiError(400, `User must be a member of organization ${JSON.stringify(group.name)}`);
    }
    parsedIds.set(raw, id.uuid);
  }
  if (name !== "" && store.groupByOrgAndName(group.organizationId, name)) {
    throw apiError(409, `A group with name ${JSON.stringify(name)} already exists.`);
  }
  if (!isOwner(ctx)) {
    // The transaction's first write is denied by dbauthz, which Is404Error maps to this 400.
    throw apiError(400, "Failed to add or remove non-existent group member", "unauthorized: rbac: forbidden");
  }
  // The transaction: compute everything first, commit only if every step succeeds.
  const members = [...group.memberIds];
  for (const raw of adds) {
    const id = parsedIds.get(raw)!;
    if (members.includes(id)) {
      throw apiError(
        400,
        "Cannot add the same user to a group twice!",
        'pq: duplicate key value violates unique constraint "group_members_user_id_group_id_key"',
      );
    }
    members.push(id);
  }
  for (const raw of removes) {
    const id = parsedIds.get(raw)!;
    const idx = members.indexOf(id);
    if (idx >= 0) members.splice(idx, 1);
  }
  if (name !== "") group.name = name;
  if (req.display_name !== null) group.displayName = req.display_name;
  if (req.avatar_url !== null) group.avatarUrl = req.avatar_url;
  if (req.quota_allowance !== null) group.quotaAllowance = toInt32(req.quota_allowance);
  if (!everyone) group.memberIds = members;
  return ok(groupView(store, group));
}

export function deleteGroup(ctx: RequestContext): Reply {
  const group = ctx.group!;
  if (ctx.store.isEveryoneGroup(group))
    throw apiError(400, '"Everyone" is a reserved group and cannot be deleted!');
  if (!ctx.store.isOwner(actor(ctx))) unauthorizedWrite();
  ctx.store.groups.delete(group.id);
  return ok({ message: "Successfully deleted group!" });
}
