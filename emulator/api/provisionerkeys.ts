// Provisioner keys (enterprise/coderd/provisionerkeys.go; BEHAVIOUR.md "Provisioner keys"). Names are validated by hand (no regex),
// stored lower-cased and unique per org case-insensitively; the reserved keys exist only in the
// default org and are hidden from the plain list.

import { T } from "../http/godecode";
import { goTime } from "../http/goencode";
import { apiError, empty, internalServerError, ok, type Reply, resourceNotFound } from "../http/response";
import { newId, randomAlnum, sha256Hex } from "../state/ids";
import type { ProvisionerKeyRecord } from "../state/records";
import { isOwner, type RequestContext, readBody } from "./context";
import { provisionerKeyView } from "./views";

const CREATE_KEY = T.struct("CreateProvisionerKeyRequest", { name: T.string, tags: T.map(T.string) });

/** codersdk reserved provisioner key ids and names. */
export const RESERVED_KEYS = [
  { id: "00000000-0000-0000-0000-000000000001", name: "built-in" },
  { id: "00000000-0000-0000-0000-000000000002", name: "user-auth" },
  { id: "00000000-0000-0000-0000-000000000003", name: "psk" },
] as const;

function isReservedName(name: string): boolean {
  return RESERVED_KEYS.some((k) => k.name.toLowerCase() === name.toLowerCase());
}

function keysOfOrg(ctx: RequestContext): ProvisionerKeyRecord[] {
  const orgId = ctx.organization!.id;
  return [...ctx.store.provisionerKeys.values()].filter((k) => k.organizationId === orgId);
}

export function createProvisionerKey(ctx: RequestContext): Reply {
  const org = ctx.organization!;
  const req = readBody<{ name: string; tags: Map<string, string> | null }>(ctx, CREATE_KEY);
  const invalid = (msg: string) => apiError(400, msg, undefined, [{ field: "name", detail: msg }]);
  if (req.name === "") throw invalid("Name is required");
  if (Buffer.byteLength(req.name) > 64) throw invalid("Name must be at most 64 characters");
  if (isReservedName(req.name)) throw invalid(`Name cannot be reserved name '${req.name}'`);
  if (!isOwner(ctx)) throw internalServerError("unauthorized: rbac: forbidden");
  const lower = req.name.toLowerCase();
  if (keysOfOrg(ctx).some((k) => k.name === lower)) {
    throw apiError(409, `Provisioner key with name '${req.name}' already exists in organization`);
  }
  const secret = randomAlnum(43);
  const key: ProvisionerKeyRecord = {
    id: newId(),
    organizationId: org.id,
    name: lower,
    tags: req.tags ?? new Map(),
    createdAt: ctx.now,
    hashedSecret: sha256Hex(secret),
  };
  ctx.store.provisionerKeys.set(key.id, key);
  return ok({ key: secret }, 201);
}

export function listProvisionerKeys(ctx: RequestContext): Reply {
  const keys = keysOfOrg(ctx).sort((a, b) => a.createdAt - b.createdAt);
  return ok(keys.map(provisionerKeyView));
}

/** Reserved key rows as the migration created them (default org only), for the daemons view. */
function reservedKeyView(ctx: RequestContext, k: (typeof RESERVED_KEYS)[number], orgId: string) {
  return {
    id: k.id,
    created_at: goTime(ctx.store.defaultOrganization().createdAt),
    organization: orgId,
    name: k.name,
    tags: new Map<string, string>(),
  };
}

/** Includes the reserved keys that exist in this org; user-auth is always added for any org. */
export function listProvisionerKeyDaemons(ctx: RequestContext): Reply {
  const org = ctx.organization!;
  const reserved = org.isDefault ? RESERVED_KEYS : RESERVED_KEYS.filter((k) => k.name === "user-auth");
  const out = [
    ...reserved.map((k) => ({ key: reservedKeyView(ctx, k, org.id), daemons: [] })),
    ...keysOfOrg(ctx).map((k) => ({ key: provisionerKeyView(k), daemons: [] })),
  ];
  return ok(out);
}

export function deleteProvisionerKey(ctx: RequestContext): Reply {
  const org = ctx.organization!;
  const name = ctx.params["name"] ?? "";
  const reserved = RESERVED_KEYS.find((k) => k.name === name.toLowerCase());
  if (reserved) {
    if (!org.isDefault) throw resourceNotFound();
    throw apiError(400, `Cannot delete reserved '${reserved.name}' provisioner key`);
  }
  const key = keysOfOrg(ctx).find((k) => k.name === name.toLowerCase());
  if (!key) throw resourceNotFound();
  if (!isOwner(ctx)) throw internalServerError("unauthorized: rbac: forbidden");
  ctx.store.provisionerKeys.delete(key.id);
  return empty(204);
}
