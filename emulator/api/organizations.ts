// Organization create/update/delete (enterprise/coderd/organizations.go, semantics-next §6.5–6.7).
// Every route sits behind apiKey → multiple_organizations (gate after auth) → (org param).

import { T } from "../http/godecode";
import { apiError, internalServerError, ok, type Reply, resourceNotFound } from "../http/response";
import { validateStruct } from "../http/validate";
import { newId } from "../state/ids";
import type { OrganizationRecord } from "../state/records";
import { insertOrganization } from "../state/seed";
import type { Store } from "../state/store";
import { actor, isOwner, type RequestContext, readBody } from "./context";
import { requireFeature } from "./middleware";
import { organizationView } from "./views";

const CREATE_ORGANIZATION = T.struct("CreateOrganizationRequest", {
  name: T.string,
  display_name: T.string,
  description: T.string,
  icon: T.string,
});

const UPDATE_ORGANIZATION = T.struct("UpdateOrganizationRequest", {
  name: T.string,
  display_name: T.string,
  description: T.ptr(T.string),
  icon: T.ptr(T.string),
});

interface CreateOrganizationRequest {
  name: string;
  display_name: string;
  description: string;
  icon: string;
}

interface UpdateOrganizationRequest {
  name: string;
  display_name: string;
  description: string | null;
  icon: string | null;
}

const RESERVED_NAME = 'Organization name "default" is reserved.';

/** A non-deleted organization with this name, case-insensitively (idx_organization_name_lower). */
function nameTaken(store: Store, name: string, except?: string): boolean {
  const other = store.organizationByName(name);
  return other !== undefined && other.id !== except;
}

const multipleOrganizations = requireFeature("multiple_organizations");

/**
 * PATCH and DELETE /organizations/{org} check `multiple_organizations` after the API key and
 * before the org param (an unlicensed call on an unknown org is a 403, not a 404); GET is ungated.
 * Runs as the first middleware of the {org} mount, so it looks at the method and remaining path.
 */
export function organizationWriteGate(ctx: RequestContext): void {
  if (ctx.method !== "PATCH" && ctx.method !== "DELETE") return;
  const path = (ctx.req.url ?? "").split("?")[0]!.replace(/\/+$/, "");
  if (/^\/api\/v2\/organizations\/[^/]+$/.test(path)) multipleOrganizations(ctx);
}

/** POST /organizations → 201. The creator becomes a plain member; the Everyone group is created. */
export function createOrganization(ctx: RequestContext): Reply {
  multipleOrganizations(ctx);
  const req = readBody<CreateOrganizationRequest>(ctx, CREATE_ORGANIZATION);
  validateStruct([
    { field: "name", value: req.name, tags: "required,organization_name" },
    { field: "display_name", value: req.display_name, tags: "omitempty,organization_display_name" },
  ]);
  if (req.name === "default") throw apiError(400, RESERVED_NAME);
  if (nameTaken(ctx.store, req.name)) throw apiError(409, "Organization already exists with that name.");
  // Only owners hold organization:create; the insert fails inside the transaction (UNCONFIRMED wording).
  if (!isOwner(ctx)) {
    throw apiError(500, "Internal error inserting organization member.", "unauthorized: rbac: forbidden");
  }
  const org = insertOrganization(
    ctx.store,
    newId(),
    req.name,
    req.display_name === "" ? req.name : req.display_name,
    ctx.now,
  );
  org.description = req.description;
  org.icon = req.icon;
  org.memberIds.push(actor(ctx).id);
  return ok(organizationView(org), 201);
}

/** PATCH /organizations/{org}: merge; "" name/display_name mean unchanged, null description/icon too. */
export function updateOrganization(ctx: RequestContext): Reply {
  const org = ctx.organization!;
  const req = readBody<UpdateOrganizationRequest>(ctx, UPDATE_ORGANIZATION);
  validateStruct([
    { field: "name", value: req.name, tags: "omitempty,organization_name" },
    { field: "display_name", value: req.display_name, tags: "omitempty,organization_display_name" },
  ]);
  if (req.name === "default") throw apiError(400, RESERVED_NAME);
  if (!isOwner(ctx)) throw resourceNotFound();
  if (req.name !== "" && nameTaken(ctx.store, req.name, org.id)) {
    throw apiError(409, `Organization already exists with the name ${JSON.stringify(req.name)}.`, undefined, [
      { field: "name", detail: "This value is already in use and should be unique." },
    ]);
  }
  if (req.name !== "") org.name = req.name;
  if (req.display_name !== "") org.displayName = req.display_name;
  if (req.description !== null) org.description = req.description;
  if (req.icon !== null) org.icon = req.icon;
  org.updatedAt = ctx.now;
  return ok(organizationView(org));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * The protect_deleting_organizations trigger's blockers, worded like the handler's re-count
 * (GetOrganizationResourceCountByID): members and groups are counted minus the creator/Everyone.
 */
function deletionBlockers(store: Store, org: OrganizationRecord): string[] {
  const workspaces = [...store.workspaces.values()].filter((w) => w.organizationId === org.id).length;
  const templates = [...store.templates.values()].filter((t) => t.organizationId === org.id).length;
  const members = org.memberIds.length - 1;
  const groups = store.groupsOfOrganization(org.id).length - 1;
  const keys = [...store.provisionerKeys.values()].filter((k) => k.organizationId === org.id).length;
  const parts: string[] = [];
  if (workspaces > 0) parts.push(plural(workspaces, "workspace"));
  if (templates > 0) parts.push(plural(templates, "template"));
  if (members > 0) parts.push(plural(members, "member"));
  if (groups > 0) parts.push(plural(groups, "group"));
  if (keys > 0) parts.push(plural(keys, "provisioner key"));
  return parts;
}

/** DELETE /organizations/{org}: soft delete, blocked (500) by anything still in the organization. */
export function deleteOrganization(ctx: RequestContext): Reply {
  const org = ctx.organization!;
  if (org.isDefault) throw apiError(400, "Default organization cannot be deleted.");
  if (!ctx.store.organizations.has(org.id)) {
    // Already soft-deleted (reachable by id only): the UPDATE matches no row.
    throw internalServerError("sql: no rows in result set");
  }
  const blockers = isOwner(ctx) ? deletionBlockers(ctx.store, org) : [];
  if (!isOwner(ctx) || blockers.length > 0) {
    throw apiError(
      500,
      "Error deleting organization.",
      `This organization has ${blockers.join(", ")} that must be deleted first.`,
    );
  }
  const store = ctx.store;
  store.organizations.delete(org.id);
  store.deletedOrganizations.set(org.id, org);
  store.groups.delete(org.id);
  for (const key of [...store.organizationMembers.keys()]) {
    if (key.startsWith(`${org.id}/`)) store.organizationMembers.delete(key);
  }
  store.groupSync.delete(org.id);
  store.roleSync.delete(org.id);
  return ok({ message: "Organization has been deleted." });
}
