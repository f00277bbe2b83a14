// Contract tests: the Organization, OrganizationMember and User provider implementations against
// the emulator (no engine: fast, and exact about calls).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator";
import { organizationProvider as orgs } from "../../provider/resources/organization";
import { organizationMemberProvider as members } from "../../provider/resources/organization-member";
import { userProvider as users } from "../../provider/resources/user";
import { callCounts } from "../e2e/state-checks";
import {
  checkedInputs,
  type ProviderEnvironment,
  startProviderEnvironment,
  stopProviderEnvironment,
} from "./provider-env";

let env: ProviderEnvironment;
let emu: RunningEmulator;
let seed: Awaited<ReturnType<RunningEmulator["control"]["seed"]>>;
const PASSWORD = "Corr3ct-Horse-Battery!";
const calls = async () => callCounts(await emu.control.requests());
const userId = (name: string) => seed.users.find((u) => u.username === name)!.id;

beforeAll(async () => {
  env = await startProviderEnvironment("all");
  emu = env.emu;
  seed = await emu.control.seed();
});
afterAll(() => stopProviderEnvironment(env ?? {}));
beforeEach(async () => {
  await emu.control.clearRequests();
});

describe("Organization provider", () => {
  it("rejects bad input at check, naming the property", async () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ name: "default" }, "name", /reserved/],
      [{ name: "a b" }, "name", /alphanumeric/],
      [{ name: "ok", displayName: "" }, "displayName", /cannot be empty/],
    ];
    for (const [news, property, reason] of cases) {
      const res = await orgs.check!({}, news);
      expect(res.failures?.[0]?.property, JSON.stringify(news)).toBe(property);
      expect(res.failures![0]!.reason).toMatch(reason);
    }
    expect(await calls()).toEqual({});
  });

  it("creates with one POST, reads from the list, and notices a soft delete that GET by id hides", async () => {
    const inputs = await checkedInputs(orgs, { name: "acme" });
    expect(inputs.displayName).toBe("acme");
    await emu.control.clearRequests();
    const { id, outs } = await orgs.create!(inputs);
    expect(await calls()).toEqual({ "POST /api/v2/organizations": 1 });
    expect(outs).toMatchObject({ name: "acme", displayName: "acme", isDefault: false });
    expect((await orgs.read!(id, outs)).props).toMatchObject({ name: "acme" });
    await env.api.deleteOrganization(id);
    expect((await env.api.getOrganization(id)).id).toBe(id);
    expect(await orgs.read!(id, outs)).toEqual({});
  });

  it("delete names what blocks it, without retrying; the default organization is never deleted", async () => {
    const { id, outs } = await orgs.create!(await checkedInputs(orgs, { name: "busy" }));
    await env.api.addOrganizationMember(id, userId("bob"));
    await emu.control.clearRequests();
    await expect(orgs.delete!(id, outs)).rejects.toThrow(
      /refused to delete organization "busy": This organization has 1 member that must be deleted first/,
    );
    expect(await calls()).toEqual({ "DELETE /api/v2/organizations/:id": 1 });
    await emu.control.clearRequests();
    await orgs.delete!(seed.defaultOrganizationId, { ...outs, isDefault: true });
    expect(await calls()).toEqual({});
  });
});

describe("OrganizationMember provider", () => {
  it("adds with roles, refuses an existing membership unless adopted, and ignores leaving yourself", async () => {
    const org = seed.organizations.find((o) => o.name === "research")!.id;
    const inputs = await checkedInputs(members, {
      organizationId: org,
      userId: userId("carol"),
      roles: ["organization-auditor"],
    });
    const { id, outs } = await members.create!(inputs);
    expect(id).toBe(`${org}/${userId("carol")}`);
    expect(outs).toMatchObject({ roles: ["organization-auditor"], username: "carol" });
    const dup = { ...inputs, userId: userId("dave") };
    await expect(members.create!(dup)).rejects.toThrow(/already an organization member[\s\S]*adopt: true/);
    const adopted = await members.create!({ ...dup, adopt: true, roles: [] });
    expect(adopted.outs.roles).toEqual([]);
    await members.delete!(`${org}/${userId("admin")}`, {
      organizationId: org,
      userId: userId("admin"),
    } as any);
    await members.delete!(id, outs);
    expect(await members.read!(id, outs)).toEqual({});
  });
});

describe("User provider", () => {
  it("checks passwords by login type and strength, never echoing them", async () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{}, "password", /required when loginType is "password"/],
      [{ password: "password1" }, "password", /too weak/],
      [{ password: PASSWORD, loginType: "github" }, "password", /cannot be set for loginType "github"/],
      [{ password: PASSWORD, email: "nope" }, "email", /email address/],
      [{ password: PASSWORD, siteRoles: ["owner", "owner"] }, "siteRoles", /duplicate/],
    ];
    for (const [news, property, reason] of cases) {
      const res = await users.check!({}, { username: "gina", email: "gina@example.com", ...news });
      expect(res.failures?.[0]?.property, JSON.stringify(news)).toBe(property);
      expect(res.failures![0]!.reason).toMatch(reason);
      expect(JSON.stringify(res.failures)).not.toContain("password1");
      expect(JSON.stringify(res.failures)).not.toContain(PASSWORD);
    }
  });

  it("creates (dormant, with roles), reads with one call, and notices renames and deletes", async () => {
    const inputs = await checkedInputs(users, {
      username: "hank",
      email: "hank@example.com",
      password: PASSWORD,
      siteRoles: ["auditor"],
    });
    expect(inputs.organizationIds).toEqual([seed.defaultOrganizationId]);
    await emu.control.clearRequests();
    const { id, outs } = await users.create!(inputs);
    expect(await calls()).toEqual({ "POST /api/v2/users": 1, "PUT /api/v2/users/:id/roles": 1 });
    expect(outs).toMatchObject({ status: "dormant", suspended: false, siteRoles: ["auditor"] });
    await emu.control.clearRequests();
    expect((await users.read!(id, outs)).props).toMatchObject({ username: "hank" });
    expect(await calls()).toEqual({ "GET /api/v2/users/hank": 1 });

    await env.api.updateUserProfile(id, { username: "hank2", name: "" });
    expect((await users.read!(id, outs)).props).toMatchObject({ username: "hank2" });
    await env.api.deleteUser(id);
    expect(await users.read!(id, outs)).toEqual({});
  });

  it("destroy: 417 becomes advice; suspendOnDestroy suspends", async () => {
    const inputs = await checkedInputs(users, {
      username: "ivan",
      email: "ivan@example.com",
      loginType: "none",
    });
    const { id, outs } = await users.create!(inputs);
    const ws = await emu.control.addWorkspace({ ownerId: id });
    await expect(users.delete!(id, outs)).rejects.toThrow(
      /still owns workspaces[\s\S]*suspendOnDestroy: true/,
    );
    await users.delete!(id, { ...outs, suspendOnDestroy: true });
    expect((await env.api.getUser(id)).status).toBe("suspended");
    await emu.control.deleteWorkspace(ws.id);
    await users.delete!(id, outs);
    expect(await users.read!(id, outs)).toEqual({});
  });

  it("adopts an existing user when email and login type match", async () => {
    const inputs = await checkedInputs(users, {
      username: "alice",
      email: "alice@example.com",
      name: "Alice A.",
      password: PASSWORD,
      adopt: true,
    });
    const { id, outs } = await users.create!(inputs);
    expect(id).toBe(userId("alice"));
    expect(outs).toMatchObject({ name: "Alice A." });
    await expect(users.create!({ ...inputs, email: "other@example.com" })).rejects.toThrow(
      /cannot adopt user "alice": it has email alice@example.com/,
    );
  });
});
