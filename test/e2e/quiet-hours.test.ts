import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { CoderClient } from "../../provider/client";
import { E2EStack } from "./harness";
import { callCounts } from "./state-checks";
import { e2eUnavailableReason } from "./workspace";

const unavailable = e2eUnavailableReason();

describe.skipIf(unavailable)("engine e2e: UserQuietHoursSchedule", () => {
  let emu: RunningEmulator;
  let stack: E2EStack;
  let api: CoderClient;
  let seed: Awaited<ReturnType<RunningEmulator["control"]["seed"]>>;
  const user = (name: string) => seed.users.find((u) => u.username === name)!.id;
  const writes = async () => (await emu.control.requests()).filter((r) => r.method !== "GET");

  beforeAll(async () => {
    emu = await startEmulator({ license: "all" });
    seed = await emu.control.seed();
    api = new CoderClient({ url: emu.url, token: emu.token });
    stack = new E2EStack({ program: "test/e2e/programs/quiet-hours.ts", target: emu });
  });
  afterAll(async () => {
    stack?.cleanup();
    await api?.close();
    await emu?.close();
  });

  const desired = () => ({
    schedules: [
      { resource: "alice", username: "alice", schedule: "CRON_TZ=Europe/Dublin 30 2 * * *" },
      // Without CRON_TZ: UTC, written out as Coder normalises it (no diff on the next preview).
      { resource: "bob", username: "bob", schedule: "0  4 * * *" },
    ],
  });

  it("sets the seeded users' schedules, then previews with no changes and no writes", async () => {
    await emu.control.clearRequests();
    const up = await stack.up(desired());
    expect(callCounts(await writes())).toEqual({ "PUT /api/v2/users/:id/quiet-hours": 2 });
    expect(up.outputs!.alice!.value).toMatchObject({ time: "02:30", timezone: "Europe/Dublin" });
    expect(up.outputs!.bob!.value.schedule).toBe("CRON_TZ=UTC 0 4 * * *");
    expect(await api.getUserQuietHoursSchedule(user("alice"))).toMatchObject({
      rawSchedule: "CRON_TZ=Europe/Dublin 30 2 * * *",
      userSet: true,
    });

    await emu.control.clearRequests();
    await stack.preview(desired(), { expectNoChanges: true });
    expect(await writes()).toEqual([]);
  });

  // Three engine runs (preview --refresh, up --refresh, preview --refresh): slow on a loaded machine.
  it("detects an out-of-band reset at preview --refresh and reverts it with up", async () => {
    await api.setUserQuietHoursSchedule(user("alice"), " "); // back to the default, by hand
    const drift = await stack.tryRun("preview", desired(), {
      refresh: true,
      expectNoChanges: true,
      diff: true,
    });
    expect(drift.error).toBeDefined();
    expect(drift.stdout + drift.error).toMatch(/Europe\/Dublin/);

    await stack.up(desired(), { refresh: true });
    expect((await api.getUserQuietHoursSchedule(user("alice"))).rawSchedule).toBe(
      "CRON_TZ=Europe/Dublin 30 2 * * *",
    );
    await stack.preview(desired(), { refresh: true, expectNoChanges: true });
  }, 300_000);

  it.each([
    ["CRON_TZ=Europe/Dublin 0,30 2 * * *", /schedule .* has a problem: minute must be one number 0-59/],
    ["0 2 * * 1-5", /schedule .* has a problem: day-of-month, month and day-of-week must each be \*/],
    ["CRON_TZ=Deans/House 0 2 * * *", /schedule .* has a problem: unknown time zone "Deans\/House"/],
    ["0 24 * * *", /schedule .* has a problem: hour must be one number 0-23/],
    ["@daily", /schedule .* has a problem: must have 5 fields/],
  ])("rejects %j at preview (Coder would answer 500) with zero writes", async (schedule, message) => {
    await emu.control.clearRequests();
    const bad = await stack.tryRun("preview", {
      schedules: [{ resource: "carol", username: "carol", schedule }],
    });
    expect(bad.error).toBeDefined();
    expect(`${bad.error}\n${bad.stdout}`).toMatch(message);
    expect(await writes()).toEqual([]);
  });

  it("does not overwrite a schedule the user chose without adopt, and fails clearly when custom schedules are off", async () => {
    await api.setUserQuietHoursSchedule(user("carol"), "CRON_TZ=UTC 0 5 * * *");
    await emu.control.clearRequests();
    const taken = await stack.tryRun("preview", {
      schedules: [...desired().schedules, { resource: "carol", username: "carol", schedule: "0 1 * * *" }],
    });
    expect(`${taken.error}\n${taken.stdout}`).toMatch(
      /already chose their own quiet hours .*set adopt: true/,
    );
    expect(await writes()).toEqual([]);

    await emu.control.setDeploymentOptions({ allowCustomQuietHours: false });
    try {
      const off = await stack.tryRun("preview", {
        schedules: [
          ...desired().schedules,
          { resource: "carol", username: "carol", schedule: "0 1 * * *", adopt: true },
        ],
      });
      expect(`${off.error}\n${off.stdout}`).toMatch(
        /does not allow custom quiet hours \(CODER_ALLOW_CUSTOM_QUIET_HOURS=false\)/,
      );
    } finally {
      await emu.control.setDeploymentOptions({ allowCustomQuietHours: true });
    }
  });

  it("destroy returns each user to the deployment default", async () => {
    const destroy = await stack.destroy(desired());
    expect(destroy.summary.result).toBe("succeeded");
    for (const name of ["alice", "bob"]) {
      expect(await api.getUserQuietHoursSchedule(user(name))).toMatchObject({
        userSet: false,
        rawSchedule: "CRON_TZ=UTC 0 0 * * *",
      });
    }
  });
});
