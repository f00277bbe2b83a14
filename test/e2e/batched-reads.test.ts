import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { CoderClient } from "../../provider/client";
import { E2EStack } from "./harness";
import { callCounts } from "./state-checks";
import { e2eUnavailableReason } from "./workspace";

const unavailable = e2eUnavailableReason();

// Batched reads through the real engine: a refresh of many groups costs one list call per
// organization (the provider host serves every resource of the command from one process), and
// drift is still found.
describe.skipIf(unavailable)("engine e2e: batched reads", () => {
  let emu: RunningEmulator;
  let stack: E2EStack;
  let api: CoderClient;
  let seed: Awaited<ReturnType<RunningEmulator["control"]["seed"]>>;
  const user = (name: string) => seed.users.find((u) => u.username === name)!.id;

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

  const N_DEFAULT = 12;
  const N_RESEARCH = 4;
  // Several engine runs over many resources: more than the default per-test budget on a busy machine.
  const TIMEOUT_MS = 600_000;
  const params = () => {
    const research = seed.organizations.find((o) => o.name === "research")!.id;
    const groups = [];
    for (let i = 0; i < N_DEFAULT; i++) {
      groups.push({ resource: `d${i}`, name: `batch-d${i}`, members: [user(i % 2 ? "alice" : "bob")] });
    }
    for (let i = 0; i < N_RESEARCH; i++) {
      groups.push({ resource: `r${i}`, name: `batch-r${i}`, organizationId: research });
    }
    return { groups };
  };
  const listCalls = (counts: Record<string, number>) => counts["GET /api/v2/organizations/:id/groups"] ?? 0;

  it(
    `refreshes ${N_DEFAULT + N_RESEARCH} groups in two organizations with one list call per organization`,
    async () => {
      const p = params();
      await stack.up(p);

      await emu.control.clearRequests();
      const refresh = await stack.refresh(p);
      expect(refresh.summary.result).toBe("succeeded");
      const counts = callCounts(await emu.control.requests());
      console.log(`calls for refresh of ${N_DEFAULT + N_RESEARCH} groups:`, counts);
      expect(listCalls(counts)).toBe(2);
      // The target: at most the number of organizations + 2, whatever N.
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      expect(total).toBeLessThanOrEqual(2 + 2);

      await emu.control.clearRequests();
      await stack.preview(p, { refresh: true, expectNoChanges: true });
      const previewCounts = callCounts(await emu.control.requests());
      expect(listCalls(previewCounts)).toBe(2);
      expect(Object.values(previewCounts).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2 + 2);
    },
    TIMEOUT_MS,
  );

  it(
    "still finds an out-of-band member change, rename and delete among many groups",
    async () => {
      const p = params();
      const ids = (await stack.up(p)).outputs!;
      await api.updateGroup(ids.d3!.value.id, { addUsers: [user("carol")] });
      await api.updateGroup(ids.d5!.value.id, { name: "renamed-by-hand" });
      await api.deleteGroup(ids.r2!.value.id);

      const drift = await stack.tryRun("preview", p, { refresh: true, expectNoChanges: true, diff: true });
      expect(drift.error).toBeDefined();
      expect(drift.stdout + drift.error).toMatch(/renamed-by-hand/);

      const refresh = await stack.refresh(p);
      // d3 (members) and d5 (name) changed; r2 is gone.
      expect(refresh.summary.resourceChanges).toMatchObject({ update: 2, delete: 1 });

      const up = await stack.up(p);
      expect(up.summary.resourceChanges).toMatchObject({ update: 2, create: 1 });
      expect((await api.getGroup(ids.d3!.value.id)).members.map((m) => m.username)).toEqual(["alice"]);
      await stack.preview(p, { refresh: true, expectNoChanges: true });
    },
    TIMEOUT_MS,
  );
});
