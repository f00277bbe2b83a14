import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { z } from "zod/v3";
import { defineResourceProvider, PartialCreateError } from "../../provider/dynamic/define-provider";
import { cleanForState } from "../../provider/dynamic/outputs";
import { setStackConfig } from "../../provider/dynamic/runtime";
import { makeProviderShim, resourceModulePath } from "../../provider/dynamic/shim";
import { UNKNOWN_VALUE } from "../../provider/dynamic/unknowns";
import { coderName, uuidSet } from "../../provider/dynamic/validation";

const def = {
  typeName: "Thing",
  inputs: z.object({
    name: coderName(32),
    size: z.number().int().default(1),
    members: uuidSet("member").optional(),
  }),
  inputKeys: ["name", "size", "members"] as const,
  replaceOn: ["name"] as const,
  create: async () => ({ id: "x", outs: {} as any }),
  read: async () => undefined,
  update: async () => ({}) as any,
  delete: async () => {},
};

describe("check", () => {
  const provider = defineResourceProvider<any, any>(def as any);

  it("names the property and the rule", async () => {
    const res = await provider.check!({}, { name: "bad name", members: ["x"], __provider: "p" });
    expect(res.failures).toEqual(
      expect.arrayContaining([
        { property: "name", reason: expect.stringMatching(/alphanumeric/) },
        {
          // The engine looks failures up by top-level key: the path inside goes into the reason.
          property: "members",
          reason: "[0]: member must be a UUID (e.g. 3fa85f64-5717-4562-b3fc-2c963f66afa6)",
        },
      ]),
    );
  });

  it("says what a missing or mistyped property needs", async () => {
    const res = await provider.check!({}, { size: "3", __provider: "p" });
    expect(res.failures).toEqual([
      { property: "name", reason: "is required (expected string)" },
      { property: "size", reason: "Expected number, received string" },
    ]);
  });

  it("keeps a schema's own message for a missing property", async () => {
    const custom = defineResourceProvider<any, any>({
      ...def,
      inputs: z.object({ limit: z.number({ message: "is required: the limit in dollars" }) }),
    } as any);
    const res = await custom.check!({}, { __provider: "p" });
    expect(res.failures).toEqual([{ property: "limit", reason: "is required: the limit in dollars" }]);
  });

  it("lets unknown values through during preview without calling the server", async () => {
    const res = await provider.check!({}, { name: UNKNOWN_VALUE, size: UNKNOWN_VALUE, __provider: "p" });
    expect(res.failures ?? []).toEqual([]);
    expect(res.inputs.__provider).toBe("p");
  });

  it("normalizes (defaults, sorted sets) and keeps hidden keys", async () => {
    setStackConfig(undefined);
    const ids = ["b0000000-0000-4000-8000-000000000000", "a0000000-0000-4000-8000-000000000000"];
    const res = await provider.check!({}, { name: "ok", members: ids, __provider: "p" });
    expect(res.failures).toEqual([]);
    expect(res.inputs).toEqual({ name: "ok", size: 1, members: [...ids].sort(), __provider: "p" });
  });
});

describe("diff", () => {
  const provider = defineResourceProvider<any, any>(def as any);
  it("reports explicit changes and replaces", async () => {
    const olds = { name: "a", size: 1, __provider: "p" };
    expect(await provider.diff!("id", olds, { name: "a", size: 1, __provider: "p" })).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(await provider.diff!("id", olds, { name: "a", size: 2, __provider: "p" })).toMatchObject({
      changes: true,
      replaces: [],
    });
    expect(await provider.diff!("id", olds, { name: "b", size: 1, __provider: "p" })).toMatchObject({
      changes: true,
      replaces: ["name"],
    });
  });
  it("treats unknowns as changes and a new provider text as a change", async () => {
    const olds = { name: "a", size: 1, __provider: "p" };
    expect(
      (await provider.diff!("id", olds, { name: UNKNOWN_VALUE, size: 1, __provider: "p" })).replaces,
    ).toEqual(["name"]);
    expect((await provider.diff!("id", olds, { name: "a", size: 1, __provider: "p2" })).changes).toBe(true);
  });
});

describe("create", () => {
  it("turns a partial create into the engine's init-failure shape, with __provider", async () => {
    // Credentials are resolved before create runs; nothing is sent to this address.
    process.env.CODER_URL = "http://127.0.0.1:9";
    process.env.CODER_SESSION_TOKEN = "t";
    const provider = defineResourceProvider<any, any>({
      ...(def as any),
      create: async () => {
        throw new PartialCreateError(
          "id-1",
          { name: "a", when: new Date(0), gone: undefined },
          new Error("PATCH failed"),
        );
      },
    });
    const err: any = await provider.create({ name: "a", __provider: "p" }).catch((e) => e);
    expect(err.id).toBe("id-1");
    expect(err.properties).toEqual({ name: "a", when: "1970-01-01T00:00:00.000Z", __provider: "p" });
    expect(err.reasons).toEqual(["PATCH failed"]);
  });
});

describe("cleanForState", () => {
  it("drops undefined keys, nulls undefined array items and stringifies dates", () => {
    expect(cleanForState({ a: undefined, b: [1, undefined], c: { d: new Date(0) } })).toEqual({
      b: [1, null],
      c: { d: "1970-01-01T00:00:00.000Z" },
    });
  });
});

describe("serialized provider (__provider)", () => {
  it("captures only the module path: small and free of library code and secrets", async () => {
    process.env.CODER_SESSION_TOKEN = "secret-token-should-not-appear";
    const shim = makeProviderShim(resourceModulePath("group"), "groupProvider");
    const sf = await pulumi.runtime.serializeFunction(() => shim, { allowSecrets: true });
    const bytes = Buffer.byteLength(sf.text);
    console.log(`__provider text: ${bytes} bytes`);
    expect(bytes).toBeLessThan(4096);
    expect(sf.text).toContain("pulumi-coderd/dist/provider/resources/group");
    expect(sf.text).not.toContain("secret-token-should-not-appear");
    expect(sf.text).not.toMatch(/undici|zod|CoderClient/);
    expect(sf.containsSecrets).toBe(false);
    delete process.env.CODER_SESSION_TOKEN;
  });
});
