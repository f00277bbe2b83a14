import { describe, expect, it } from "vitest";
import { coderBody, expectNoStateChange, useEmulator } from "./harness";

// Request bodies are decoded like Go's encoding/json (emulator/BEHAVIOUR.md "Request decoding").
const h = useEmulator({ license: "all" });
const GROUPS = "/api/v2/organizations/coder/groups";
const invalid = (detail: string) => coderBody("Request body must be valid JSON.", detail);

describe("malformed and mistyped bodies: 400 invalid JSON, nothing changes", () => {
  it.each([
    ["", "EOF"],
    ["   ", "EOF"],
    ["{", "unexpected EOF"],
    ['{"name": "x"', "unexpected EOF"],
    ["nope", "invalid character 'o' in literal null (expecting 'u')"],
    ["xyz", "invalid character 'x' looking for beginning of value"],
    ["{name: 1}", "invalid character 'n' looking for beginning of object key string"],
    ['{"name" "x"}', "invalid character '\"' after object key"],
    ['{"name":"x",}', "invalid character '}' looking for beginning of object key string"],
    ['{"name":"x" "y"}', "invalid character '\"' after object key:value pair"],
    ['{"name":"a\nb"}', "invalid character '\\n' in string literal"],
    ['{"quota_allowance": -}', "invalid character '}' in numeric literal"],
    [
      '{"name": 1}',
      "json: cannot unmarshal number into Go struct field CreateGroupRequest.name of type string",
    ],
    [
      '{"name": "x", "quota_allowance": "5"}',
      "json: cannot unmarshal string into Go struct field CreateGroupRequest.quota_allowance of type int",
    ],
    [
      '{"name": "x", "quota_allowance": 1.5}',
      "json: cannot unmarshal number 1.5 into Go struct field CreateGroupRequest.quota_allowance of type int",
    ],
    ["[]", "json: cannot unmarshal array into Go value of type codersdk.CreateGroupRequest"],
    ['"str"', "json: cannot unmarshal string into Go value of type codersdk.CreateGroupRequest"],
  ])("body %j", async (raw, detail) => {
    await expectNoStateChange(h, async () => {
      const res = await h.call("POST", GROUPS, { raw });
      expect(res.status).toBe(400);
      expect(res.text).toBe(invalid(detail));
    });
  });

  it("wrong types in PATCH bodies (pointer and slice fields)", async () => {
    const g = (await h.post(GROUPS, { name: "typed" })).json;
    await expectNoStateChange(h, async () => {
      const a = await h.patch(`/api/v2/groups/${g.id}`, { add_users: "alice" });
      expect(a.text).toBe(
        invalid(
          "json: cannot unmarshal string into Go struct field PatchGroupRequest.add_users of type []string",
        ),
      );
      const b = await h.patch(`/api/v2/groups/${g.id}`, { display_name: 5 });
      expect(b.text).toBe(
        invalid(
          "json: cannot unmarshal number into Go struct field PatchGroupRequest.display_name of type string",
        ),
      );
    });
  });
});

describe("Go decoding leniency", () => {
  it("keys match case-insensitively", async () => {
    const res = await h.post(GROUPS, { NAME: "upper", Display_Name: "Upper", QUOTA_ALLOWANCE: 2 });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ name: "upper", display_name: "Upper", quota_allowance: 2 });
  });

  it("unknown keys are ignored", async () => {
    const res = await h.post(GROUPS, { name: "extra", source: "oidc", id: "whatever", organization_id: "x" });
    expect(res.status).toBe(201);
    expect(res.json.source).toBe("user");
  });

  it("null leaves non-pointer fields at their zero value", async () => {
    const res = await h.post(GROUPS, { name: "nulls", display_name: null, quota_allowance: null });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ display_name: "", quota_allowance: 0 });
  });

  it("only the first JSON value is read; trailing bytes are ignored", async () => {
    const res = await h.call("POST", GROUPS, { raw: '{"name":"first"} trailing garbage' });
    expect(res.status).toBe(201);
    expect(res.json.name).toBe("first");
  });

  it("JSON null as the whole body decodes to zero values (then validation fails)", async () => {
    const res = await h.call("POST", GROUPS, { raw: "null" });
    expect(res.status).toBe(400);
    expect(res.json.message).toBe("Validation failed.");
  });
});
