import { describe, expect, it } from "vitest";
import { coderBody, expectNoStateChange, NOT_FOUND, useEmulator } from "./harness";

const h = useEmulator({ license: "all" });
const KEYS = "/api/v2/organizations/coder/provisionerkeys";

describe("provisioner keys", () => {
  it("POST is 201 with only the 43-char key", async () => {
    const res = await h.post(KEYS, { name: "Builder", tags: { b: "2", a: "1" } });
    expect(res.status).toBe(201);
    expect(Object.keys(res.json)).toEqual(["key"]);
    expect(res.json.key).toMatch(/^[A-Za-z0-9]{43}$/);
  });

  it("names are stored lower-cased; tags sorted; field is `organization`", async () => {
    await h.post(KEYS, { name: "Builder", tags: { b: "2", a: "1" } });
    await h.post(KEYS, { name: "nulltags", tags: null });
    const list = await h.get(KEYS);
    expect(list.status).toBe(200);
    expect(list.json.map((k: { name: string }) => k.name)).toEqual(["builder", "nulltags"]);
    expect(Object.keys(list.json[0])).toEqual(["id", "created_at", "organization", "name", "tags"]);
    expect(list.json[0].organization).toBe(h.orgId("coder"));
    expect(list.text).toContain('"tags":{"a":"1","b":"2"}');
    expect(list.json[1].tags).toEqual({});
  });

  it("duplicate is 409 case-insensitively, echoing the name as sent", async () => {
    await h.post(KEYS, { name: "dup" });
    const res = await h.post(KEYS, { name: "DUP" });
    expect(res.status).toBe(409);
    expect(res.text).toBe(coderBody("Provisioner key with name 'DUP' already exists in organization"));
  });

  it("uniqueness is per organization", async () => {
    await h.post(KEYS, { name: "shared" });
    expect((await h.post("/api/v2/organizations/research/provisionerkeys", { name: "shared" })).status).toBe(
      201,
    );
  });

  it.each([
    ["", "Name is required"],
    ["x".repeat(65), "Name must be at most 64 characters"],
    ["built-in", "Name cannot be reserved name 'built-in'"],
    ["USER-AUTH", "Name cannot be reserved name 'USER-AUTH'"],
    ["Psk", "Name cannot be reserved name 'Psk'"],
  ])("rejects name %j", async (name, msg) => {
    await expectNoStateChange(h, async () => {
      const res = await h.post(KEYS, { name });
      expect(res.status).toBe(400);
      expect(res.text).toBe(coderBody(msg, undefined, [{ field: "name", detail: msg }]));
    });
  });

  it("no character rules: spaces, dots and unicode up to 64 bytes are fine", async () => {
    expect((await h.post(KEYS, { name: "my key.v1 ü" })).status).toBe(201);
    expect((await h.post(KEYS, { name: "x".repeat(64) })).status).toBe(201);
  });

  it("list excludes reserved keys; daemons includes them (user-auth in every org)", async () => {
    await h.post(KEYS, { name: "mine" });
    const daemons = await h.get(`${KEYS}/daemons`);
    expect(daemons.status).toBe(200);
    expect(daemons.json.map((d: { key: { name: string } }) => d.key.name)).toEqual([
      "built-in",
      "user-auth",
      "psk",
      "mine",
    ]);
    expect(daemons.json[3].daemons).toEqual([]);
    const research = await h.get("/api/v2/organizations/research/provisionerkeys/daemons");
    expect(research.json).toEqual([
      { key: expect.objectContaining({ name: "user-auth", organization: h.orgId("research") }), daemons: [] },
    ]);
  });

  it("DELETE by name (case-insensitive) is 204; unknown is 404", async () => {
    await h.post(KEYS, { name: "gone" });
    const res = await h.del(`${KEYS}/GONE`);
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect((await h.get(KEYS)).json).toEqual([]);
    const again = await h.del(`${KEYS}/gone`);
    expect(again.status).toBe(404);
    expect(again.text).toBe(NOT_FOUND);
  });

  it("reserved keys cannot be deleted in the default org (400) and do not exist elsewhere (404)", async () => {
    const res = await h.del(`${KEYS}/psk`);
    expect(res.status).toBe(400);
    expect(res.text).toBe(coderBody("Cannot delete reserved 'psk' provisioner key"));
    expect((await h.del("/api/v2/organizations/research/provisionerkeys/psk")).status).toBe(404);
  });

  it("a key named 'daemons' can be deleted (param route behind the literal GET)", async () => {
    await h.post(KEYS, { name: "daemons" });
    expect((await h.del(`${KEYS}/daemons`)).status).toBe(204);
  });

  it("wrong JSON type for tags is 400 invalid JSON", async () => {
    const res = await h.post(KEYS, { name: "t", tags: { a: 1 } });
    expect(res.status).toBe(400);
    expect(res.text).toBe(
      coderBody(
        "Request body must be valid JSON.",
        "json: cannot unmarshal number into Go struct field CreateProvisionerKeyRequest.tags of type string",
      ),
    );
  });
});
