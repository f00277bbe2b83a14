// Contract tests: the providers of Appearance, WorkspaceSharingSettings, NotificationTemplateMethod,
// UserQuietHoursSchedule and GroupAiBudget against the emulator, with the calls each operation makes
// (the minimums in bench/MINIMUMS.md).
import type * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator";
import type { CoderClient } from "../../provider/client";
import { appearanceProvider as appearance } from "../../provider/resources/appearance";
import { groupAiBudgetProvider as budget } from "../../provider/resources/group-ai-budget";
import { notificationTemplateMethodProvider as method } from "../../provider/resources/notification-template-method";
import { userQuietHoursScheduleProvider as quiet } from "../../provider/resources/user-quiet-hours-schedule";
import { workspaceSharingSettingsProvider as sharing } from "../../provider/resources/workspace-sharing-settings";
import { callCounts } from "../e2e/state-checks";
import { checkedInputs, startProviderEnvironment, stopProviderEnvironment } from "./provider-env";

let emu: RunningEmulator;
let api: CoderClient;
let seed: Awaited<ReturnType<RunningEmulator["control"]["seed"]>>;
const calls = async () => callCounts(await emu.control.requests());
const user = (name: string) => seed.users.find((u) => u.username === name)!.id;
const WORKSPACE_DELETED = "f517da0b-cdc9-410f-ab89-a86107c420ed";

beforeAll(async () => {
  ({ emu, api } = await startProviderEnvironment("all"));
  seed = await emu.control.seed();
});
afterAll(() => stopProviderEnvironment({ emu, api }));
beforeEach(async () => {
  await emu.control.clearRequests();
});

async function failures(provider: pulumi.dynamic.ResourceProvider, news: Record<string, unknown>) {
  const res = await provider.check!({}, news);
  return (res.failures ?? []).map((f) => `${f.property}: ${f.reason}`);
}

describe("Appearance provider", () => {
  it("create, read, update and delete are one call each; defaults are filled in at check", async () => {
    const inputs = await checkedInputs(appearance, {
      applicationName: "Acme",
      announcementBanners: [{ backgroundColor: "#004852" }],
    });
    expect(inputs.announcementBanners).toEqual([{ enabled: true, message: "", backgroundColor: "#004852" }]);
    await emu.control.clearRequests();
    const { id, outs } = await appearance.create!(inputs);
    expect(id).toBe("deployment/appearance");
    expect(await calls()).toEqual({ "PUT /api/v2/appearance": 1 });
    await emu.control.clearRequests();
    expect((await appearance.read!(id, outs)).props).toMatchObject({ applicationName: "Acme", logoUrl: "" });
    await appearance.update!(id, outs, { ...inputs, applicationName: "Acme 2" });
    await appearance.delete!(id, outs);
    expect(await calls()).toEqual({ "GET /api/v2/appearance": 1, "PUT /api/v2/appearance": 2 });
    expect(await api.getAppearance()).toMatchObject({ applicationName: "", announcementBanners: [] });
  });

  it("checks every banner's colour, naming the banner", async () => {
    expect(
      await failures(appearance, {
        announcementBanners: [{ backgroundColor: "#abcdef" }, { enabled: false, backgroundColor: "#abcde" }],
      }),
    ).toEqual([
      // The engine shows a failure under its top-level property; the path inside goes in the reason.
      'announcementBanners: [1]["backgroundColor"]: must be "#" followed by exactly 6 hex digits, e.g. "#004852" (Coder\'s colour rule)',
    ]);
  });
});

describe("WorkspaceSharingSettings provider", () => {
  it("resolves the default organization once; create, update and delete are one PATCH each", async () => {
    const inputs = await checkedInputs(sharing, { shareableWorkspaceOwners: "none" });
    expect(inputs.organizationId).toBe(seed.defaultOrganizationId);
    await emu.control.clearRequests();
    const { id, outs } = await sharing.create!(inputs);
    expect(id).toBe(`${seed.defaultOrganizationId}/workspace-sharing`);
    expect(outs).toMatchObject({ shareableWorkspaceOwners: "none", sharingDisabled: true });
    await sharing.delete!(id, outs);
    expect(await calls()).toEqual({ "PATCH /api/v2/organizations/:id/settings/workspace-sharing": 2 });
    // A no-change check reuses the resolved organization: no call.
    await emu.control.clearRequests();
    await checkedInputs(sharing, { shareableWorkspaceOwners: "none" }, inputs);
    expect(await calls()).toEqual({});
  });
});

describe("NotificationTemplateMethod provider", () => {
  it("learns the template's kind and name at check, once; destroy sets the deployment default", async () => {
    const inputs = await checkedInputs(method, {
      templateId: WORKSPACE_DELETED.toUpperCase(),
      method: "inbox",
    });
    expect(inputs).toMatchObject({
      templateId: WORKSPACE_DELETED,
      kind: "system",
      templateName: "Workspace Deleted",
    });
    await emu.control.clearRequests();
    await checkedInputs(method, { templateId: WORKSPACE_DELETED, method: "webhook" }, inputs);
    expect(await calls()).toEqual({});

    const { id, outs } = await method.create!(inputs);
    // Setting the same method again is Coder's 304: success.
    await method.update!(id, outs, inputs);
    expect(await calls()).toEqual({ "PUT /api/v2/notifications/templates/:id/method": 2 });
    expect(((await emu.control.requests()) as any[]).map((r) => r.status)).toEqual([200, 304]);
    await emu.control.clearRequests();
    await method.delete!(id, outs);
    expect(await calls()).toEqual({
      "GET /api/v2/notifications/dispatch-methods": 1,
      "PUT /api/v2/notifications/templates/:id/method": 1,
    });
    const t = (await api.listNotificationTemplates("system")).find((x) => x.id === WORKSPACE_DELETED)!;
    expect(t.method).toBe("smtp");
  });
});

describe("UserQuietHoursSchedule provider", () => {
  it("normalises the schedule at check; create/update one PUT; delete resets with a whitespace PUT", async () => {
    const inputs = await checkedInputs(quiet, { userId: user("dave"), schedule: "15   6 * * *" });
    expect(inputs.schedule).toBe("CRON_TZ=UTC 15 6 * * *");
    await emu.control.clearRequests();
    const { id, outs } = await quiet.create!(inputs);
    expect(outs).toMatchObject({ schedule: "CRON_TZ=UTC 15 6 * * *", time: "06:15", timezone: "UTC" });
    await quiet.delete!(id, outs);
    expect(await calls()).toEqual({ "PUT /api/v2/users/:id/quiet-hours": 2 });
    expect(await api.getUserQuietHoursSchedule(id)).toMatchObject({ userSet: false });
    // A user back on the default reads as "" (drift against any declared schedule).
    expect((await quiet.read!(id, outs)).props).toMatchObject({ schedule: "" });
  });

  it("an unknown user fails at check, naming userId", async () => {
    expect(
      await failures(quiet, { userId: "00000000-0000-0000-0000-0000000000cc", schedule: "0 1 * * *" }),
    ).toEqual(["userId: user with ID 00000000-0000-0000-0000-0000000000cc does not exist"]);
  });
});

describe("GroupAiBudget provider", () => {
  it("converts dollars to micro-dollars exactly; delete is a DELETE and tolerates 404", async () => {
    const group = await api.createGroup(seed.defaultOrganizationId, { name: "budgeted" });
    const inputs = await checkedInputs(budget, { groupId: group.id, spendLimitUsd: 0.1 });
    await emu.control.clearRequests();
    const { id, outs } = await budget.create!(inputs);
    expect(outs).toMatchObject({ spendLimitUsd: 0.1, spendLimitMicros: 100_000 });
    expect((await budget.read!(id, outs)).props).toMatchObject({ spendLimitUsd: 0.1 });
    await budget.delete!(id, outs);
    await budget.delete!(id, outs); // already gone: 404 is success
    expect(await calls()).toEqual({
      "PUT /api/v2/groups/:id/ai/budget": 1,
      "GET /api/v2/groups/:id/ai/budget": 1,
      "DELETE /api/v2/groups/:id/ai/budget": 2,
    });
    // Gone: read reports it so (the engine drops it from state).
    expect(await budget.read!(id, outs)).toEqual({});
  });
});
