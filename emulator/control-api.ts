// The /emulator/v1 control API (CONTRACT.md): test set-up and inspection, no auth, never logged and
// never subject to faults. Bodies are plain JSON (not Go-decoded: this is our API, not coderd's).

import { randomUUID } from "node:crypto";
import type { Emulator } from "./emulator";
import { type FaultSpec, FaultSpecError } from "./faults";
import type { Reply } from "./http/response";
import { coderResponse, ok } from "./http/response";
import { parseUuid } from "./http/uuid";
import { FEATURE_NAMES, LIMIT_FEATURES } from "./licensing/features";
import { signJwt } from "./licensing/jwt";
import type { RateLimitConfig } from "./ratelimit";
import { newId, newSessionToken } from "./state/ids";
import { insertOrganization, insertTemplate, newUserRecord } from "./state/seed";
import type { LicenseMode } from "./state/store";

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const bad = (msg: string) => new ControlError(400, msg);

function parseBody(text: string): Record<string, unknown> {
  if (text.trim() === "") return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw bad("Request body must be valid JSON.");
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) throw bad("Request body must be a JSON object.");
  return v as Record<string, unknown>;
}

function licenseModeOf(v: unknown): LicenseMode {
  if (v === "all" || v === "none") return v;
  throw bad('license must be "all" or "none"');
}

/** Seconds since epoch from an ISO string or a number of seconds. */
function toEpochSeconds(v: unknown, field: string): number {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const ms = Date.parse(v);
    if (!Number.isNaN(ms)) return Math.floor(ms / 1000);
  }
  throw bad(`${field} must be an ISO timestamp or epoch seconds`);
}

/** Default license: every feature granted (limits at 1000), valid for a year. */
export function mintClaims(emu: Emulator, body: Record<string, unknown>): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  const inAYear = now + 365 * 24 * 3600;
  const features: Record<string, number> = {};
  for (const f of FEATURE_NAMES) features[f] = LIMIT_FEATURES.has(f) ? 1000 : 1;
  const claims: Record<string, unknown> = {
    iss: "coder-emulator",
    sub: "emulator",
    exp: inAYear,
    nbf: now,
    iat: now,
    jti: randomUUID(),
    license_expires: inAYear,
    account_type: "salesforce",
    account_id: "emulator",
    trial: false,
    version: 3,
    features,
  };
  const { expiresAt, header: _header, ...overrides } = body;
  if (expiresAt !== undefined) {
    const at = toEpochSeconds(expiresAt, "expiresAt");
    claims["license_expires"] = at;
    claims["exp"] = at;
  }
  for (const [k, v] of Object.entries(overrides)) {
    if (v === null) delete claims[k];
    else claims[k] = v;
  }
  void emu;
  return claims;
}

/** `{limit, windowMs?}`: limit <= 0 turns the limiter off; windowMs defaults to the current one. */
function rateLimitOf(b: Record<string, unknown>, currentWindowMs: number): RateLimitConfig {
  const limit = b["limit"];
  if (typeof limit !== "number" || !Number.isInteger(limit))
    throw bad("limit must be a whole number (0 or negative = off)");
  const windowMs = b["windowMs"] ?? currentWindowMs;
  if (typeof windowMs !== "number" || !Number.isInteger(windowMs) || windowMs < 1000)
    throw bad("windowMs must be a whole number of milliseconds, at least 1000");
  return { limit, windowMs };
}

export async function handleControl(
  emu: Emulator,
  method: string,
  segs: string[],
  bodyText: string,
): Promise<Reply> {
  try {
    return route(emu, method, segs, bodyText);
  } catch (e) {
    if (e instanceof ControlError) return { status: e.status, body: coderResponse(e.message) };
    if (e instanceof FaultSpecError) return { status: 400, body: coderResponse(e.message) };
    throw e;
  }
}

function route(emu: Emulator, method: string, segs: string[], bodyText: string): Reply {
  const path = segs.join("/");
  const body = () => parseBody(bodyText);
  const key = `${method} ${path}`;
  switch (key) {
    case "GET seed":
      return ok(emu.seedView());
    case "POST reset": {
      const b = body();
      emu.reset(b["license"] === undefined ? undefined : licenseModeOf(b["license"]));
      return ok({});
    }
    case "POST users":
      return ok(addUser(emu, body()));
    case "POST organizations":
      return ok(addOrganization(emu, body()));
    case "POST templates":
      return ok(addTemplate(emu, body()));
    case "POST licenses/mint": {
      const b = body();
      const header = b["header"];
      if (header !== undefined && (typeof header !== "object" || header === null))
        throw bad("header must be an object");
      return ok({
        jwt: signJwt(emu.licenseKey, mintClaims(emu, b), (header ?? {}) as Record<string, unknown>),
      });
    }
    case "POST license-mode":
      emu.core.store.licenseMode = licenseModeOf(body()["license"]);
      return ok({});
    case "GET requests":
      return ok(emu.requestLog.entries());
    case "DELETE requests":
      emu.requestLog.clear();
      return ok({});
    case "GET faults":
      return ok(emu.faults.list());
    case "POST faults":
      return ok({ id: emu.faults.add(body() as unknown as FaultSpec).id });
    case "DELETE faults":
      emu.faults.clear();
      return ok({});
    case "GET state":
      return ok(emu.stateDump());
    case "POST workspaces":
      return ok(addWorkspace(emu, body()));
    case "PATCH deployment-options":
      return ok(patchDeploymentOptions(emu, body()));
    case "GET rate-limit":
      return ok(emu.rateLimiter.settings);
    case "PUT rate-limit":
      emu.rateLimiter.configure(rateLimitOf(body(), emu.rateLimiter.settings.windowMs));
      return ok(emu.rateLimiter.settings);
    case "GET experiments":
      return ok(emu.core.experiments);
    case "POST experiments": {
      const list = body()["experiments"];
      if (!Array.isArray(list) || list.some((e) => typeof e !== "string"))
        throw bad("experiments must be an array of strings");
      emu.core.experiments = list.map((e: string) => e.toLowerCase());
      return ok({});
    }
    default:
      break;
  }
  if (method === "DELETE" && segs.length === 2 && segs[0] === "workspaces") {
    if (!emu.core.store.workspaces.delete(segs[1] ?? "")) throw new ControlError(404, "workspace not found");
    return ok({});
  }
  if (method === "POST" && segs.length === 3 && segs[0] === "users" && segs[2] === "expire-token") {
    const user = emu.core.store.users.get(segs[1] ?? "");
    if (!user) throw new ControlError(404, "user not found");
    const b = body();
    user.tokenExpiresAt = b["at"] === undefined ? Date.now() - 1000 : toEpochSeconds(b["at"], "at") * 1000;
    return ok({});
  }
  return { status: 404, body: coderResponse("Route not found.") };
}

function addUser(emu: Emulator, b: Record<string, unknown>) {
  const store = emu.core.store;
  const username = b["username"];
  if (typeof username !== "string" || username === "") throw bad("username is required");
  if (store.userByUsername(username))
    throw new ControlError(409, `user ${JSON.stringify(username)} already exists`);
  const orgIds = b["organizationIds"] ?? [store.defaultOrganization().id];
  if (!Array.isArray(orgIds)) throw bad("organizationIds must be an array");
  for (const id of orgIds)
    if (!store.organizations.has(String(id))) throw bad(`unknown organization ${JSON.stringify(id)}`);
  const claims = b["claims"] ?? {};
  if (typeof claims !== "object" || claims === null || Array.isArray(claims))
    throw bad("claims must be an object");
  const id = newId();
  const now = Date.now();
  const user = newUserRecord(id, username, newSessionToken(), now, {
    email: typeof b["email"] === "string" ? b["email"] : undefined,
    name: typeof b["name"] === "string" ? b["name"] : undefined,
    owner: b["owner"] === true,
  });
  user.claims = claims as Record<string, unknown>;
  store.users.set(id, user);
  for (const orgId of orgIds) store.organizations.get(String(orgId))!.memberIds.push(id);
  return { id, username, token: user.token };
}

function addOrganization(emu: Emulator, b: Record<string, unknown>) {
  const store = emu.core.store;
  const name = b["name"];
  if (typeof name !== "string" || name === "") throw bad("name is required");
  if (store.organizationByName(name))
    throw new ControlError(409, `organization ${JSON.stringify(name)} already exists`);
  const displayName = typeof b["displayName"] === "string" ? b["displayName"] : name;
  const org = insertOrganization(store, newId(), name, displayName, Date.now());
  // Like an org created through the API by the owner: the owner becomes a member.
  const owner = [...store.users.values()].find((u) => u.token === emu.seed.ownerToken);
  if (owner) org.memberIds.push(owner.id);
  return { id: org.id, name: org.name };
}

function addTemplate(emu: Emulator, b: Record<string, unknown>) {
  const store = emu.core.store;
  const name = b["name"];
  const orgRef = b["organizationId"] ?? store.defaultOrganization().id;
  if (typeof name !== "string" || name === "") throw bad("name is required");
  const parsed = typeof orgRef === "string" ? parseUuid(orgRef) : undefined;
  const orgId = parsed?.ok ? parsed.uuid : "";
  if (!orgId || !store.organizations.has(orgId)) throw bad(`unknown organization ${JSON.stringify(orgRef)}`);
  for (const t of store.templates.values()) {
    if (t.organizationId === orgId && t.name.toLowerCase() === name.toLowerCase()) {
      throw new ControlError(409, `template ${JSON.stringify(name)} already exists in that organization`);
    }
  }
  const owner = [...store.users.values()].find((u) => u.token === emu.seed.ownerToken);
  const t = insertTemplate(store, newId(), name, orgId, owner?.id ?? "", Date.now());
  return { id: t.id, name: t.name, organizationId: t.organizationId };
}

/** A workspace owned by a user: it blocks deleting that user (417) and its organization. */
function addWorkspace(emu: Emulator, b: Record<string, unknown>) {
  const store = emu.core.store;
  const ownerId = b["ownerId"];
  if (typeof ownerId !== "string" || !store.users.has(ownerId))
    throw bad("ownerId must be an existing user id");
  const orgId = b["organizationId"] ?? store.defaultOrganization().id;
  if (typeof orgId !== "string" || !store.organizations.has(orgId))
    throw bad(`unknown organization ${JSON.stringify(orgId)}`);
  const name = typeof b["name"] === "string" ? b["name"] : "ws";
  const id = newId();
  store.workspaces.set(id, { id, name, ownerId, organizationId: orgId });
  return { id, name, ownerId, organizationId: orgId };
}

/** Known keys only, each with the type of its default: a typo must not pass silently. */
function patchDeploymentOptions(emu: Emulator, b: Record<string, unknown>) {
  const opts = emu.core.store.deploymentOptions as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(b)) {
    if (!(k in opts)) throw bad(`unknown deployment option ${JSON.stringify(k)}`);
    if (typeof v !== typeof opts[k]) throw bad(`${k} must be a ${typeof opts[k]}`);
  }
  Object.assign(opts, b);
  return opts;
}
