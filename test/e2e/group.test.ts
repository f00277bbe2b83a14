import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { CoderClient } from "../../provider/client";
import { E2EStack } from "./harness";
import { callCounts, expectNoPlaintext, providerSizes } from "./state-checks";
import { e2eUnavailableReason } from "./workspace";

const unavailable = e2eUnavailableReason();

describe.skipIf(unavailable)("engine e2e: Group", () => {
  let emu: RunningEmulator;
  let stack: E2EStack;
  let api: CoderClient;
  let seed: Awaited<ReturnType<RunningEmulator["control"]["seed"]>>;
  const user = (name: string) => seed.users.find((u) => u.username === name)!.id;
  const groupsOnServer = async () => (await emu.control.state()).groups as any[];

  beforeAll(async () => {
    emu = await startEmulator({ license: "all" });
    seed = await emu.control.seed();
    api = new CoderClient({ url: emu.url, token: emu.token });
    stack = new E2EStack({ program: "test/e2e/programs/groups.ts", target: emu });
  });
  afterAll(async () => {
    stack?.cleanup();
    await api?.close();
    await emu?.close();
  });

  const base = () => ({
    groups: [
      {
        resource: "eng",
        name: "eng",
        displayName: "Engineering",
        quotaAllowance: 5,
        members: [user("alice"), user("bob")],
      },
      { resource: "ops", name: "ops" },
    ],
  });

  it("creates groups with members, then previews with no changes", async () => {
    await emu.control.clearRequests();
    const up = await stack.up(base());
    console.log("calls for create (2 groups, one with members):", callCounts(await emu.control.requests()));
    const eng = up.outputs!.eng!.value;
    expect(eng.count).toBe(2);
    expect(eng.members).toEqual([user("alice"), user("bob")].sort());
    const onServer = (await api.getGroup(eng.id)).members.map((m) => m.username).sort();
    expect(onServer).toEqual(["alice", "bob"]);

    await emu.control.clearRequests();
    const preview = await stack.preview(base(), { expectNoChanges: true });
    expect(preview.changeSummary).toEqual({ same: 3 });
    console.log("calls for no-change preview:", callCounts(await emu.control.requests()));
  });

  it("renames, changes quota and members in place", async () => {
    const before = (await stack.up(base())).outputs!.eng!.value.id;
    const p = base();
    Object.assign(p.groups[0]!, {
      name: "engineering",
      quotaAllowance: 10,
      members: [user("alice"), user("carol")],
    });
    await emu.control.clearRequests();
    const up = await stack.up(p);
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
    // The minimum: one PATCH carries the rename, the quota and both member sets.
    expect(callCounts(await emu.control.requests())).toEqual({ "PATCH /api/v2/groups/:id": 1 });
    const g = await api.getGroup(before);
    expect(g.name).toBe("engineering");
    expect(g.quotaAllowance).toBe(10);
    expect(g.members.map((m) => m.username).sort()).toEqual(["alice", "carol"]);
  });

  it("replaces a group whose organization changes", async () => {
    const research = seed.organizations.find((o) => o.name === "research")!.id;
    const p = base();
    Object.assign(p.groups[0]!, {
      name: "engineering",
      quotaAllowance: 10,
      members: [user("alice"), user("carol")],
    });
    Object.assign(p.groups[1]!, { organizationId: research });
    const up = await stack.up(p);
    expect(up.summary.resourceChanges).toMatchObject({ replace: 1 });
    const ops = (await groupsOnServer()).filter((g) => g.name === "ops");
    expect(ops).toHaveLength(1);
    expect(ops[0].organization_id ?? ops[0].organizationId).toBe(research);
  });

  it("detects out-of-band rename, member removal and deletion, and reverts them", async () => {
    const p = base();
    Object.assign(p.groups[0]!, {
      name: "engineering",
      quotaAllowance: 10,
      members: [user("alice"), user("carol")],
    });
    const ids = (await stack.up(p)).outputs!;
    await api.updateGroup(ids.eng!.value.id, { name: "renamed-by-hand", removeUsers: [user("carol")] });
    await api.deleteGroup(ids.ops!.value.id);

    const drift = await stack.tryRun("preview", p, { refresh: true, expectNoChanges: true, diff: true });
    expect(drift.error).toBeDefined();
    expect(drift.stdout + drift.error).toMatch(/renamed-by-hand/);

    const refresh = await stack.refresh(p);
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 1, delete: 1 });

    const up = await stack.up(p);
    expect(up.summary.resourceChanges).toMatchObject({ update: 1, create: 1 });
    const eng = await api.getGroup(ids.eng!.value.id);
    expect(eng.name).toBe("engineering");
    expect(eng.members.map((m) => m.username).sort()).toEqual(["alice", "carol"]);
    expect((await groupsOnServer()).filter((g) => g.name === "ops")).toHaveLength(1);
    await stack.preview(p, { refresh: true, expectNoChanges: true });
  });

  it("adopts an existing group instead of failing with 409", async () => {
    const existing = await api.createGroup(seed.defaultOrganizationId, { name: "platform" });
    const p = base();
    const withPlatform = {
      groups: [...p.groups, { resource: "platform", name: "platform", quotaAllowance: 7, adopt: true }],
    };
    const up = await stack.up(withPlatform);
    expect(up.outputs!.platform!.value.id).toBe(existing.id);
    expect((await api.getGroup(existing.id)).quotaAllowance).toBe(7);
    expect((await groupsOnServer()).filter((g) => g.name === "platform")).toHaveLength(1);

    const conflict = await stack.tryRun("up", {
      groups: [...withPlatform.groups, { resource: "dupe", name: "platform" }],
    });
    expect(conflict.error).toMatch(/already exists[\s\S]*adopt: true/);
  });

  it.each([
    [{ name: "bad name" }, /property name value .* has a problem: must be alphanumeric/],
    [
      { name: "ok", members: ["alice", "alice"] },
      /property members .* has a problem: must not contain duplicate member user ids/,
    ],
    [
      { name: "ok2", members: ["not-a-uuid"] },
      /property members\[0\] .* has a problem: member user id must be a UUID/,
    ],
    [{ name: "Everyone" }, /"Everyone" is reserved by Coder; set adopt: true/],
  ])("rejects bad input at preview, naming the field: %j", async (args, message) => {
    const members = (args as any).members?.map((m: string) => (m === "alice" ? user("alice") : m));
    await emu.control.clearRequests();
    const bad = await stack.tryRun("preview", {
      groups: [{ resource: "bad", ...args, ...(members ? { members } : {}) }],
    });
    expect(bad.error).toBeDefined();
    expect(`${bad.error}\n${bad.stdout}`).toMatch(message);
    // Rejected before any write reached Coder.
    expect((await emu.control.requests()).filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("adopts the Everyone group for its quota and leaves it alone on destroy", async () => {
    const p = {
      groups: [...base().groups, { resource: "everyone", name: "Everyone", quotaAllowance: 3, adopt: true }],
    };
    const up = await stack.up(p);
    expect(up.outputs!.everyone!.value.id).toBe(seed.defaultOrganizationId);
    expect((await api.getGroup(seed.defaultOrganizationId)).quotaAllowance).toBe(3);

    const state = await stack.exportState();
    console.log("__provider bytes per resource:", providerSizes(state));
    expectNoPlaintext(state, { "session token": emu.token });
    expectNoPlaintext(stack.stateFilesText(), { "session token": emu.token });

    await emu.control.clearRequests();
    const destroy = await stack.destroy(p);
    expect(destroy.summary.result).toBe("succeeded");
    console.log("calls for destroy:", callCounts(await emu.control.requests()));
    const left = (await groupsOnServer()).map((g) => g.name).sort();
    expect(left).toEqual(["Everyone", "Everyone"]); // one per seeded organization
    expect((await api.getGroup(seed.defaultOrganizationId)).quotaAllowance).toBe(3);
  });
});
