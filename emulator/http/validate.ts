// go-playground/validator as coderd registers it (BEHAVIOUR.md "Request decoding") (coderd/httpapi/httpapi.go + codersdk/name.go).
// Tags are checked in order per field; the first failing tag is reported as
//   {field: <json name>, detail: `Validation failed for tag "<tag>" with value: "<%v of value>"`}
// and every field is checked, so several validations can come back at once.

import { type ValidationError, validationFailed } from "./response";
import { NIL_UUID } from "./uuid";

const NAME_REGEX = /^[a-zA-Z0-9]+(?:-[a-zA-Z0-9]+)*$/;
// Go RE2: \s is [\t\n\f\r ] and `.` excludes only \n.
const DISPLAY_NAME_REGEX = /^[^\t\n\f\r ]([^\n]*[^\t\n\f\r ])?$/;

const byteLen = (s: string) => Buffer.byteLength(s, "utf8");

/** codersdk.NameValid: usernames, org/template/workspace names, OAuth2 app names. */
export function nameValid(s: string): boolean {
  if (byteLen(s) > 32 || byteLen(s) < 1) return false;
  if (s === "new" || s === "create") return false;
  return NAME_REGEX.test(s);
}

/** codersdk.GroupNameValid: like NameValid but up to 255 characters. */
export function groupNameValid(s: string): boolean {
  if (byteLen(s) > 255) return false;
  if (s === "new" || s === "create") return false;
  return NAME_REGEX.test(s);
}

/** codersdk.DisplayNameValid: empty is fine; else <= 64 bytes and no leading/trailing whitespace. */
export function displayNameValid(s: string): boolean {
  if (s === "") return true;
  if (byteLen(s) > 64) return false;
  return DISPLAY_NAME_REGEX.test(s);
}

/** validator's http_url: parses as a URL with an http(s) scheme and a host. */
export function httpUrlValid(s: string): boolean {
  try {
    const u = new URL(s.toLowerCase());
    return (u.protocol === "http:" || u.protocol === "https:") && u.host !== "";
  } catch {
    return false;
  }
}

type TagName =
  | "required"
  | "omitempty"
  | "group_name"
  | "group_display_name"
  | "organization_display_name"
  | "template_display_name"
  | "oauth2_app_name"
  | "username"
  | "organization_name"
  | "template_name"
  | "http_url";

const TAG_CHECKS: Record<Exclude<TagName, "required" | "omitempty">, (s: string) => boolean> = {
  group_name: groupNameValid,
  group_display_name: displayNameValid,
  organization_display_name: displayNameValid,
  template_display_name: displayNameValid,
  oauth2_app_name: nameValid,
  username: nameValid,
  organization_name: nameValid,
  template_name: nameValid,
  http_url: httpUrlValid,
};

function isZero(v: unknown): boolean {
  return v === undefined || v === null || v === "" || v === 0 || v === false || v === NIL_UUID;
}

function formatValue(v: unknown): string {
  if (v === undefined || v === null) return "<nil>";
  return String(v);
}

export interface FieldRule {
  field: string;
  value: unknown;
  /** The struct tag, e.g. "required,group_name". */
  tags: string;
}

/** Runs the rules (in struct field order); throws 400 "Validation failed." listing every failure. */
export function validateStruct(rules: FieldRule[]): void {
  const errors: ValidationError[] = [];
  for (const rule of rules) {
    const tags = rule.tags.split(",") as TagName[];
    for (const tag of tags) {
      if (tag === "omitempty") {
        if (isZero(rule.value)) break;
        continue;
      }
      let passed: boolean;
      if (tag === "required") passed = !isZero(rule.value);
      else passed = typeof rule.value === "string" && TAG_CHECKS[tag](rule.value);
      if (!passed) {
        errors.push({
          field: rule.field,
          detail: `Validation failed for tag "${tag}" with value: "${formatValue(rule.value)}"`,
        });
        break;
      }
    }
  }
  if (errors.length > 0) throw validationFailed(errors);
}
