// Contract tests: getNotificationTemplate and getEntitlements against the emulator, configured
// through the env fallback (outside a Pulumi program `pulumi.Config` has no values).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { getEntitlements, getNotificationTemplate } from "../../provider";
import { resetLookups } from "../../provider/lookups";

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ license: "none" });
  process.env.CODER_URL = emu.url;
  process.env.CODER_SESSION_TOKEN = emu.token;
  delete process.env.CODER_ORGANIZATION;
});
afterAll(async () => {
  await resetLookups();
  delete process.env.CODER_URL;
  delete process.env.CODER_SESSION_TOKEN;
  await emu?.close();
});

describe("getNotificationTemplate", () => {
  it("finds a system template by exact name, then case-insensitively", async () => {
    const t = await getNotificationTemplate({ name: "Workspace Deleted" });
    expect(t).toMatchObject({
      id: "f517da0b-cdc9-410f-ab89-a86107c420ed",
      name: "Workspace Deleted",
      kind: "system",
      method: "",
    });
    expect((await getNotificationTemplate({ name: "workspace deleted" })).id).toBe(t.id);
  });

  it("an unknown name fails, listing the known names, after one list of each kind", async () => {
    await emu.control.clearRequests();
    await expect(getNotificationTemplate({ name: "No Such Template" })).rejects.toThrow(
      /^no Coder notification template named "No Such Template" \(known: .*Workspace Deleted.*\)$/,
    );
    expect((await emu.control.requests()).map((r) => r.path)).toEqual([
      "/api/v2/notifications/templates/system",
      "/api/v2/notifications/templates/custom",
    ]);
    await expect(getNotificationTemplate({ name: " " })).rejects.toThrow(
      "getNotificationTemplate: a non-empty name is required",
    );
  });
});

describe("getEntitlements", () => {
  it("reports nothing entitled without a license, then the license's features", async () => {
    const none = await getEntitlements();
    expect(none.hasLicense).toBe(false);
    expect(none.entitledFeatures).toEqual([]);
    expect(none.features.appearance).toMatchObject({ entitlement: "not_entitled", entitled: false });

    const { jwt } = await emu.control.mintLicense({ features: { appearance: 1, user_limit: 50 } });
    const res = await fetch(`${emu.url}/api/v2/licenses`, {
      method: "POST",
      headers: { "Coder-Session-Token": emu.token, "Content-Type": "application/json" },
      body: JSON.stringify({ license: jwt }),
    });
    expect(res.status).toBe(201);
    const some = await getEntitlements();
    expect(some.hasLicense).toBe(true);
    expect(some.features.appearance).toMatchObject({
      entitlement: "entitled",
      enabled: true,
      entitled: true,
    });
    expect(some.features.template_rbac?.entitled).toBe(false);
    expect(some.entitledFeatures).toContain("appearance");
    expect(some.features.user_limit).toMatchObject({ limit: 50 });
  });
});
