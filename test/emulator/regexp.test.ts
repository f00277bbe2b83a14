// regex_filter is decoded by coderd into a Go *regexp.Regexp (RE2 syntax). Go-valid patterns that
// JavaScript rejects must be stored verbatim; patterns Go rejects (lookaround, backreferences, repeat
// counts over 1000) are `400 Request body must be valid JSON.` with Go's regexp error as the detail.

import { describe, expect, it } from "vitest";
import { coderBody, expectNoStateChange, useEmulator } from "./harness";

const h = useEmulator();
const GROUPS = "/api/v2/organizations/coder/settings/idpsync/groups";
const GROUPS_CONFIG = `${GROUPS}/config`;

describe("regex_filter uses Go RE2 syntax", () => {
  it.each([
    "^(?i)ops-[a-z]+$",
    "(?s)team.+admins",
    "(?P<team>[a-z]+)-devs",
    "a{1000}",
    "\\Qa.b\\E",
    "[[:alpha:]]+\\z",
  ])("Go-valid %s is stored and returned verbatim", async (pattern) => {
    const res = await h.patch(GROUPS, { field: "groups", regex_filter: pattern });
    expect(res.status).toBe(200);
    expect(res.json.regex_filter).toBe(pattern);
    expect((await h.get(GROUPS)).json.regex_filter).toBe(pattern);
  });

  it.each([
    ["(?=x)", "error parsing regexp: invalid or unsupported Perl syntax: `(?=`"],
    ["(?!x)", "error parsing regexp: invalid or unsupported Perl syntax: `(?!`"],
    // Go 1.22+ reads `(?<` as a named group, so lookbehind is an invalid named capture (whole rest quoted).
    ["(?<=x)y", "error parsing regexp: invalid named capture: `(?<=x)y`"],
    ["(a)\\1", "error parsing regexp: invalid escape sequence: `\\1`"],
    ["a{1001}", "error parsing regexp: invalid repeat count: `{1001}`"],
    ["(abc", "error parsing regexp: missing closing ): `(abc`"],
    ["x**", "error parsing regexp: invalid nested repetition operator: `**`"],
    ["[z-a]", "error parsing regexp: invalid character class range: `z-a`"],
    ["a\\", "error parsing regexp: trailing backslash at end of expression"],
  ])("Go-invalid %s is 400 invalid JSON with Go's error, nothing stored", async (pattern, detail) => {
    await expectNoStateChange(h, async () => {
      const full = await h.patch(GROUPS, { field: "groups", regex_filter: pattern });
      expect(full.status).toBe(400);
      expect(full.text).toBe(coderBody("Request body must be valid JSON.", detail));
      const config = await h.patch(GROUPS_CONFIG, { field: "groups", regex_filter: pattern });
      expect(config.status).toBe(400);
      expect(config.text).toBe(coderBody("Request body must be valid JSON.", detail));
    });
  });
});
