import { z } from "zod";

/**
 * Validation rules shared by several resources, mirroring Coder's own (codersdk/name.go), so bad
 * input fails at preview with the property named instead of at apply with a generic 400.
 */
const NAME_REGEX = /^[a-zA-Z0-9]+(?:-[a-zA-Z0-9]+)*$/;
const UUID_REGEX = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const uuid = (what: string) =>
  z.string().regex(UUID_REGEX, `${what} must be a UUID (e.g. 3fa85f64-5717-4562-b3fc-2c963f66afa6)`);

/** Coder's NameValid/GroupNameValid: alphanumeric with single hyphens, not "new"/"create". */
export function coderName(maxLength: number) {
  return z
    .string()
    .min(1, "must be at least 1 character")
    .max(maxLength, `must be at most ${maxLength} characters`)
    .regex(NAME_REGEX, "must be alphanumeric with single hyphens between characters (Coder's name rule)")
    .refine((n) => n !== "new" && n !== "create", {
      message: 'cannot be "new" or "create" (reserved by Coder)',
    });
}

/** Coder's DisplayNameValid: "" or ≤64 characters without leading/trailing whitespace. */
export const displayName = z
  .string()
  .max(64, "must be at most 64 characters")
  .refine((s) => s === "" || /^[^\s](.*[^\s])?$/s.test(s), {
    message: "must not start or end with whitespace",
  });

export const httpUrl = (what: string) =>
  z.string().refine(
    (s) => {
      try {
        const u = new URL(s);
        return (u.protocol === "http:" || u.protocol === "https:") && u.host !== "";
      } catch {
        return false;
      }
    },
    { message: `${what} must be an absolute http:// or https:// URL` },
  );

/** A list of UUIDs treated as a set: duplicates rejected, stored sorted so order never diffs. */
export function uuidSet(what: string) {
  return z
    .array(uuid(what))
    .refine((ids) => new Set(ids.map((i) => i.toLowerCase())).size === ids.length, {
      message: `must not contain duplicate ${what}s`,
    })
    .transform((ids) => ids.map((i) => i.toLowerCase()).sort());
}

export function sameSet(a: unknown, b: unknown): boolean {
  const x = Array.isArray(a) ? [...a].sort() : a;
  const y = Array.isArray(b) ? [...b].sort() : b;
  return JSON.stringify(x) === JSON.stringify(y);
}
