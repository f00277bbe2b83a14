// Contract tests: the ProvisionerKey provider implementation against the emulator.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator";
import { resetRuntime } from "../../provider/dynamic/runtime";
import { provisionerKeyProvider as p } from "../../provider/resources/provisioner-key";
import { callCounts } from "../e2e/state-checks";
import {
  checkedInputs,
  type ProviderEnvironment,
  startProviderEnvironment,
  stopProviderEnvironment,
} from "./provider-env";

let emu: RunningEmulator;
let org: string;
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const keysOnServer = async () => (await emu.control.state()).provisionerKeys as any[];
const calls = async () => callCounts(await emu.control.requests());

const checked = (news: Record<string, unknown>) => checkedInputs(p, news);

let env: ProviderEnvironment;
beforeAll(async () => {
  env = await startProviderEnvironment("all");
  emu = env.emu;
  org = (await emu.control.seed()).defaultOrganizationId;
});
afterAll(() => stopProviderEnvironment(env ?? {}));
beforeEach(async () => {
  await emu.control.clearRequests();
});

describe("ProvisionerKey provider", () => {
  it("rejects bad names and adopt at check, naming the property", async () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ name: "" }, "name", /must not be empty/],
      [{ name: "x".repeat(65) }, "name", /at most 64/],
      [{ name: "PSK" }, "name", /reserved/],
      [{ name: "Built-In" }, "name", /reserved/],
      [{ name: "user-auth" }, "name", /reserved/],
      [{ name: "ok", adopt: true }, "adopt", /secret only once[\s\S]*cannot be recovered/],
      [{ name: "ok", organizationId: "nope" }, "organizationId", /UUID/],
      [{ name: "ok", tags: { a: 1 } }, "tags", /^\["a"\]: .*string/],
    ];
    for (const [news, property, reason] of cases) {
      const res = await p.check!({}, news);
      expect(res.failures, JSON.stringify(news)).toHaveLength(1);
      expect(res.failures![0]!.property).toBe(property);
      expect(res.failures![0]!.reason).toMatch(reason);
    }
  });

  it("normalises the name to lower case, so diff sees no change; the default organization is resolved once", async () => {
    await emu.control.clearRequests();
    const inputs = await checked({ name: "My-Key", tags: { env: "prod" } });
    expect(inputs).toEqual({ name: "my-key", tags: { env: "prod" }, organizationId: org });
    // Later checks reuse the organization of the previous inputs: no GET /users/me per preview.
    await emu.control.clearRequests();
    const again = (await p.check!(inputs, { name: "MY-KEY", tags: { env: "prod" }, adopt: false })).inputs;
    expect(again.organizationId).toBe(org);
    expect((await emu.control.requests()).filter((r) => r.path === "/api/v2/users/me")).toEqual([]);
    const olds = { ...inputs, key: "k", createdAt: "t" };
    expect(await p.diff!("id", olds, again)).toMatchObject({ changes: false });
    expect(
      await p.diff!("id", olds, { ...again, organizationId: "0f0f0f0f-0000-4000-8000-000000000000" }),
    ).toMatchObject({ replaces: ["organizationId"] });
    expect(await p.diff!("id", olds, { ...again, tags: { env: "dev" } })).toEqual({
      changes: true,
      replaces: ["tags"],
      deleteBeforeReplace: true,
    });
    expect(await p.diff!("id", olds, { ...again, name: "other" })).toMatchObject({ replaces: ["name"] });
  });

  it("creates (POST + list), reads (list) with the key carried forward, deletes (DELETE)", async () => {
    const inputs = await checked({ name: "Create-Me", tags: { a: "b" } });
    await emu.control.clearRequests();
    const created = await p.create(inputs);
    // Plus one GET /users/me per provider process when organizationId is omitted (the default org).
    const { "GET /api/v2/users/me": _me, ...createCalls } = await calls();
    expect(createCalls).toEqual({
      "POST /api/v2/organizations/:id/provisionerkeys": 1,
      "GET /api/v2/organizations/:id/provisionerkeys": 1,
    });
    const outs = created.outs!;
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(outs).toMatchObject({ organizationId: org, name: "create-me", tags: { a: "b" } });
    expect(outs.key).toMatch(/^[A-Za-z0-9]{43}$/);
    expect(outs.createdAt).toBeTruthy();
    const rec = (await keysOnServer()).find((k) => k.id === created.id);
    expect(rec.hashedSecret ?? rec.hashed_secret).toBe(sha256(outs.key));

    await emu.control.clearRequests();
    const read = await p.read!(created.id, { ...outs, __provider: "x" });
    expect(await calls()).toEqual({ "GET /api/v2/organizations/:id/provisionerkeys": 1 });
    expect(read.id).toBe(created.id);
    expect(read.props).toEqual(outs);
    expect(read.inputs).toEqual({ organizationId: org, name: "create-me", tags: { a: "b" } });

    await emu.control.clearRequests();
    await p.delete!(created.id, outs);
    expect(await calls()).toEqual({ "DELETE /api/v2/organizations/:id/provisionerkeys/create-me": 1 });
    expect((await keysOnServer()).some((k) => k.id === created.id)).toBe(false);
    // Deleting again (already gone) is fine; reading it now says "gone".
    await p.delete!(created.id, outs);
    expect(await p.read!(created.id, outs)).toEqual({});
  });

  it("detects a key deleted and re-created out of band under the same name as gone", async () => {
    const inputs = await checked({ name: "recycled" });
    const created = await p.create(inputs);
    await p.delete!(created.id, created.outs);
    const again = await p.create(inputs);
    expect(again.id).not.toBe(created.id);
    expect(await p.read!(created.id, created.outs)).toEqual({});
    await p.delete!(again.id, again.outs);
  });

  it("tells the user a duplicate name cannot be adopted", async () => {
    const inputs = await checked({ name: "dupe" });
    const created = await p.create(inputs);
    await expect(p.create(inputs)).rejects.toThrow(/already exists[\s\S]*cannot be adopted/);
    await p.delete!(created.id, created.outs);
  });

  it("keeps a key whose lookup failed after the POST as a partial create with a stable id", async () => {
    const inputs = await checked({ name: "partial" });
    await emu.control.addFault({
      method: "GET",
      path: "/provisionerkeys$",
      kind: "status",
      status: 403,
      count: 1,
    } as any);
    let err: any;
    try {
      await p.create(inputs);
    } catch (e) {
      err = e;
    }
    await emu.control.clearFaults();
    expect(err?.id).toBe(`${org}/partial`);
    expect(err.properties.key).toMatch(/^[A-Za-z0-9]{43}$/);
    expect(err.properties).toMatchObject({ organizationId: org, name: "partial" });
    const read = await p.read!(err.id, err.properties);
    expect(read.id).toBe(err.id);
    expect(read.props!.key).toBe(err.properties.key);
    expect(read.props!.createdAt).toBeTruthy();
    await p.delete!(err.id, read.props);
    expect((await keysOnServer()).some((k) => k.name === "partial")).toBe(false);
  });

  it("fails check on a deployment without External Provisioner Daemons", async () => {
    await emu.control.setLicenseMode("none");
    resetRuntime();
    try {
      const res = await p.check!({}, { name: "k" });
      expect(res.failures).toHaveLength(1);
      expect(res.failures![0]!.reason).toMatch(
        /External Provisioner Daemons[\s\S]*external_provisioner_daemons/,
      );
    } finally {
      await emu.control.setLicenseMode("all");
      resetRuntime();
    }
  });
});
