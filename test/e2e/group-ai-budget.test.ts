import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { CoderClient } from "../../provider/client";
import { E2EStack } from "./harness";
import { callCounts } from "./state-checks";
import { e2eUnavailableReason } from "./workspace";

const unavailable = e2eUnavailableReason();

describe.skipIf(unavailable)("engine e2e: GroupAiBudget", () => {
  let emu: RunningEmulator;
  let stack: E2EStack;
  let api: CoderClient;
  let org: string;
  const writes = async () => (await emu.control.requests()).filter((r) => r.method !== "GET");
  const budgetOf = async (groupId: string) =>
    ((await emu.control.state()) as any).groupAiBudgets.find((b: any) => b.groupId === groupId);

  beforeAll(async () => {
    emu = await startEmulator({ license: "all" });
    org = (await emu.control.seed()).defaultOrganizationId;
    api = new CoderClient({ url: emu.url, token: emu.token });
    stack = new E2EStack({ program: "test/e2e/programs/group-ai-budget.ts", target: emu });
  });
  afterAll(async () => {
    stack?.cleanup();
    await api?.close();
    await emu?.close();
  });

  const desired = () => ({
    budgets: [
      { resource: "ml", groupName: "ml", spendLimitUsd: 512.25 },
      // 0 is explicit: it blocks all AI spend.
      { resource: "interns", groupName: "interns", spendLimitUsd: 0 },
    ],
  });

  it("creates budgets in micro-dollars, then previews with no changes and no writes", async () => {
    const up = await stack.up(desired());
    expect(up.outputs!.ml!.value).toMatchObject({ usd: 512.25, micros: 512_250_000 });
    expect(up.outputs!.interns!.value).toMatchObject({ usd: 0, micros: 0 });
    expect(await budgetOf(up.outputs!.ml!.value.id)).toMatchObject({ spendLimitMicros: 512_250_000 });
    expect(await budgetOf(up.outputs!.interns!.value.id)).toMatchObject({ spendLimitMicros: 0 });

    await emu.control.clearRequests();
    await stack.preview(desired(), { expectNoChanges: true });
    expect(await emu.control.requests()).toEqual([]);
  });

  // Three engine runs (preview --refresh, up --refresh, preview --refresh): slow on a loaded machine.
  it("detects an out-of-band change and deletion at preview --refresh and reverts both with up", async () => {
    const ids = (await stack.up(desired())).outputs!;
    await api.setGroupAiBudget(ids.ml!.value.id, 1_000_000);
    await api.deleteGroupAiBudget(ids.interns!.value.id);
    const drift = await stack.tryRun("preview", desired(), {
      refresh: true,
      expectNoChanges: true,
      diff: true,
    });
    expect(drift.error).toBeDefined();

    await emu.control.clearRequests();
    await stack.up(desired(), { refresh: true });
    expect(callCounts(await writes())).toEqual({ "PUT /api/v2/groups/:id/ai/budget": 2 });
    expect((await api.getGroupAiBudget(ids.ml!.value.id)).spendLimitMicros).toBe(512_250_000);
    expect((await api.getGroupAiBudget(ids.interns!.value.id)).spendLimitMicros).toBe(0);
    await stack.preview(desired(), { refresh: true, expectNoChanges: true });
  }, 300_000);

  it.each([
    [{ spendLimitUsd: -1 }, /spendLimitUsd .* has a problem: must not be negative \(0 blocks all AI spend\)/],
    [{ spendLimitUsd: 0.0000001 }, /spendLimitUsd .* has a problem: must have at most 6 decimal places/],
    [{}, /spendLimitUsd .* has a problem: is required: the limit in US dollars \(0 blocks all AI spend\)/],
    [
      { spendLimitUsd: 5, groupId: "00000000-0000-0000-0000-0000000000bb" },
      /groupId .* has a problem: group with ID 00000000-0000-0000-0000-0000000000bb does not exist/,
    ],
  ])("rejects bad input at preview with zero writes: %j", async (args, message) => {
    await emu.control.clearRequests();
    const bad = await stack.tryRun("preview", { budgets: [{ resource: "bad", groupId: org, ...args }] });
    expect(bad.error).toBeDefined();
    expect(`${bad.error}\n${bad.stdout}`).toMatch(message);
    expect(await writes()).toEqual([]);
  });

  it("never takes over a budget it did not create, unless adopt is set", async () => {
    const ops = await api.createGroup(org, { name: "ops" });
    await api.setGroupAiBudget(ops.id, 42_000_000);
    await emu.control.clearRequests();
    const taken = await stack.tryRun("preview", {
      budgets: [...desired().budgets, { resource: "ops", groupId: ops.id, spendLimitUsd: 10 }],
    });
    expect(`${taken.error}\n${taken.stdout}`).toMatch(
      /already has an AI budget of \$42 that this stack did not create; set adopt: true/,
    );
    expect(await writes()).toEqual([]);

    await stack.up({
      budgets: [...desired().budgets, { resource: "ops", groupId: ops.id, spendLimitUsd: 10, adopt: true }],
    });
    expect((await api.getGroupAiBudget(ops.id)).spendLimitMicros).toBe(10_000_000);
  });

  it("destroy deletes the budgets (never PUT 0, which would block spend)", async () => {
    const ids = (await stack.up(desired())).outputs!;
    await emu.control.clearRequests();
    const destroy = await stack.destroy(desired());
    expect(destroy.summary.result).toBe("succeeded");
    const calls = callCounts(await writes());
    expect(calls["DELETE /api/v2/groups/:id/ai/budget"]).toBe(2);
    expect(calls["PUT /api/v2/groups/:id/ai/budget"]).toBeUndefined();
    expect(await budgetOf(ids.ml!.value.id)).toBeUndefined();
  });
});
