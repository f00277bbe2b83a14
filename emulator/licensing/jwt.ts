// Minimal EdDSA (Ed25519) JWT signing/verification with node:crypto. The emulator owns a key pair
// (fresh per process) and accepts only licenses signed by it, identified by the header `kid`.

import { createHash, generateKeyPairSync, type KeyObject, sign, verify } from "node:crypto";

export interface LicenseKey {
  kid: string;
  publicKey: KeyObject;
  privateKey: KeyObject;
}

export function newLicenseKey(): LicenseKey {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const der = publicKey.export({ type: "spki", format: "der" });
  const kid = "emulator-" + createHash("sha256").update(der).digest("hex").slice(0, 12);
  return { kid, publicKey, privateKey };
}

const b64url = (buf: Buffer | string) => Buffer.from(buf).toString("base64url");

export function signJwt(
  key: LicenseKey,
  payload: unknown,
  headerOverrides: Record<string, unknown> = {},
): string {
  const header = { alg: "EdDSA", typ: "JWT", kid: key.kid, ...headerOverrides };
  for (const [k, v] of Object.entries(header)) if (v === null) delete (header as Record<string, unknown>)[k];
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const sig = sign(null, Buffer.from(signingInput), key.privateKey);
  return `${signingInput}.${b64url(sig)}`;
}

export type JwtCheck = { ok: true; payloadJson: string } | { ok: false; reason: string };

const B64URL = /^[A-Za-z0-9_-]*={0,2}$/;

/**
 * Verifies structure, header (alg EdDSA, known kid) and signature. Claim validation is done by the
 * caller. Failure reasons are internal only: coderd collapses all of them into "multiple issues".
 */
export function verifyJwt(token: string, keys: LicenseKey[]): JwtCheck {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "token contains an invalid number of segments" };
  const [h, p, s] = parts as [string, string, string];
  if (!B64URL.test(h) || !B64URL.test(p) || !B64URL.test(s))
    return { ok: false, reason: "malformed segment" };
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(h, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed header" };
  }
  if (!header || typeof header !== "object") return { ok: false, reason: "malformed header" };
  if (header["alg"] !== "EdDSA") return { ok: false, reason: "signing method is invalid" };
  if (typeof header["kid"] !== "string") return { ok: false, reason: "JOSE header must contain kid" };
  const key = keys.find((k) => k.kid === header["kid"]);
  if (!key) return { ok: false, reason: "no key found" };
  const valid = verify(null, Buffer.from(`${h}.${p}`), key.publicKey, Buffer.from(s, "base64url"));
  if (!valid) return { ok: false, reason: "signature is invalid" };
  return { ok: true, payloadJson: Buffer.from(p, "base64url").toString("utf8") };
}
