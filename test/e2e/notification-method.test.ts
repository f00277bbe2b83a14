import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { CoderClient } from "../../provider/client";
import { E2EStack } from "./harness";
import { callCounts } from "./state-checks";
import { e2eUnavailableReason } from "./workspace";

const unavailable = e2eUnavailableReason();
const WORKSPACE_DELETED = "f517da0b-cdc9-410f-ab89-a86107c420ed";
const AUTOBUILD_FAILED = "381df2a9-c0c0-4749-420f-80a9280c66f9";

describe.skipIf(unavailable)("engine e2e: NotificationTemplateMethod", () => {
  let emu: RunningEmulator;
  let stack: E2EStack;
  let api: CoderClient;
  const methodOf = async (id: string) =>
    (await api.listNotificationTemplates("system")).find((t) => t.id === id)!.method;

  beforeAll(async () => {
    // No license: Coder does not gate notification methods.
    emu = await startEmulator({ license: "none" });
    api = new CoderClient({ url: emu.url, token: emu.token });
    stack = new E2EStack({ program: "test/e2e/programs/notification-method.ts", target: emu });
  });
  afterAll(async () => {
    stack?.cleanup();
    await api?.close();
    await emu?.close();
  });

  const desired = () => ({
    methods: [
      { resource: "deleted", templateName: "Workspace Deleted", method: "webhook" },
      { resource: "autobuild", templateId: AUTOBUILD_FAILED, method: "inbox" },
    ],
  });

  it("sets methods (template found by name or id), then previews with no changes and no writes", async () => {
    const up = await stack.up(desired());
    expect(up.outputs!.deleted!.value).toEqual({
      id: WORKSPACE_DELETED,
      name: "Workspace Deleted",
      kind: "system",
      method: "webhook",
    });
    // getEntitlements: an unlicensed deployment entitles nothing.
    expect(up.outputs!.entitled!.value).toEqual([]);
    expect(await methodOf(WORKSPACE_DELETED)).toBe("webhook");
    expect(await methodOf(AUTOBUILD_FAILED)).toBe("inbox");

    await emu.control.clearRequests();
    await stack.preview(desired(), { expectNoChanges: true });
    // The lookups read (list of templates, entitlements); the resources themselves make no call.
    expect((await emu.control.requests()).filter((r) => r.method !== "GET")).toEqual([]);
  });

  // Three engine runs (preview --refresh, up --refresh, preview --refresh): slow on a loaded machine.
  it("detects an out-of-band change at preview --refresh and reverts it with up", async () => {
    await api.setNotificationTemplateMethod(WORKSPACE_DELETED, "smtp");
    const drift = await stack.tryRun("preview", desired(), {
      refresh: true,
      expectNoChanges: true,
      diff: true,
    });
    expect(drift.error).toBeDefined();
    expect(drift.stdout + drift.error).toMatch(/smtp/);

    await emu.control.clearRequests();
    await stack.up(desired(), { refresh: true });
    expect(callCounts(await emu.control.requests())["PUT /api/v2/notifications/templates/:id/method"]).toBe(
      1,
    );
    expect(await methodOf(WORKSPACE_DELETED)).toBe("webhook");
    await stack.preview(desired(), { refresh: true, expectNoChanges: true });
  }, 300_000);

  it.each([
    [
      { templateId: WORKSPACE_DELETED, method: "email" },
      /method .* has a problem: must be "smtp", "webhook" or "inbox"/,
    ],
    [{ templateId: "not-a-uuid", method: "smtp" }, /templateId .* has a problem: templateId must be a UUID/],
    [
      { templateId: "00000000-0000-0000-0000-0000000000aa", method: "smtp" },
      /templateId .* has a problem: no notification template with id 00000000-0000-0000-0000-0000000000aa/,
    ],
  ])("rejects bad input at preview with zero writes: %j", async (args, message) => {
    await emu.control.clearRequests();
    const bad = await stack.tryRun("preview", { methods: [{ resource: "bad", ...args }] });
    expect(bad.error).toBeDefined();
    expect(`${bad.error}\n${bad.stdout}`).toMatch(message);
    expect((await emu.control.requests()).filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("destroy sets each template to the deployment's default method (Coder cannot un-set a method)", async () => {
    await emu.control.setDeploymentOptions({ notificationsMethod: "webhook" });
    await emu.control.clearRequests();
    const destroy = await stack.destroy(desired());
    expect(destroy.summary.result).toBe("succeeded");
    const calls = callCounts(await emu.control.requests());
    expect(calls["GET /api/v2/notifications/dispatch-methods"]).toBe(2);
    expect(await methodOf(WORKSPACE_DELETED)).toBe("webhook"); // was webhook already: a 304, success
    expect(await methodOf(AUTOBUILD_FAILED)).toBe("webhook");
  });
});
