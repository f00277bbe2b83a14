// Users (coderd/users.go, semantics-next §7): create with login type and organizations, soft
// delete, profile, status suspend/activate, site roles, password.

import { T } from "../http/godecode";
import {
  apiError,
  forbidden,
  internalServerError,
  ok,
  type Reply,
  resourceNotFound,
  type ValidationError,
  validationFailed,
} from "../http/response";
import { NIL_UUID, parseUuid } from "../http/uuid";
import { nameValid, validateStruct } from "../http/validate";
import { newId, newSessionToken, sha256Hex } from "../state/ids";
import type { UserRecord } from "../state/records";
import { newUserRecord } from "../state/seed";
import { actor, isOwner, type RequestContext, readBody } from "./context";
import { userView } from "./views";

const CREATE_USER = T.struct("CreateUserRequestWithOrgs", {
  email: T.string,
  username: T.string,
  name: T.string,
  password: T.string,
  login_type: T.string,
  user_status: T.ptr(T.string),
  organization_ids: T.slice(T.uuid),
  organization_id: T.uuid,
});

interface CreateUserRequest {
  email: string;
  username: string;
  name: string;
  password: string;
  login_type: string;
  user_status: string | null;
  organization_ids: string[] | null;
  organization_id: string;
}

const UPDATE_PROFILE = T.struct("UpdateUserProfileRequest", { username: T.string, name: T.string });
const UPDATE_ROLES = T.struct("UpdateRoles", { roles: T.slice(T.string) });
const UPDATE_PASSWORD = T.struct("UpdateUserPasswordRequest", {
  old_password: T.string,
  password: T.string,
});

/** Site roles that can be assigned (coderd/rbac/roles.go); `member` is implied and never stored. */
export const SITE_ROLES = ["owner", "auditor", "template-admin", "user-admin"] as const;

const USER_STATUSES = ["active", "dormant", "suspended"];

/**
 * httpmw.ExtractUserParam: "me", a UUID or a username. Lookup by id does not filter deleted users,
 * so `tombstones` lets GET and DELETE see them (semantics-next §7.2).
 */
export function userParam(ctx: RequestContext, opts: { tombstones?: boolean } = {}): UserRecord {
  const ref = ctx.params["user"] ?? "";
  if (ref === "me") return actor(ctx);
  const id = parseUuid(ref);
  const user = id.ok
    ? (ctx.store.users.get(id.uuid) ?? (opts.tombstones ? ctx.store.deletedUsers.get(id.uuid) : undefined))
    : ctx.store.userByUsername(ref);
  if (!user) {
    throw apiError(
      400,
      '"user" must be an existing uuid or username.',
      `queried user=${JSON.stringify(ref)}`,
    );
  }
  return user;
}

/** validator "email" (a practical subset of go-playground's regexp). */
function emailValid(s: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s);
}

/** codersdk.UserRealNameValid: ≤128 characters, no leading/trailing whitespace. */
function realNameValid(s: string): boolean {
  if (s === "") return true;
  if ([...s].length > 128) return false;
  return s.trim() === s;
}

const SPECIAL = " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

/** Entropy as wagslane/go-password-validator computes it (base charset size × usable length). */
function passwordEntropy(pw: string): number {
  let base = 0;
  const has = (re: RegExp) => re.test(pw);
  if (has(/[a-z]/)) base += 26;
  if (has(/[A-Z]/)) base += 26;
  if (has(/[0-9]/)) base += 10;
  if ([...pw].some((c) => SPECIAL.includes(c))) base += SPECIAL.length;
  const others = new Set([...pw].filter((c) => !/[a-zA-Z0-9]/.test(c) && !SPECIAL.includes(c)));
  base += others.size;
  // More than two repeats of the same character count as two.
  const length = pw.replace(/(.)\1{2,}/g, "$1$1").length;
  return base === 0 ? 0 : Math.log2(base) * length;
}

/** userpassword.Validate: entropy ≥ 52 bits, at most 64 characters. Returns the problem or undefined. */
export function passwordProblem(pw: string): string | undefined {
  if (passwordEntropy(pw) < 52) {
    const tips: string[] = [];
    if (![...pw].some((c) => SPECIAL.includes(c))) tips.push("including more special characters");
    if (!/[a-z]/.test(pw)) tips.push("using lowercase letters");
    if (!/[A-Z]/.test(pw)) tips.push("using uppercase letters");
    if (!/[0-9]/.test(pw)) tips.push("using numbers");
    return tips.length > 0
      ? `insecure password, try ${tips.join(", ")} or using a longer password`
      : "insecure password, try using a longer password";
  }
  if (pw.length > 64) return "password must be no more than 64 characters";
  return undefined;
}

function invalidPassword(problem: string) {
  return apiError(400, "Password is invalid", undefined, [{ field: "password", detail: problem }]);
}

/** POST /users → 201 User (checks in coderd's order, §7.1). */
export function createUser(ctx: RequestContext): Reply {
  const store = ctx.store;
  const req = readBody<CreateUserRequest>(ctx, CREATE_USER);
  // Struct order: email (required,email), username (required,username), name (user_real_name).
  const failures: ValidationError[] = [];
  const fail = (field: string, tag: string, value: string) =>
    failures.push({ field, detail: `Validation failed for tag "${tag}" with value: "${value}"` });
  if (req.email === "") fail("email", "required", req.email);
  else if (!emailValid(req.email)) fail("email", "email", req.email);
  if (req.username === "") fail("username", "required", req.username);
  else if (!nameValid(req.username)) fail("username", "username", req.username);
  if (!realNameValid(req.name)) fail("name", "user_real_name", req.name);
  if (failures.length > 0) throw validationFailed(failures);
  const loginType = req.login_type === "" ? "password" : req.login_type;
  if (loginType !== "password" && req.password !== "") {
    throw apiError(
      400,
      `Password cannot be set for non-password (${JSON.stringify(loginType)}) authentication.`,
    );
  }
  const orgIds = [...(req.organization_ids ?? [])];
  if (req.organization_id !== NIL_UUID) orgIds.push(req.organization_id);
  if (orgIds.length === 0) {
    throw apiError(
      400,
      "No organization specified to place the user as a member of. It is required to specify at least one organization id to place the user in.",
      "required at least 1 value for the array 'organization_ids'",
      [{ field: "organization_ids", detail: "Missing values, this cannot be empty" }],
    );
  }
  const emailLower = req.email.toLowerCase();
  const taken =
    store.userByUsername(req.username) !== undefined ||
    [...store.users.values()].some((u) => u.email.toLowerCase() === emailLower);
  if (taken) throw apiError(409, "User already exists.");
  const orgs = orgIds.map((id) => {
    const org = id === NIL_UUID ? store.defaultOrganization() : store.organizations.get(id);
    if (!org) throw apiError(404, `Organization does not exist with the provided id ${JSON.stringify(id)}.`);
    return org;
  });
  switch (loginType) {
    case "password": {
      const problem = passwordProblem(req.password);
      if (problem) throw invalidPassword(problem);
      break;
    }
    case "oidc":
      if (!store.oidcConfigured) throw apiError(400, "You must configure OIDC before creating OIDC users.");
      break;
    case "github":
    case "none":
      break;
    default:
      throw apiError(
        400,
        `Unsupported login type ${JSON.stringify(loginType)} for manually creating new users.`,
      );
  }
  if (req.user_status !== null && !USER_STATUSES.includes(req.user_status)) {
    throw apiError(400, `Invalid user status ${JSON.stringify(req.user_status)}.`);
  }
  if (!isOwner(ctx)) throw apiError(403, "You are not authorized to create users.");
  const id = newId();
  const user = newUserRecord(id, req.username, newSessionToken(), ctx.now, {
    name: req.name,
    email: req.email,
  });
  user.loginType = loginType as UserRecord["loginType"];
  // queries/users.sql: status defaults to dormant until the first login.
  user.status = (req.user_status ?? "dormant") as UserRecord["status"];
  store.users.set(id, user);
  if (loginType === "password") store.userPasswordHashes.set(id, sha256Hex(req.password));
  for (const org of orgs) if (!org.memberIds.includes(id)) org.memberIds.push(id);
  return ok(userView(store, user), 201);
}

/** GET /users/{user}, including tombstones by id. */
export function getUser(ctx: RequestContext): Reply {
  return ok(userView(ctx.store, userParam(ctx, { tombstones: true })));
}

/** DELETE /users/{user}: soft delete; 417 while the user owns workspaces. */
export function deleteUser(ctx: RequestContext): Reply {
  const store = ctx.store;
  const user = userParam(ctx, { tombstones: true });
  if (user.id === actor(ctx).id) throw apiError(403, "You cannot delete yourself!");
  if ([...store.workspaces.values()].some((w) => w.ownerId === user.id)) {
    throw apiError(
      417,
      "You cannot delete a user that has workspaces. Delete their workspaces and try again!",
    );
  }
  if (!isOwner(ctx)) throw forbidden();
  store.users.delete(user.id);
  store.deletedUsers.set(user.id, user);
  store.userPasswordHashes.delete(user.id);
  for (const org of store.organizations.values()) {
    org.memberIds = org.memberIds.filter((id) => id !== user.id);
    store.organizationMembers.delete(`${org.id}/${user.id}`);
  }
  for (const g of store.groups.values()) g.memberIds = g.memberIds.filter((id) => id !== user.id);
  for (const t of store.templates.values()) t.userAcl.delete(user.id);
  return ok({ message: "User has been deleted!" });
}

/** PUT /users/{user}/profile: username (required) and name (full replace). */
export function putProfile(ctx: RequestContext): Reply {
  const user = userParam(ctx);
  const req = readBody<{ username: string; name: string }>(ctx, UPDATE_PROFILE);
  validateStruct([{ field: "username", value: req.username, tags: "required,username" }]);
  if (!realNameValid(req.name)) {
    throw apiError(400, "Validation failed.", undefined, [
      { field: "name", detail: `Validation failed for tag "user_real_name" with value: "${req.name}"` },
    ]);
  }
  const self = user.id === actor(ctx).id;
  if (!isOwner(ctx) && !(self && req.username === user.username)) throw resourceNotFound();
  const other = ctx.store.userByUsername(req.username);
  if (other && other.id !== user.id) {
    throw apiError(409, "A user with this username already exists.", undefined, [
      { field: "username", detail: "This username is already in use." },
    ]);
  }
  user.username = req.username;
  user.name = req.name;
  user.updatedAt = ctx.now;
  return ok(userView(ctx.store, user));
}

function setStatus(ctx: RequestContext, status: "active" | "suspended"): Reply {
  const user = userParam(ctx);
  if (status === "suspended") {
    if (user.id === actor(ctx).id) throw apiError(400, "You cannot suspend yourself.");
    if (user.siteRoles.includes("owner")) {
      throw apiError(400, 'You cannot suspend a user with the "owner" role. You must remove the role first.');
    }
  }
  if (!isOwner(ctx)) throw internalServerError(`Internal error updating user's status to "${status}".`);
  user.status = status;
  user.updatedAt = ctx.now;
  return ok(userView(ctx.store, user));
}

export const suspendUser = (ctx: RequestContext): Reply => setStatus(ctx, "suspended");
export const activateUser = (ctx: RequestContext): Reply => setStatus(ctx, "active");

/** PUT /users/{user}/roles: full replace of the site roles. */
export function putUserRoles(ctx: RequestContext): Reply {
  const user = userParam(ctx);
  if (user.id === actor(ctx).id) throw apiError(400, "You cannot change your own roles.");
  const req = readBody<{ roles: string[] | null }>(ctx, UPDATE_ROLES);
  if (!isOwner(ctx)) throw forbidden();
  const roles = [...new Set(req.roles ?? [])].filter((r) => r !== "member");
  for (const r of roles) {
    if (!(SITE_ROLES as readonly string[]).includes(r)) {
      throw apiError(400, `${JSON.stringify(r)} is not a supported role`);
    }
  }
  user.siteRoles = roles;
  user.updatedAt = ctx.now;
  return ok(userView(ctx.store, user));
}

/** PUT /users/{user}/password → 204. Owners need no old password for other users. */
export function putUserPassword(ctx: RequestContext): Reply {
  const user = userParam(ctx);
  const req = readBody<{ old_password: string; password: string }>(ctx, UPDATE_PASSWORD);
  validateStruct([{ field: "password", value: req.password, tags: "required" }]);
  if (user.loginType !== "password") {
    throw apiError(400, "Users without password login type cannot change their password.");
  }
  const self = user.id === actor(ctx).id;
  if (!isOwner(ctx) && !self) throw resourceNotFound();
  if (self || !isOwner(ctx)) {
    if (sha256Hex(req.old_password) !== ctx.store.userPasswordHashes.get(user.id)) {
      throw apiError(400, "Old password is incorrect.", undefined, [
        { field: "old_password", detail: "Old password is incorrect." },
      ]);
    }
  }
  const problem = passwordProblem(req.password);
  if (problem) throw invalidPassword(problem);
  ctx.store.userPasswordHashes.set(user.id, sha256Hex(req.password));
  return { status: 204 };
}
