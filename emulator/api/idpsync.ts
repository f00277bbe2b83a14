// IdP sync settings (enterprise/coderd/idpsync.go; BEHAVIOUR.md "IdP sync"): group and role sync per organization and
// organization sync for the deployment. Full PATCH replaces the object; PATCH /config replaces every
// non-mapping field (omitted = zero value); PATCH /mapping applies an add/remove diff that never
// deletes keys.
//
// `{}` versus `null` (BEHAVIOUR.md "IdP sync mapping"): idpsync.*SyncSettings marshal a nil mapping as
// `{}` (coderd/idpsync/group.go, role.go, organization.go MarshalJSON/String) and stored values are
// written with String(), so what is stored here is always a map. The only `null` mapping on the wire is
// the response of a group or role `/config` PATCH on an organization where nothing was stored yet (the
// handler copies the nil `existing.Mapping` into a plain codersdk struct); a key removed from a missing
// entry is `"key": null`.

import type { DecodedRegexp } from "../http/godecode";
import { type GoType, T } from "../http/godecode";
import { apiError, forbidden, ok, type Reply } from "../http/response";
import type {
  GroupSyncSettings,
  OrganizationSyncSettings,
  RoleSyncSettings,
  SyncMapping,
} from "../state/records";
import { isOwner, type RequestContext, readBody } from "./context";

const mappingRequest = (name: string, gets: GoType) =>
  T.struct(name, {
    Add: T.slice(T.struct("IDPSyncMapping", { Given: T.string, Gets: gets })),
    Remove: T.slice(T.struct("IDPSyncMapping", { Given: T.string, Gets: gets })),
  });

const GROUP_SETTINGS = T.struct("GroupSyncSettings", {
  field: T.string,
  mapping: T.map(T.slice(T.uuid)),
  regex_filter: T.ptr(T.regexp),
  auto_create_missing_groups: T.bool,
  legacy_group_name_mapping: T.map(T.string),
});
const GROUP_CONFIG = T.struct("PatchGroupIDPSyncConfigRequest", {
  field: T.string,
  regex_filter: T.ptr(T.regexp),
  auto_create_missing_groups: T.bool,
});
const ROLE_SETTINGS = T.struct("RoleSyncSettings", { field: T.string, mapping: T.map(T.slice(T.string)) });
const ROLE_CONFIG = T.struct("PatchRoleIDPSyncConfigRequest", { field: T.string });
const ORG_SETTINGS = T.struct("OrganizationSyncSettings", {
  field: T.string,
  mapping: T.map(T.slice(T.uuid)),
  organization_assign_default: T.bool,
});
const ORG_CONFIG = T.struct("PatchOrganizationIDPSyncConfigRequest", {
  field: T.string,
  assign_default: T.bool,
});

interface MappingDiff {
  Add: { Given: string; Gets: string }[] | null;
  Remove: { Given: string; Gets: string }[] | null;
}

// ---- defaults and views ---------------------------------------------------------------------------

const defaultGroupSync = (): GroupSyncSettings => ({
  field: "",
  mapping: new Map(),
  regexFilter: null,
  autoCreateMissingGroups: false,
  legacyGroupNameMapping: null,
});
const defaultRoleSync = (): RoleSyncSettings => ({ field: "", mapping: new Map() });
/**
 * Built from deployment flags when nothing is stored: --oidc-organization-mapping defaults to "{}"
 * and organization_assign_default to true (codersdk/deployment.go).
 */
const defaultOrgSync = (): OrganizationSyncSettings => ({
  field: "",
  mapping: new Map(),
  assignDefault: true,
});

function groupSyncView(s: GroupSyncSettings) {
  return {
    field: s.field,
    mapping: s.mapping,
    regex_filter: s.regexFilter,
    auto_create_missing_groups: s.autoCreateMissingGroups,
    legacy_group_name_mapping:
      s.legacyGroupNameMapping && s.legacyGroupNameMapping.size > 0 ? s.legacyGroupNameMapping : undefined,
  };
}
const roleSyncView = (s: RoleSyncSettings) => ({ field: s.field, mapping: s.mapping });
const orgSyncView = (s: OrganizationSyncSettings) => ({
  field: s.field,
  mapping: s.mapping,
  organization_assign_default: s.assignDefault,
});

/** applyIDPSyncMappingDiff: set-append adds, then removes (so remove wins); keys are never deleted. */
export function applyMappingDiff(current: SyncMapping | null, diff: MappingDiff): SyncMapping {
  const m: SyncMapping = new Map();
  for (const [k, v] of current ?? []) m.set(k, v === null ? null : [...v]);
  for (const { Given, Gets } of diff.Add ?? []) {
    const values = m.get(Given) ?? [];
    if (!values.includes(Gets)) values.push(Gets);
    m.set(Given, values);
  }
  for (const { Given, Gets } of diff.Remove ?? []) {
    const values = m.get(Given);
    m.set(Given, values ? values.filter((v) => v !== Gets) : null);
  }
  return m;
}

// ---- authz ------------------------------------------------------------------------------------------

/** Explicit api.Authorize on idpsync_settings: 403 Forbidden (owner only here; no org admins). */
function requireIdpSyncAccess(ctx: RequestContext): void {
  if (!isOwner(ctx)) throw forbidden();
}

// ---- group sync (per org) -----------------------------------------------------------------------------

function storedGroupSync(ctx: RequestContext): GroupSyncSettings {
  return ctx.store.groupSync.get(ctx.organization!.id) ?? defaultGroupSync();
}

export function getGroupSync(ctx: RequestContext): Reply {
  requireIdpSyncAccess(ctx);
  return ok(groupSyncView(storedGroupSync(ctx)));
}

export function patchGroupSync(ctx: RequestContext): Reply {
  requireIdpSyncAccess(ctx);
  const req = readBody<{
    field: string;
    mapping: SyncMapping | null;
    regex_filter: DecodedRegexp | null;
    auto_create_missing_groups: boolean;
    legacy_group_name_mapping: Map<string, string> | null;
  }>(ctx, GROUP_SETTINGS);
  if (req.legacy_group_name_mapping && req.legacy_group_name_mapping.size > 0) {
    throw apiError(
      400,
      "Unexpected field 'legacy_group_name_mapping'. Field not allowed, set to null or remove it.",
      "legacy_group_name_mapping is deprecated, use mapping instead",
      [{ field: "legacy_group_name_mapping", detail: "field is not allowed" }],
    );
  }
  const next: GroupSyncSettings = {
    field: req.field,
    mapping: req.mapping ?? new Map(),
    regexFilter: req.regex_filter?.source ?? null,
    autoCreateMissingGroups: req.auto_create_missing_groups,
    legacyGroupNameMapping: null,
  };
  ctx.store.groupSync.set(ctx.organization!.id, next);
  return ok(groupSyncView(next));
}

export function patchGroupSyncConfig(ctx: RequestContext): Reply {
  requireIdpSyncAccess(ctx);
  const req = readBody<{
    field: string;
    regex_filter: DecodedRegexp | null;
    auto_create_missing_groups: boolean;
  }>(ctx, GROUP_CONFIG);
  const stored = ctx.store.groupSync.get(ctx.organization!.id);
  const next: GroupSyncSettings = {
    ...(stored ?? defaultGroupSync()),
    field: req.field,
    regexFilter: req.regex_filter?.source ?? null,
    autoCreateMissingGroups: req.auto_create_missing_groups,
  };
  ctx.store.groupSync.set(ctx.organization!.id, next);
  // Quirk: nothing stored before → the response carries the nil mapping (`null`); the store has {}.
  return ok(groupSyncView(stored ? next : { ...next, mapping: null }));
}

export function patchGroupSyncMapping(ctx: RequestContext): Reply {
  requireIdpSyncAccess(ctx);
  const diff = readBody<MappingDiff>(ctx, mappingRequest("PatchGroupIDPSyncMappingRequest", T.uuid));
  const cur = storedGroupSync(ctx);
  const next = { ...cur, mapping: applyMappingDiff(cur.mapping, diff) };
  ctx.store.groupSync.set(ctx.organization!.id, next);
  return ok(groupSyncView(next));
}

// ---- role sync (per org) ------------------------------------------------------------------------------

function storedRoleSync(ctx: RequestContext): RoleSyncSettings {
  return ctx.store.roleSync.get(ctx.organization!.id) ?? defaultRoleSync();
}

export function getRoleSync(ctx: RequestContext): Reply {
  requireIdpSyncAccess(ctx);
  return ok(roleSyncView(storedRoleSync(ctx)));
}

export function patchRoleSync(ctx: RequestContext): Reply {
  requireIdpSyncAccess(ctx);
  const req = readBody<{ field: string; mapping: SyncMapping | null }>(ctx, ROLE_SETTINGS);
  const next: RoleSyncSettings = { field: req.field, mapping: req.mapping ?? new Map() };
  ctx.store.roleSync.set(ctx.organization!.id, next);
  return ok(roleSyncView(next));
}

export function patchRoleSyncConfig(ctx: RequestContext): Reply {
  requireIdpSyncAccess(ctx);
  const req = readBody<{ field: string }>(ctx, ROLE_CONFIG);
  const stored = ctx.store.roleSync.get(ctx.organization!.id);
  const next = { ...(stored ?? defaultRoleSync()), field: req.field };
  ctx.store.roleSync.set(ctx.organization!.id, next);
  // Same quirk as the group /config PATCH: `null` mapping in the response when nothing was stored.
  return ok(roleSyncView(stored ? next : { ...next, mapping: null }));
}

export function patchRoleSyncMapping(ctx: RequestContext): Reply {
  requireIdpSyncAccess(ctx);
  const diff = readBody<MappingDiff>(ctx, mappingRequest("PatchRoleIDPSyncMappingRequest", T.string));
  const cur = storedRoleSync(ctx);
  const next = { ...cur, mapping: applyMappingDiff(cur.mapping, diff) };
  ctx.store.roleSync.set(ctx.organization!.id, next);
  return ok(roleSyncView(next));
}

// ---- organization sync (deployment) -------------------------------------------------------------------

/** Once stored, OrganizationSyncSettings.String() turns a null mapping into {}. */
function storeOrgSync(ctx: RequestContext, s: OrganizationSyncSettings): OrganizationSyncSettings {
  const stored = { ...s, mapping: s.mapping ?? new Map() };
  ctx.store.organizationSync = stored;
  return stored;
}

export function getOrgSync(ctx: RequestContext): Reply {
  requireIdpSyncAccess(ctx);
  return ok(orgSyncView(ctx.store.organizationSync ?? defaultOrgSync()));
}

export function patchOrgSync(ctx: RequestContext): Reply {
  requireIdpSyncAccess(ctx);
  const req = readBody<{ field: string; mapping: SyncMapping | null; organization_assign_default: boolean }>(
    ctx,
    ORG_SETTINGS,
  );
  const next = storeOrgSync(ctx, {
    field: req.field,
    mapping: req.mapping,
    assignDefault: req.organization_assign_default,
  });
  return ok(orgSyncView(next));
}

export function patchOrgSyncConfig(ctx: RequestContext): Reply {
  requireIdpSyncAccess(ctx);
  const req = readBody<{ field: string; assign_default: boolean }>(ctx, ORG_CONFIG);
  const cur = ctx.store.organizationSync ?? defaultOrgSync();
  const next = storeOrgSync(ctx, { ...cur, field: req.field, assignDefault: req.assign_default });
  return ok(orgSyncView(next));
}

export function patchOrgSyncMapping(ctx: RequestContext): Reply {
  requireIdpSyncAccess(ctx);
  const diff = readBody<MappingDiff>(ctx, mappingRequest("PatchOrganizationIDPSyncMappingRequest", T.uuid));
  const cur = ctx.store.organizationSync ?? defaultOrgSync();
  const next = storeOrgSync(ctx, { ...cur, mapping: applyMappingDiff(cur.mapping, diff) });
  return ok(orgSyncView(next));
}

// ---- claim fields ---------------------------------------------------------------------------------------

function claimUsers(ctx: RequestContext) {
  const users = [...ctx.store.users.values()];
  const org = ctx.organization;
  return org ? users.filter((u) => org.memberIds.includes(u.id)) : users;
}

export function availableFields(ctx: RequestContext): Reply {
  if (!isOwner(ctx)) {
    throw apiError(
      403,
      "You do not have permission to view the available IDP fields",
      "idpsync_settings.read permission is required",
    );
  }
  const keys = new Set<string>();
  for (const u of claimUsers(ctx)) for (const k of Object.keys(u.claims)) keys.add(k);
  // The handler returns the query's nil slice when no user has claims: `null`, not `[]`.
  return ok(keys.size === 0 ? null : [...keys].sort());
}

export function fieldValues(ctx: RequestContext): Reply {
  if (!isOwner(ctx)) {
    throw apiError(
      403,
      "You do not have permission to view the IDP claim field values",
      "idpsync_settings.read permission is required",
    );
  }
  const field = ctx.query.get("claimField") ?? "";
  if (field === "") throw apiError(400, "claimField query parameter is required");
  const values = new Set<string>();
  for (const u of claimUsers(ctx)) {
    const v = u.claims[field];
    if (typeof v === "string") values.add(v);
    else if (Array.isArray(v)) for (const item of v) if (typeof item === "string") values.add(item);
  }
  return ok([...values].sort());
}
