import type { RE2JS } from "re2js";
import { z } from "zod/v3";
import { isUuid } from "../client";

/**
 * The one place where inputs are validated the way Coder validates them (codersdk/name.go), so
 * bad input fails at preview with the property named instead of at apply with a generic 400.
 *
 * Coder is written in Go, and so are its rules: lengths are `len(s)`, i.e. UTF-8 **bytes** (a
 * 24-character CJK name is 72 bytes), and the patterns are Go regexps, compiled here with RE2JS,
 * which has Go's semantics: `\s` is only `[\t\n\f\r ]` (a no-break space is not whitespace) and
 * `.` does not match `\n`. JavaScript's `\s`, `.` with the `s` flag and `String.length` (UTF-16
 * units) all differ. The table tests come from Coder's own codersdk/name_test.go.
 */

let goPatterns: { name: RE2JS; displayName: RE2JS } | undefined;

/**
 * Coder's name patterns, compiled on first use: loading re2js and compiling them was ~20 ms of
 * the provider host's start, and a refresh or destroy never checks a name.
 */
function patterns(): { name: RE2JS; displayName: RE2JS } {
  if (!goPatterns) {
    const { RE2JS } = require("re2js") as typeof import("re2js");
    goPatterns = {
      /** codersdk.UsernameValidRegex: names, group names. */
      name: RE2JS.compile("^[a-zA-Z0-9]+(?:-[a-zA-Z0-9]+)*$"),
      /** codersdk's templateDisplayName regexp, used by DisplayNameValid. */
      displayName: RE2JS.compile("^[^\\s](.*[^\\s])?$"),
    };
  }
  return goPatterns;
}

/** Go's `len(s)` for a string: its UTF-8 byte count. */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

/** codersdk.NameValid / GroupNameValid with Coder's byte limit; undefined when valid. */
export function nameProblem(s: string, maxBytes: number): string | undefined {
  if (byteLength(s) > maxBytes) return `must be at most ${maxBytes} bytes (Coder's limit)`;
  if (s.length < 1) return "must be at least 1 character";
  if (s === "new" || s === "create") return 'cannot be "new" or "create" (reserved by Coder)';
  if (!patterns().name.matcher(s).find()) {
    return "must be alphanumeric with single hyphens between characters (Coder's name rule)";
  }
  return undefined;
}

/** codersdk.DisplayNameValid: "" or at most 64 bytes without leading/trailing Go whitespace. */
export function displayNameProblem(s: string): string | undefined {
  if (s === "") return undefined;
  if (byteLength(s) > 64) return "must be at most 64 bytes (Coder's limit)";
  if (!patterns().displayName.matcher(s).find()) {
    return "must not start or end with whitespace, nor contain a line break (Coder's display name rule)";
  }
  return undefined;
}

/**
 * Input messages as the schemas say them, except Zod's own message for a missing property: Zod's
 * v3 API says only "Required", and the user needs to know what to give. A schema's own message
 * (e.g. `z.number({ message })`) arrives here as `defaultError` and is kept.
 */
export const inputErrorMap: z.ZodErrorMap = (issue, ctx) =>
  issue.code === "invalid_type" && issue.received === "undefined" && ctx.defaultError === "Required"
    ? { message: `is required (expected ${issue.expected})` }
    : { message: ctx.defaultError };

function fromProblem(problem: (s: string) => string | undefined) {
  return z.string().superRefine((s, ctx) => {
    const message = problem(s);
    if (message) ctx.addIssue({ code: "custom", message });
  });
}

export const uuid = (what: string) =>
  z
    .string()
    .refine(isUuid, { message: `${what} must be a UUID (e.g. 3fa85f64-5717-4562-b3fc-2c963f66afa6)` });

/** Coder's NameValid/GroupNameValid: alphanumeric with single hyphens, not "new"/"create". */
export function coderName(maxBytes: number) {
  return fromProblem((s) => nameProblem(s, maxBytes));
}

/** Coder's DisplayNameValid. */
export const displayName = fromProblem(displayNameProblem);

/** A required string of at most `maxBytes` UTF-8 bytes (Coder's `len` limits). */
export function nonEmptyString(maxBytes: number) {
  return z
    .string()
    .min(1, "must not be empty")
    .refine((s) => byteLength(s) <= maxBytes, {
      message: `must be at most ${maxBytes} bytes (Coder's limit)`,
    });
}

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
