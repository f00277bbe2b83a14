import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CoderClient } from "../../provider/client";
import { E2EStack } from "./harness";
import { expectNoPlaintext, providerSizes } from "./state-checks";
import { type E2ETarget, openE2ETarget, realTargetConfigError, skipUnlessReady } from "./target";
import { e2eUnavailableReason } from "./workspace";

const unavailable = e2eUnavailableReason();
if (realTargetConfigError()) throw new Error(realTargetConfigError());

// Runs against the emulator, or a real Coder with PULUMI_CODERD_E2E_TARGET=real (see ./target.ts).
describe.skipIf(unavailable)("engine e2e: Group", () => {
  let target: E2ETarget;
  let stack: E2EStack;
  let api: CoderClient;
  let org: string;
  const user = (handle: string) => target.user(handle);
  const n = (base: string) => target.name(base);
  /** Groups on the server with the given (run-unique) names, in all organizations this run uses. */
  const groupsNamed = async (name: string) => {
    const orgs = [org, target.secondOrganizationId].filter((o): o is string => o !== undefined);
    const all = (await Promise.all(orgs.map((o) => api.listGroups(o)))).flat();
    return all.filter((g) => g.name === name);
  };

  beforeAll(async () => {
    target = await openE2ETarget({
      license: "all",
      features: ["template_rbac"],
      users: ["alice", "bob", "carol"],
      secondOrganization: true,
    });
    api = target.api;
    org = target.defaultOrganizationId;
    stack = new E2EStack({ program: "test/e2e/programs/groups.ts", target });
  });
  beforeEach((ctx) => skipUnlessReady(target, ctx));
  afterAll(async () => {
    // A real deployment: destroy whatever a failed test left before deleting the run's users.
    if (target?.kind === "real" && !target.missing) await stack?.tryRun("destroy", {});
    stack?.cleanup();
    await target?.close();
  });

  const base = () => ({
    groups: [
      {
        resource: "eng",
        name: n("eng"),
        displayName: "Engineering",
        quotaAllowance: 5,
        members: [user("alice"), user("bob")],
      },
      { resource: "ops", name: n("ops") },
    ],
  });

  it("creates groups with members, then previews with no changes", async () => {
    await target.clearCalls();
    const up = await stack.up(base());
    console.log("calls for create (2 groups, one with members):", await target.calls());
    const eng = up.outputs!.eng!.value;
    expect(eng.count).toBe(2);
    expect(eng.members).toEqual([user("alice"), user("bob")].sort());
    const onServer = (await api.getGroup(eng.id)).members.map((m) => m.id).sort();
    expect(onServer).toEqual([user("alice"), user("bob")].sort());

    await target.clearCalls();
    const preview = await stack.preview(base(), { expectNoChanges: true });
    expect(preview.changeSummary).toEqual({ same: 3 });
    console.log("calls for no-change preview:", await target.calls());
  });

  it("renames, changes quota and members in place", async () => {
    const before = (await stack.up(base())).outputs!.eng!.value.id;
    const p = base();
    Object.assign(p.groups[0]!, {
      name: n("engineering"),
      quotaAllowance: 10,
      members: [user("alice"), user("carol")],
    });
    await target.clearCalls();
    const up = await stack.up(p);
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
    // One PATCH carries the rename, the quota and both member sets, computed from the live
    // members (one GET first: a hand-added member must not make Coder reject the PATCH).
    if (target.emulator)
      expect(await target.calls()).toEqual({ "GET /api/v2/groups/:id": 1, "PATCH /api/v2/groups/:id": 1 });
    const g = await api.getGroup(before);
    expect(g.name).toBe(n("engineering"));
    expect(g.quotaAllowance).toBe(10);
    expect(g.members.map((m) => m.id).sort()).toEqual([user("alice"), user("carol")].sort());
  });

  it("replaces a group whose organization changes", async () => {
    const research = target.secondOrganizationId!;
    const p = base();
    Object.assign(p.groups[0]!, {
      name: n("engineering"),
      quotaAllowance: 10,
      members: [user("alice"), user("carol")],
    });
    Object.assign(p.groups[1]!, { organizationId: research });
    const up = await stack.up(p);
    expect(up.summary.resourceChanges).toMatchObject({ replace: 1 });
    const ops = await groupsNamed(n("ops"));
    expect(ops).toHaveLength(1);
    expect(ops[0]!.organizationId).toBe(research);
  });

  it("detects out-of-band rename, member removal and deletion, and reverts them", async () => {
    const p = base();
    Object.assign(p.groups[0]!, {
      name: n("engineering"),
      quotaAllowance: 10,
      members: [user("alice"), user("carol")],
    });
    const ids = (await stack.up(p)).outputs!;
    await api.updateGroup(ids.eng!.value.id, { name: n("renamed-by-hand"), removeUsers: [user("carol")] });
    await api.deleteGroup(ids.ops!.value.id);

    const drift = await stack.tryRun("preview", p, { refresh: true, expectNoChanges: true, diff: true });
    expect(drift.error).toBeDefined();
    expect(drift.stdout + drift.error).toMatch(/renamed-by-hand/);

    const refresh = await stack.refresh(p);
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 1, delete: 1 });

    const up = await stack.up(p);
    expect(up.summary.resourceChanges).toMatchObject({ update: 1, create: 1 });
    const eng = await api.getGroup(ids.eng!.value.id);
    expect(eng.name).toBe(n("engineering"));
    expect(eng.members.map((m) => m.id).sort()).toEqual([user("alice"), user("carol")].sort());
    expect(await groupsNamed(n("ops"))).toHaveLength(1);
    await stack.preview(p, { refresh: true, expectNoChanges: true });
  });

  it("adopts an existing group instead of failing with 409", async () => {
    const existing = await api.createGroup(org, { name: n("platform") });
    const p = base();
    const withPlatform = {
      groups: [...p.groups, { resource: "platform", name: n("platform"), quotaAllowance: 7, adopt: true }],
    };
    const up = await stack.up(withPlatform);
    expect(up.outputs!.platform!.value.id).toBe(existing.id);
    expect((await api.getGroup(existing.id)).quotaAllowance).toBe(7);
    expect(await groupsNamed(n("platform"))).toHaveLength(1);

    const conflict = await stack.tryRun("up", {
      groups: [...withPlatform.groups, { resource: "dupe", name: n("platform") }],
    });
    // The CLI prints the provider's message with the diagnostics (stdout); `error` may only say it failed.
    expect(`${conflict.error}\n${conflict.stdout}`).toMatch(/already exists[\s\S]*adopt: true/);
  });

  it.each([
    [{ name: "bad name" }, /property name value .* has a problem: must be alphanumeric/],
    [
      { name: "ok", members: ["alice", "alice"] },
      /property members .* has a problem: must not contain duplicate member user ids/,
    ],
    [
      { name: "ok2", members: ["not-a-uuid"] },
      /property members .* has a problem: \[0\]: member user id must be a UUID/,
    ],
    [{ name: "Everyone" }, /"Everyone" is reserved by Coder; set adopt: true/],
  ])("rejects bad input at preview, naming the field: %j", async (args, message) => {
    const members = (args as any).members?.map((m: string) => (m === "alice" ? user("alice") : m));
    const name = args.name === "ok" || args.name === "ok2" ? n(args.name) : args.name;
    await target.clearCalls();
    const bad = await stack.tryRun("preview", {
      groups: [{ resource: "bad", ...args, name, ...(members ? { members } : {}) }],
    });
    expect(bad.error).toBeDefined();
    expect(`${bad.error}\n${bad.stdout}`).toMatch(message);
    // Rejected before any write reached Coder (the request log exists on the emulator only).
    if (target.emulator)
      expect(((await target.requests()) ?? []).filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("adopts the Everyone group for its quota and leaves it alone on destroy", async () => {
    // On a real deployment the Everyone group's quota is put back when the run closes.
    const originalQuota = (await api.getGroup(org)).quotaAllowance;
    target.onClose(() => api.updateGroup(org, { quotaAllowance: originalQuota }));
    const quota = originalQuota === 3 ? 4 : 3;
    const p = {
      groups: [
        ...base().groups,
        { resource: "everyone", name: "Everyone", quotaAllowance: quota, adopt: true },
      ],
    };
    const up = await stack.up(p);
    expect(up.outputs!.everyone!.value.id).toBe(org);
    expect((await api.getGroup(org)).quotaAllowance).toBe(quota);

    const state = await stack.exportState();
    console.log("__provider bytes per resource:", providerSizes(state));
    expectNoPlaintext(state, { "session token": target.token });
    expectNoPlaintext(stack.stateFilesText(), { "session token": target.token });

    await target.clearCalls();
    const destroy = await stack.destroy(p);
    expect(destroy.summary.result).toBe("succeeded");
    console.log("calls for destroy:", await target.calls());
    const names = new Set(["eng", "engineering", "ops", "platform", "renamed-by-hand"].map(n));
    const orgs = [org, target.secondOrganizationId!];
    const left = (await Promise.all(orgs.map((o) => api.listGroups(o)))).flat().map((g) => g.name);
    expect(left.filter((g) => names.has(g))).toEqual([]); // nothing of this run is left
    expect(left.filter((g) => g === "Everyone")).toHaveLength(2); // one per organization, untouched
    if (target.emulator) expect(left.sort()).toEqual(["Everyone", "Everyone"]);
    expect((await api.getGroup(org)).quotaAllowance).toBe(quota);
  });
});
