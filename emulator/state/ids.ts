// Random identifiers in the formats coderd uses.

import { createHash, randomBytes, randomUUID } from "node:crypto";

const ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** cryptorand.String(n): alphanumeric. */
export function randomAlnum(n: number): string {
  const bytes = randomBytes(n);
  let out = "";
  for (let i = 0; i < n; i++) out += ALNUM[bytes[i]! % ALNUM.length];
  return out;
}

export function randomHex(n: number): string {
  return randomBytes(Math.ceil(n / 2))
    .toString("hex")
    .slice(0, n);
}

export const newId = (): string => randomUUID();

/** A session token in coderd's `<10-char id>-<22-char secret>` format. */
export function newSessionToken(): string {
  return `${randomAlnum(10)}-${randomAlnum(22)}`;
}

export function sha256Hex(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}
