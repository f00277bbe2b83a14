// Template ACLs (enterprise/coderd/templates.go; BEHAVIOUR.md "Template ACL"): GET returns `{users, group}` (singular key), PATCH
// merges user_perms/group_perms (role "" deletes) and answers with a message, not the ACL.

import { T } from "../http/godecode";
import {
  apiError,
  internalServerError,
  ok,
  type Reply,
  resourceNotFound,
  type ValidationError,
} from "../http/response";
import { parseUuid } from "../http/uuid";
import type { TemplateRole } from "../state/records";
import { isOwner, type RequestContext, readBody } from "./context";
import { groupView, reducedUserView, userView } from "./views";

const UPDATE_ACL = T.struct("UpdateTemplateACL", {
  user_perms: T.map(T.named("codersdk.TemplateRole")),
  group_perms: T.map(T.named("codersdk.TemplateRole")),
});

export function getTemplateAcl(ctx: RequestContext): Reply {
  const store = ctx.store;
  const t = ctx.template!;
  const users = [...t.userAcl]
    .map(([id, role]) => ({ user: store.users.get(id), role }))
    .filter((e) => e.user !== undefined)
    .map((e) => ({ ...userView(store, e.user!), role: e.role }));
  // Entries of deleted groups/users stay in the stored ACL but the join drops them.
  const group = [...t.groupAcl]
    .map(([id, role]) => ({ g: store.groups.get(id), role }))
    .filter((e) => e.g !== undefined)
    .map((e) => ({ ...groupView(store, e.g!), role: e.role }));
  return ok({ users, group });
}

export function patchTemplateAcl(ctx: RequestContext): Reply {
  const store = ctx.store;
  const t = ctx.template!;
  const req = readBody<{ user_perms: Map<string, string> | null; group_perms: Map<string, string> | null }>(
    ctx,
    UPDATE_ACL,
  );
  const validations: ValidationError[] = [];
  const check = (
    field: string,
    perms: Map<string, string> | null,
    exists: (id: string) => boolean,
    kind: string,
  ) => {
    for (const [rawId, role] of perms ?? []) {
      if (role !== "admin" && role !== "use" && role !== "") {
        validations.push({ field, detail: `role ${JSON.stringify(role)} is not a valid template role` });
        continue;
      }
      const id = parseUuid(rawId);
      if (!id.ok) {
        validations.push({ field, detail: `${rawId} is not a valid UUID.` });
        continue;
      }
      // Entries being removed are not checked for existence.
      if (role !== "" && !exists(id.uuid))
        validations.push({ field, detail: `${kind} with ID ${id.uuid} does not exist` });
    }
  };
  check("user_perms", req.user_perms, (id) => store.users.has(id), "user");
  check("group_perms", req.group_perms, (id) => store.groups.has(id), "group");
  if (validations.length > 0)
    throw apiError(400, "Invalid request to update template ACL", undefined, validations);
  if (!isOwner(ctx)) throw internalServerError("unauthorized: rbac: forbidden");
  const apply = (acl: Map<string, TemplateRole>, perms: Map<string, string> | null) => {
    for (const [rawId, role] of perms ?? []) {
      const id = (parseUuid(rawId) as { uuid: string }).uuid;
      if (role === "") acl.delete(id);
      else acl.set(id, role as TemplateRole);
    }
  };
  apply(t.userAcl, req.user_perms);
  apply(t.groupAcl, req.group_perms);
  return ok({ message: "Successfully updated template ACL list." });
}

/** GET /acl/available: org users and groups (without members); needs template update, else 404. */
export function getTemplateAclAvailable(ctx: RequestContext): Reply {
  if (!isOwner(ctx)) throw resourceNotFound();
  const store = ctx.store;
  const org = store.organizations.get(ctx.template!.organizationId)!;
  const q = (ctx.query.get("q") ?? "").toLowerCase();
  const limit = Number(ctx.query.get("limit") ?? "0") || 0;
  let users = org.memberIds.map((id) => store.users.get(id)).filter((u) => u !== undefined);
  if (q)
    users = users.filter((u) => u.username.toLowerCase().includes(q) || u.email.toLowerCase().includes(q));
  if (limit > 0) users = users.slice(0, limit);
  const groups = store.groupsOfOrganization(org.id).map((g) => groupView(store, g, { withMembers: false }));
  return ok({ users: users.map(reducedUserView), groups });
}
