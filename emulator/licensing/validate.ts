// License upload validation (BEHAVIOUR.md "Licensing"), mirroring enterprise/coderd/license ParseClaimsIgnoreNbf + validateClaims
// and the deployment check in enterprise/coderd/licenses.go postLicense. Every jwt-library problem
// (format, signature, alg, kid, expired exp, future iat, wrong claim types) is collapsed to
// ErrMultipleIssues; nbf is deliberately not enforced.

import { randomUUID } from "node:crypto";
import { decodeGoJson, GoJsonError, type GoType, parseFirstJsonValue, T, toAny } from "../http/godecode";
import { GoNumber, goQuoteSlice } from "../http/goencode";
import { ApiError, apiError } from "../http/response";
import { parseUuid } from "../http/uuid";
import type { ParsedLicenseClaims } from "../state/records";
import { type LicenseKey, verifyJwt } from "./jwt";

export const ERR_MULTIPLE_ISSUES = "license has multiple issues; contact support";
export const ERR_VERSION = "license must be version 3";
export const ERR_IAT = "license has invalid or missing iat (issued at) claim";
export const ERR_NBF = "license has invalid or missing nbf (not before) claim";
export const ERR_LICENSE_EXPIRES = "license has invalid or missing license_expires claim";
export const ERR_EXP = "license has invalid or missing exp (expires at) claim";
export const ERR_ACCOUNT_TYPE = "license must contain valid account type";
export const ERR_ACCOUNT_ID = "license must contain valid account ID";

// license.Claims (jwt.RegisteredClaims embedded). NumericDate fields accept any JSON number.
const CLAIMS_TYPE: GoType = T.struct("Claims", {
  iss: T.string,
  sub: T.string,
  aud: T.any,
  exp: T.any,
  nbf: T.any,
  iat: T.any,
  jti: T.string,
  license_expires: T.any,
  account_type: T.string,
  account_id: T.string,
  deployment_ids: T.slice(T.string),
  trial: T.bool,
  feature_set: T.string,
  all_features: T.bool,
  version: { k: "uint64" },
  features: T.map(T.int64),
  require_telemetry: T.bool,
  publish_usage_data: T.bool,
});

interface DecodedClaims {
  exp: unknown;
  nbf: unknown;
  iat: unknown;
  jti: string;
  license_expires: unknown;
  account_type: string;
  account_id: string;
  deployment_ids: string[] | null;
  trial: boolean;
  all_features: boolean;
  version: number;
  features: Map<string, number> | null;
}

/** A NumericDate: seconds since epoch (may be fractional), or undefined when absent/not a number. */
function numericDate(v: unknown): number | undefined {
  if (v instanceof GoNumber) return Number(v.raw);
  return undefined;
}

function invalidLicense(detail: string): ApiError {
  return apiError(400, "Invalid license", detail);
}

/**
 * coderd's cap on license_expires: `time.Now().Add(5 * 365 * 24 * time.Hour)` (enterprise/coderd/
 * license/license.go), a fixed duration that ignores leap days, so it is up to two days shorter than
 * five calendar years.
 */
const FIVE_YEARS_MS = 5 * 365 * 24 * 3600 * 1000;
function fiveYearsFrom(ms: number): number {
  return ms + FIVE_YEARS_MS;
}

export interface ValidLicense {
  uuid: string;
  claims: unknown;
  parsed: ParsedLicenseClaims;
}

export function validateLicenseJwt(
  jwt: string,
  keys: LicenseKey[],
  deploymentId: string,
  nowMs: number,
): ValidLicense {
  const verified = verifyJwt(jwt, keys);
  if (!verified.ok) throw invalidLicense(ERR_MULTIPLE_ISSUES);
  let c: DecodedClaims;
  let verbatim: unknown;
  try {
    c = decodeGoJson<DecodedClaims>(verified.payloadJson, CLAIMS_TYPE);
    verbatim = toAny(parseFirstJsonValue(verified.payloadJson));
  } catch (e) {
    if (e instanceof GoJsonError) throw invalidLicense(ERR_MULTIPLE_ISSUES);
    throw e;
  }
  if (!(verbatim instanceof Map)) throw invalidLicense(ERR_MULTIPLE_ISSUES);
  const nowSec = nowMs / 1000;
  const exp = numericDate(c.exp);
  const iat = numericDate(c.iat);
  const nbf = numericDate(c.nbf);
  const licenseExpires = numericDate(c.license_expires);
  // A present-but-non-numeric date is a JSON error inside the jwt library.
  for (const [raw, parsed] of [
    [c.exp, exp],
    [c.iat, iat],
    [c.nbf, nbf],
    [c.license_expires, licenseExpires],
  ] as const) {
    if (raw !== null && raw !== undefined && parsed === undefined) throw invalidLicense(ERR_MULTIPLE_ISSUES);
  }
  // jwt RegisteredClaims.Valid(): expired exp or iat in the future (nbf ignored by coderd).
  if (exp !== undefined && nowSec > exp) throw invalidLicense(ERR_MULTIPLE_ISSUES);
  if (iat !== undefined && iat > nowSec) throw invalidLicense(ERR_MULTIPLE_ISSUES);

  if (c.version !== 3) throw invalidLicense(ERR_VERSION);
  if (iat === undefined) throw invalidLicense(ERR_IAT);
  if (nbf === undefined) throw invalidLicense(ERR_NBF);
  if (licenseExpires === undefined || licenseExpires * 1000 > fiveYearsFrom(nowMs))
    throw invalidLicense(ERR_LICENSE_EXPIRES);
  if (exp === undefined) throw invalidLicense(ERR_EXP);
  if (c.account_type === "") throw invalidLicense(ERR_ACCOUNT_TYPE);
  if (c.account_id === "") throw invalidLicense(ERR_ACCOUNT_ID);

  const deploymentIds = c.deployment_ids ?? [];
  if (deploymentIds.length > 0 && !deploymentIds.includes(deploymentId)) {
    throw new ApiError(400, {
      message: "License cannot be used on this deployment!",
      detail: `The provided license is locked to the following deployments: ${goQuoteSlice(deploymentIds)}. Your deployment identifier is ${JSON.stringify(deploymentId)}. Please contact sales.`,
    });
  }
  const jti = parseUuid(c.jti);
  return {
    uuid: jti.ok ? jti.uuid : randomUUID(),
    claims: verbatim,
    parsed: {
      exp,
      licenseExpires,
      trial: c.trial,
      allFeatures: c.all_features,
      features: c.features ?? new Map(),
    },
  };
}
