// The validation module against Coder's own name-validation cases (codersdk/name_test.go,
// TestUsernameValid and TestTemplateDisplayNameValid), plus the cases where JavaScript's rules
// differ from Go's: bytes vs UTF-16 units, Go's `\s` and `.`.
import { describe, expect, it } from "vitest";
import { coderName, displayName, displayNameProblem, nameProblem } from "../../provider/dynamic/validation";

// TestUsernameValid (NameValid: at most 32 bytes).
const NAMES: [string, boolean][] = [
  ["1", true],
  ["12", true],
  ["123", true],
  ["12345678901234567890", true],
  ["123456789012345678901", true],
  ["a", true],
  ["a1", true],
  ["a1b2", true],
  ["a1b2c3d4e5f6g7h8i9j0", true],
  ["a1b2c3d4e5f6g7h8i9j0k", true],
  ["aa", true],
  ["abc", true],
  ["abcdefghijklmnopqrst", true],
  ["abcdefghijklmnopqrstu", true],
  ["wow-test", true],
  ["", false],
  [" ", false],
  [" a", false],
  [" a ", false],
  [" 1", false],
  ["1 ", false],
  [" aa", false],
  ["aa ", false],
  [" 12", false],
  ["12 ", false],
  [" a1", false],
  ["a1 ", false],
  [" abcdefghijklmnopqrstu", false],
  ["abcdefghijklmnopqrstu ", false],
  [" 123456789012345678901", false],
  [" a1b2c3d4e5f6g7h8i9j0k", false],
  ["a1b2c3d4e5f6g7h8i9j0k ", false],
  ["bananas_wow", false],
  ["test--now", false],
  ["123456789012345678901234567890123", false],
  ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false],
  ["123456789012345678901234567890123123456789012345678901234567890123", false],
  // NameValid's reserved words.
  ["new", false],
  ["create", false],
];

// TestTemplateDisplayNameValid (DisplayNameValid).
const DISPLAY_NAMES: [string, boolean][] = [
  ["", true],
  ["1", true],
  ["12", true],
  ["1 2", true],
  ["123       456", true],
  ["1234 678901234567890", true],
  ["<b> </b>", true],
  ["S", true],
  ["a1", true],
  ["a1K2", true],
  ["!!!!1 ?????", true],
  ["k\r\rm", true],
  ["abcdefghijklmnopqrst", true],
  ["Wow Test", true],
  ["abcdefghijklmnopqrstu-", true],
  ["a1b2c3d4e5f6g7h8i9j0k-", true],
  ["BANANAS_wow", true],
  ["test--now", true],
  ["123456789012345678901234567890123", true],
  ["1234567890123456789012345678901234567890123456789012345678901234", true],
  ["-a1b2c3d4e5f6g7h8i9j0k", true],
  [" ", false],
  ["\t", false],
  ["\r\r", false],
  ["\t1 ", false],
  [" a", false],
  ["\ra ", false],
  [" 1", false],
  ["1 ", false],
  [" aa", false],
  ["aa\r", false],
  [" 12", false],
  ["12 ", false],
  ["\fa1", false],
  ["a1\t", false],
  ["12345678901234567890123456789012345678901234567890123456789012345", false],
];

// Where Go and JavaScript disagree (issue 19): Coder's answer is what counts.
const GO_SEMANTICS: [string, string, boolean][] = [
  ["24 CJK characters are 72 bytes", "漢".repeat(24), false],
  ["21 CJK characters are 63 bytes", "漢".repeat(21), true],
  ["a line break: Go's . does not match \\n", "a\nb", false],
  ["a leading no-break space is not whitespace in Go", "\u00a0Eng", true],
  ["a trailing no-break space", "Eng\u00a0", true],
  ["vertical tab is not in Go's \\s", "\u000bEng", true],
];

describe("Coder's name rule (codersdk.NameValid)", () => {
  it.each(NAMES)("%j valid: %s", (name, valid) => {
    expect(nameProblem(name, 32) === undefined).toBe(valid);
    expect(coderName(32).safeParse(name).success).toBe(valid);
  });
});

describe("Coder's display name rule (codersdk.DisplayNameValid)", () => {
  it.each(DISPLAY_NAMES)("%j valid: %s", (name, valid) => {
    expect(displayNameProblem(name) === undefined).toBe(valid);
    expect(displayName.safeParse(name).success).toBe(valid);
  });
  it.each(GO_SEMANTICS)("%s", (_why, name, valid) => {
    expect(displayName.safeParse(name).success).toBe(valid);
  });
});
