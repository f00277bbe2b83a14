import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { CoderClient } from "../../provider/client";
import { E2EStack } from "./harness";
import { callCounts } from "./state-checks";
import { e2eUnavailableReason } from "./workspace";

const unavailable = e2eUnavailableReason();

describe.skipIf(unavailable)("engine e2e: WorkspaceSharingSettings", () => {
  let emu: RunningEmulator;
  let stack: E2EStack;
  let api: CoderClient;
  let coder: string;
  let research: string;

  beforeAll(async () => {
    // No license: Coder does not gate workspace sharing.
    emu = await startEmulator({ license: "none" });
    const seed = await emu.control.seed();
    coder = seed.defaultOrganizationId;
    research = seed.organizations.find((o) => o.name === "research")!.id;
    api = new CoderClient({ url: emu.url, token: emu.token });
    stack = new E2EStack({ program: "test/e2e/programs/workspace-sharing.ts", target: emu });
  });
  afterAll(async () => {
    stack?.cleanup();
    await api?.close();
    await emu?.close();
  });

  const desired = () => ({
    settings: [
      { resource: "coder", shareableWorkspaceOwners: "service_accounts" },
      { resource: "research", organizationId: research, shareableWorkspaceOwners: "none" },
    ],
  });

  it("sets each organization's sharing with one PATCH, then previews with no changes and no calls", async () => {
    await emu.control.clearRequests();
    const up = await stack.up(desired());
    const calls = callCounts(await emu.control.requests());
    expect(calls["PATCH /api/v2/organizations/:id/settings/workspace-sharing"]).toBe(2);
    expect(up.outputs!.coder!.value).toMatchObject({ organizationId: coder, owners: "service_accounts" });
    expect(up.outputs!.research!.value).toMatchObject({ owners: "none", sharingDisabled: true });
    expect((await api.getWorkspaceSharingSettings(coder)).shareableWorkspaceOwners).toBe("service_accounts");
    expect((await api.getWorkspaceSharingSettings(research)).shareableWorkspaceOwners).toBe("none");

    await emu.control.clearRequests();
    await stack.preview(desired(), { expectNoChanges: true });
    expect(await emu.control.requests()).toEqual([]);
  });

  // Three engine runs (preview --refresh, up --refresh, preview --refresh): slow on a loaded machine.
  it("detects an out-of-band change at preview --refresh and reverts it with up", async () => {
    await api.updateWorkspaceSharingSettings(coder, "everyone");
    const drift = await stack.tryRun("preview", desired(), {
      refresh: true,
      expectNoChanges: true,
      diff: true,
    });
    expect(drift.error).toBeDefined();
    expect(drift.stdout + drift.error).toMatch(/everyone/);

    await stack.up(desired(), { refresh: true });
    expect((await api.getWorkspaceSharingSettings(coder)).shareableWorkspaceOwners).toBe("service_accounts");
    await stack.preview(desired(), { refresh: true, expectNoChanges: true });
  }, 300_000);

  it.each([
    [
      { shareableWorkspaceOwners: "admins" },
      /shareableWorkspaceOwners .* has a problem: must be "everyone", "service_accounts" or "none"/,
    ],
    [{}, /shareableWorkspaceOwners .* has a problem: must be "everyone", "service_accounts" or "none"/],
    [
      { organizationId: "research", shareableWorkspaceOwners: "none" },
      /organizationId .* has a problem: organizationId must be a UUID/,
    ],
  ])("rejects bad input at preview with zero writes: %j", async (args, message) => {
    await emu.control.clearRequests();
    const bad = await stack.tryRun("preview", { settings: [{ resource: "bad", ...args }] });
    expect(bad.error).toBeDefined();
    expect(`${bad.error}\n${bad.stdout}`).toMatch(message);
    expect((await emu.control.requests()).filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("destroy restores Coder's default, everyone", async () => {
    const destroy = await stack.destroy(desired());
    expect(destroy.summary.result).toBe("succeeded");
    expect((await api.getWorkspaceSharingSettings(coder)).shareableWorkspaceOwners).toBe("everyone");
    expect((await api.getWorkspaceSharingSettings(research)).shareableWorkspaceOwners).toBe("everyone");
  });
});
