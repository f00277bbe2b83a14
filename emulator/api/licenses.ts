// Licenses (enterprise/coderd/licenses.go) and GET /entitlements (BEHAVIOUR.md "Licensing",
// "Entitlements").

import { T } from "../http/godecode";
import { goTime } from "../http/goencode";
import { apiError, empty, forbidden, ok, type Reply } from "../http/response";
import { validateStruct } from "../http/validate";
import { entitlementsBody } from "../licensing/entitlements";
import { validateLicenseJwt } from "../licensing/validate";
import type { LicenseRecord } from "../state/records";
import { isOwner, type RequestContext, readBody } from "./context";

const ADD_LICENSE = T.struct("AddLicenseRequest", { license: T.string });

/** Coderd's rate limit on POST /licenses/refresh-entitlements. */
const REFRESH_INTERVAL_MS = 60_000;

function licenseView(l: LicenseRecord) {
  return { id: l.id, uuid: l.uuid, uploaded_at: goTime(l.uploadedAt), claims: l.claims };
}

export function postLicense(ctx: RequestContext): Reply {
  if (!isOwner(ctx)) throw forbidden();
  const req = readBody<{ license: string }>(ctx, ADD_LICENSE);
  validateStruct([{ field: "license", value: req.license, tags: "required" }]);
  const valid = validateLicenseJwt(req.license, ctx.core.licenseKeys, ctx.store.deploymentId, ctx.now);
  const store = ctx.store;
  const record: LicenseRecord = {
    id: store.nextLicenseId++,
    uuid: valid.uuid,
    uploadedAt: ctx.now,
    jwt: req.license,
    claims: valid.claims,
    parsed: valid.parsed,
  };
  store.licenses.set(record.id, record);
  return ok(licenseView(record), 201);
}

/** Non-owners see an empty (null) list rather than a 403; no licenses at all is `null` too. */
export function listLicenses(ctx: RequestContext): Reply {
  if (!isOwner(ctx) || ctx.store.licenses.size === 0) return ok(null);
  return ok([...ctx.store.licenses.values()].map(licenseView));
}

export function deleteLicense(ctx: RequestContext): Reply {
  const raw = ctx.params["id"] ?? "";
  // strconv.ParseInt(raw, 10, 32)
  const valid = /^[+-]?\d+$/.test(raw) && Number(raw) >= -(2 ** 31) && Number(raw) <= 2 ** 31 - 1;
  if (!valid) throw apiError(404, "License ID must be an integer");
  if (!isOwner(ctx)) throw forbidden();
  const id = Number(raw);
  if (!ctx.store.licenses.has(id)) throw apiError(404, "Unknown license ID");
  ctx.store.licenses.delete(id);
  return empty(200);
}

export function refreshEntitlements(ctx: RequestContext): Reply {
  if (!isOwner(ctx)) throw forbidden();
  const store = ctx.store;
  const since = ctx.now - store.lastEntitlementsRefresh;
  if (since < REFRESH_INTERVAL_MS) {
    const wait = Math.ceil((REFRESH_INTERVAL_MS - since) / 1000);
    const err = apiError(
      400,
      `Entitlements already recently refreshed, please wait ${wait} seconds to force a new refresh`,
    );
    return { ...err.toReply(), headers: { "Retry-After": String(wait) } };
  }
  store.lastEntitlementsRefresh = ctx.now;
  return ok({ message: "Entitlements updated" });
}

export function getEntitlements(ctx: RequestContext): Reply {
  return ok(entitlementsBody(ctx.store, ctx.now));
}
