import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { CoderClient } from "../../provider/client";
import { E2EStack } from "./harness";
import { callCounts, expectNoPlaintext, providerSizes } from "./state-checks";
import { e2eUnavailableReason } from "./workspace";

const unavailable = e2eUnavailableReason();

describe.skipIf(unavailable)("engine e2e: License", () => {
  let emu: RunningEmulator;
  let stack: E2EStack;
  let api: CoderClient;
  let jwt1: string;
  let jwt2: string;

  beforeAll(async () => {
    emu = await startEmulator({ license: "none" });
    api = new CoderClient({ url: emu.url, token: emu.token });
    jwt1 = (await emu.control.mintLicense({})).jwt;
    jwt2 = (await emu.control.mintLicense({ account_id: "second" })).jwt;
    stack = new E2EStack({ program: "test/e2e/programs/groups.ts", target: emu });
  });
  afterAll(async () => {
    stack?.cleanup();
    await api?.close();
    await emu?.close();
  });

  it("uploads a License and creates a licensed Group in the same up on an unlicensed deployment", async () => {
    expect((await api.getEntitlements()).features.template_rbac?.entitlement).not.toBe("entitled");
    const params = { license: jwt1, groups: [{ resource: "eng", name: "eng" }] };
    const preview = await stack.preview(params);
    expect(preview.changeSummary).toMatchObject({ create: 3 });

    await emu.control.clearRequests();
    const up = await stack.up(params);
    console.log("calls for License+Group create:", callCounts(await emu.control.requests()));
    const lic = up.outputs!.license!.value;
    expect(lic.features.template_rbac).toBeGreaterThan(0);
    expect(new Date(lic.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect((await api.getEntitlements()).features.template_rbac?.entitlement).toBe("entitled");
    await stack.preview(params, { expectNoChanges: true });

    const state = await stack.exportState();
    expectNoPlaintext(state, { "license JWT": jwt1, "session token": emu.token });
    expectNoPlaintext(stack.stateFilesText(), { "license JWT": jwt1, "session token": emu.token });
    console.log("__provider bytes per resource:", providerSizes(state));
  });

  it("replacing the JWT uploads the new license before deleting the old one", async () => {
    const oldId = (await stack.up({ license: jwt1, groups: [{ resource: "eng", name: "eng" }] })).outputs!
      .license!.value.id;
    await emu.control.clearRequests();
    const up = await stack.up({ license: jwt2, groups: [{ resource: "eng", name: "eng" }] });
    expect(up.summary.resourceChanges).toMatchObject({ replace: 1 });
    const writes = (await emu.control.requests())
      .filter((r) => r.method !== "GET")
      .map((r) => `${r.method} ${r.path}`);
    expect(writes).toEqual(["POST /api/v2/licenses", `DELETE /api/v2/licenses/${oldId}`]);
    const ids = (await api.listLicenses()).map((l) => String(l.id));
    expect(ids).toEqual([up.outputs!.license!.value.id]);
    expectNoPlaintext(await stack.exportState(), { "old JWT": jwt1, "new JWT": jwt2 });
  });

  it("rejects an expired or malformed JWT at preview", async () => {
    const expired = (await emu.control.mintLicense({ exp: Math.floor(Date.now() / 1000) - 3600 })).jwt;
    const r1 = await stack.tryRun("preview", { license: expired, groups: [] });
    expect(`${r1.error}`).toMatch(/property license .*has a problem: expired on/);
    expect(`${r1.error}${r1.stdout}`).not.toContain(expired);
    const r2 = await stack.tryRun("preview", { license: "not-a-jwt", groups: [] });
    expect(`${r2.error}`).toMatch(/property license .*has a problem: is not a license JWT/);
  });

  it("detects a license deleted out of band and uploads it again", async () => {
    // Without groups: deleting the license would (rightly) make groups unreadable.
    const params = { license: jwt2, groups: [] };
    const id = (await stack.up(params)).outputs!.license!.value.id;
    await api.deleteLicense(id);
    const refresh = await stack.refresh(params);
    expect(refresh.summary.resourceChanges).toMatchObject({ delete: 1 });
    const up = await stack.up(params);
    expect(up.summary.resourceChanges).toMatchObject({ create: 1 });
    expect((await api.listLicenses()).length).toBe(1);
    const destroy = await stack.destroy(params);
    expect(destroy.summary.result).toBe("succeeded");
    expect(await api.listLicenses()).toEqual([]);
  });
});
