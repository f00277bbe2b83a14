import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { CoderClient } from "../../provider/client";
import { E2EStack } from "./harness";
import { callCounts, expectNoPlaintext } from "./state-checks";
import { e2eUnavailableReason } from "./workspace";

const unavailable = e2eUnavailableReason();

describe.skipIf(unavailable)("engine e2e: Appearance", () => {
  let emu: RunningEmulator;
  let stack: E2EStack;
  let api: CoderClient;
  const writes = async () => (await emu.control.requests()).filter((r) => r.method !== "GET");

  beforeAll(async () => {
    emu = await startEmulator({ license: "all" });
    api = new CoderClient({ url: emu.url, token: emu.token });
    stack = new E2EStack({ program: "test/e2e/programs/appearance.ts", target: emu });
  });
  afterAll(async () => {
    stack?.cleanup();
    await api?.close();
    await emu?.close();
  });

  const desired = () => ({
    appearance: {
      applicationName: "Acme Dev",
      logoUrl: "https://acme.example/logo.svg",
      announcementBanners: [
        { message: "Maintenance Friday 18:00 UTC", backgroundColor: "#004852" },
        { enabled: false, message: "draft", backgroundColor: "#ABCDEF" },
      ],
    },
  });

  it("creates the appearance with one PUT, then previews with no changes and no calls", async () => {
    await emu.control.clearRequests();
    const up = await stack.up(desired());
    // Writes: one PUT (the GET /entitlements of the creation check is per-run overhead).
    expect(callCounts(await writes())).toEqual({ "PUT /api/v2/appearance": 1 });
    expect(up.outputs!.appearance!.value.announcementBanners[0]).toEqual({
      enabled: true,
      message: "Maintenance Friday 18:00 UTC",
      backgroundColor: "#004852",
    });
    const live = await api.getAppearance();
    expect(live.applicationName).toBe("Acme Dev");
    expect(live.announcementBanners.map((b) => b.backgroundColor)).toEqual(["#004852", "#ABCDEF"]);

    await emu.control.clearRequests();
    await stack.preview(desired(), { expectNoChanges: true });
    expect(await emu.control.requests()).toEqual([]);
    expectNoPlaintext(await stack.exportState(), { "session token": emu.token });
  });

  // Three engine runs (preview --refresh, up --refresh, preview --refresh): slow on a loaded machine.
  it("detects an out-of-band change at preview --refresh and reverts it with up", async () => {
    await api.updateAppearance({
      applicationName: "Changed by hand",
      logoUrl: "",
      announcementBanners: [],
    });
    const drift = await stack.tryRun("preview", desired(), {
      refresh: true,
      expectNoChanges: true,
      diff: true,
    });
    expect(drift.error).toBeDefined();
    expect(drift.stdout + drift.error).toMatch(/Changed by hand/);

    await stack.up(desired(), { refresh: true });
    expect((await api.getAppearance()).applicationName).toBe("Acme Dev");
    await stack.preview(desired(), { refresh: true, expectNoChanges: true });
  }, 300_000);

  it.each([
    [
      { announcementBanners: [{ message: "x", backgroundColor: "#12345G" }] },
      /announcementBanners .* has a problem: \[0\]\["backgroundColor"\]: must be "#" followed by exactly 6 hex digits/,
    ],
    [
      { announcementBanners: [{ message: "x", backgroundColor: "red" }] },
      /announcementBanners .* has a problem: \[0\]\["backgroundColor"\]: must be "#" followed by exactly 6 hex digits/,
    ],
    [
      { announcementBanners: [{ message: "no colour" }] },
      /announcementBanners .* has a problem: \[0\]\["backgroundColor"\]: .*required/,
    ],
  ])("rejects bad input at preview with zero writes: %j", async (args, message) => {
    await emu.control.clearRequests();
    const bad = await stack.tryRun("preview", { appearance: args });
    expect(bad.error).toBeDefined();
    expect(`${bad.error}\n${bad.stdout}`).toMatch(message);
    expect(await writes()).toEqual([]);
  });

  it("fails preview on a deployment without the appearance feature, naming it, with zero writes", async () => {
    const unlicensed = await startEmulator({ license: "none" });
    const other = new E2EStack({ program: "test/e2e/programs/appearance.ts", target: unlicensed });
    try {
      const bad = await other.tryRun("preview", desired());
      expect(`${bad.error}\n${bad.stdout}`).toMatch(
        /license does not include Appearance .*feature "appearance"/,
      );
      expect((await unlicensed.control.requests()).filter((r) => r.method !== "GET")).toEqual([]);

      // A License created in the same update (in dependsOn) brings the feature: one `up` works.
      const { jwt } = await unlicensed.control.mintLicense({});
      await other.up({ ...desired(), license: jwt });
      const live = new CoderClient({ url: unlicensed.url, token: unlicensed.token });
      expect((await live.getAppearance()).applicationName).toBe("Acme Dev");
      await live.close();
    } finally {
      await other.destroy({}).catch(() => undefined);
      other.cleanup();
      await unlicensed.close();
    }
  });

  it("destroy restores Coder's default appearance", async () => {
    await emu.control.clearRequests();
    const destroy = await stack.destroy(desired());
    expect(destroy.summary.result).toBe("succeeded");
    expect(callCounts(await emu.control.requests())).toEqual({ "PUT /api/v2/appearance": 1 });
    const live = await api.getAppearance();
    expect(live).toMatchObject({ applicationName: "", logoUrl: "", announcementBanners: [] });
  });
});
