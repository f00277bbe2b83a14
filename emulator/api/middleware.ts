// The httpmw middlewares coderd puts in front of the routes we emulate: API key extraction, the
// Premium feature gate, and the org/group/template/user path-param loaders (BEHAVIOUR.md
// "Authentication", "Feature gates", "Path parameters").

import { goTimeString } from "../http/goencode";
import { ApiError, apiError, coderResponse, resourceNotFound } from "../http/response";
import { NIL_UUID, parseUuid } from "../http/uuid";
import { featureEnabled } from "../licensing/entitlements";
import { premiumFeatureMessage } from "../licensing/features";
import type { OrganizationRecord } from "../state/records";
import type { Store } from "../state/store";
import type { RequestContext } from "./context";

export const SIGNED_OUT_MESSAGE =
  "You are signed out or your session has expired. Please sign in again to continue.";

/**
 * RFC 6750 / RFC 9728 header coderd adds on 401 (BEHAVIOUR.md "Authentication"). The description is
 * picked by looking for "expired" in the message or detail, and the signed-out message always holds it;
 * v2.30.0 ends the value with the protected-resource metadata URL under the access URL.
 */
export function wwwAuthenticate(accessUrl: string): string {
  return (
    'Bearer realm="coder", error="invalid_token", error_description="The access token has expired", ' +
    `resource_metadata="${accessUrl}/.well-known/oauth-protected-resource"`
  );
}

function unauthorized(ctx: RequestContext, detail: string): ApiError {
  return new ApiError(401, coderResponse(SIGNED_OUT_MESSAGE, detail), {
    "WWW-Authenticate": wwwAuthenticate(ctx.core.accessUrl),
  });
}

/** httpmw.SplitAPIToken: `<10-char id>-<22-char secret>`, or the error text coderd prefixes. */
export function apiTokenFormatError(token: string): string | undefined {
  const parts = token.split("-");
  if (parts.length !== 2) return `incorrect amount of API key parts, expected 2 got ${parts.length}`;
  if (parts[0]!.length !== 10) return `invalid API key ID length, expected 10 got ${parts[0]!.length}`;
  if (parts[1]!.length !== 22) return `invalid API key secret length, expected 22 got ${parts[1]!.length}`;
  return undefined;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const idx = part.indexOf("=");
    if (idx < 0) continue;
    if (part.slice(0, idx).trim() === name) return part.slice(idx + 1).trim();
  }
  return undefined;
}

/** httpmw.APITokenFromRequest: cookie, then query param, then header, then Bearer. */
function tokenFromRequest(ctx: RequestContext): string {
  const cookie = cookieValue(ctx.req.headers.cookie, "coder_session_token");
  if (cookie) return cookie;
  const q = ctx.query.get("coder_session_token");
  if (q) return q;
  const h = ctx.req.headers["coder-session-token"];
  if (typeof h === "string" && h) return h;
  const auth = ctx.req.headers.authorization;
  if (auth?.toLowerCase().startsWith("bearer ")) return auth.slice(7).trim();
  return "";
}

/** httpmw.ExtractAPIKey with its distinct 401 details. */
export function apiKey(ctx: RequestContext): void {
  const token = tokenFromRequest(ctx);
  if (!token) throw unauthorized(ctx, 'Cookie "coder_session_token" or query parameter must be provided.');
  // The format is checked before any lookup, so even a token the emulator issued must be well formed.
  const formatError = apiTokenFormatError(token);
  if (formatError) throw unauthorized(ctx, `Invalid API key format: ${formatError}`);
  const user = ctx.store.userByToken(token);
  if (!user) {
    const id = token.split("-")[0];
    const sameId = [...ctx.store.users.values()].find((u) => u.token.split("-")[0] === id);
    throw unauthorized(ctx, sameId ? "API key secret is invalid." : "API key is invalid.");
  }
  if (user.tokenExpiresAt !== undefined && user.tokenExpiresAt <= ctx.now) {
    throw unauthorized(ctx, `API key expired at "${goTimeString(user.tokenExpiresAt)}".`);
  }
  if (user.status === "suspended") {
    throw new ApiError(
      403,
      coderResponse("Your account has been suspended. Contact an admin to reactivate your account."),
    );
  }
  ctx.user = user;
}

/** RequireFeatureMW: 403 "<Feature> is a Premium feature. Contact sales!" when not entitled. */
export function requireFeature(feature: string) {
  return (ctx: RequestContext): void => {
    if (!featureEnabled(ctx.store, feature, ctx.now)) throw apiError(403, premiumFeatureMessage(feature));
  };
}

/** httpmw.ParseUUIDParam. */
export function parseUuidParam(ctx: RequestContext, name: string): string {
  const raw = ctx.params[name] ?? "";
  if (raw === "") throw apiError(400, "Missing UUID in URL.", `"${name}" URL param missing`);
  const parsed = parseUuid(raw);
  if (!parsed.ok) throw apiError(400, `Invalid UUID "${raw}".`, parsed.error);
  return parsed.uuid;
}

/** Resolves an organization reference: UUID (nil UUID = default), name, or the literal "default". */
export function resolveOrganization(store: Store, ref: string): OrganizationRecord | undefined {
  if (ref === "default") return store.defaultOrganization();
  const id = parseUuid(ref);
  if (id.ok) {
    if (id.uuid === NIL_UUID) return store.defaultOrganization();
    // Lookup by id does not filter `deleted` (semantics-next §6.7): soft-deleted orgs still resolve.
    return store.organizations.get(id.uuid) ?? store.deletedOrganizations.get(id.uuid);
  }
  return store.organizationByName(ref);
}

/**
 * httpmw.ExtractOrganizationParam (coderd/httpmw/organizationparam.go): an unknown or unreadable
 * organization is one generic 404 body in v2.30.0 (BEHAVIOUR.md "Path parameters").
 */
export function organizationParam(ctx: RequestContext): void {
  const ref = ctx.params["organization"] ?? "";
  const org = resolveOrganization(ctx.store, ref);
  const user = ctx.user!;
  const visible = org && (ctx.store.isOwner(user) || org.memberIds.includes(user.id));
  if (!org || !visible) throw resourceNotFound();
  ctx.organization = org;
}

/** httpmw.ExtractGroupParam: UUID only; unreadable groups are 404 like missing ones. */
export function groupParam(ctx: RequestContext): void {
  const id = parseUuidParam(ctx, "group");
  const group = ctx.store.groups.get(id);
  if (!group || !canReadGroup(ctx, group.id)) throw resourceNotFound();
  ctx.group = group;
}

/** Owners read every group; other users only the groups they belong to (dbauthz filter). */
export function canReadGroup(ctx: RequestContext, groupId: string): boolean {
  const user = ctx.user!;
  if (ctx.store.isOwner(user)) return true;
  const group = ctx.store.groups.get(groupId);
  return group !== undefined && ctx.store.groupMemberIds(group).includes(user.id);
}

/** httpmw.ExtractTemplateParam: UUID only; unreadable templates are 404. */
export function templateParam(ctx: RequestContext): void {
  const id = parseUuidParam(ctx, "template");
  const t = ctx.store.templates.get(id);
  if (!t || !ctx.store.canReadTemplate(ctx.user!, t)) throw resourceNotFound();
  ctx.template = t;
}
