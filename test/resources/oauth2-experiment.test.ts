// OAuth2App / OAuth2AppSecret on a Coder that gates OAuth2 apps behind the `oauth2` experiment (the
// v2.30.0 default): preview fails early, naming CODER_EXPERIMENTS=oauth2, with zero writes; apply-time
// 403s say the same.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator";
import type { CoderClient } from "../../provider/client";
import { resetRuntime } from "../../provider/dynamic/runtime";
import { oauth2AppProvider as app } from "../../provider/resources/oauth2-app";
import { oauth2AppSecretProvider as secret } from "../../provider/resources/oauth2-app-secret";
import { callCounts } from "../e2e/state-checks";
import { startProviderEnvironment, stopProviderEnvironment } from "./provider-env";

let emu: RunningEmulator;
let api: CoderClient;
const calls = async () => callCounts(await emu.control.requests());

beforeAll(async () => {
  ({ emu, api } = await startProviderEnvironment("none")); // no experiments: like a fresh v2.30.0
});
afterAll(() => stopProviderEnvironment({ emu, api }));
beforeEach(async () => {
  await emu.control.setExperiments([]);
  resetRuntime(); // a fresh provider process: nothing cached
  await emu.control.clearRequests();
});

describe("oauth2 experiment disabled", () => {
  it("check (preview) of a new OAuth2App fails naming the experiment and CODER_EXPERIMENTS, without writes", async () => {
    const res = await app.check!({}, { name: "grafana", callbackUrl: "https://grafana.test/cb" });
    expect(res.failures).toHaveLength(1);
    expect(res.failures![0]!.property).toBe("");
    expect(res.failures![0]!.reason).toMatch(/'oauth2' experiment enabled, which OAuth2App needs/);
    expect(res.failures![0]!.reason).toContain("CODER_EXPERIMENTS=oauth2");
    expect(await calls()).toEqual({ "GET /api/v2/experiments": 1, "GET /api/v2/oauth2-provider/apps": 1 });
    expect((await emu.control.state()).counts["oauth2Apps"]).toBe(0);
  });

  it("the answer is cached for the process: a second resource's check sends nothing", async () => {
    await app.check!({}, { name: "a", callbackUrl: "https://a.test/cb" });
    await emu.control.clearRequests();
    const res = await secret.check!({}, { appId: "0b7c2f4e-8f0a-4a43-9b4e-6a5d2f1c3e00" });
    expect(res.failures![0]!.reason).toMatch(/OAuth2AppSecret needs/);
    expect(await calls()).toEqual({});
  });

  it("updates of existing apps are not re-checked at preview (an existing app proves the routes worked)", async () => {
    const res = await app.check!(
      { name: "a", callbackUrl: "https://a.test/cb", icon: "" },
      { name: "a", callbackUrl: "https://b.test/cb" },
    );
    expect(res.failures ?? []).toEqual([]);
    expect(await calls()).toEqual({});
  });

  it("a create that reaches Coder anyway surfaces the 403 with what to do", async () => {
    await expect(app.create({ name: "x", callbackUrl: "https://x.test/cb", icon: "" })).rejects.toThrow(
      /Coder refused to create an OAuth2 app: .*requires enabling the 'oauth2' experiment.*CODER_EXPERIMENTS=oauth2/,
    );
  });
});

describe("oauth2 experiment enabled", () => {
  it("check passes with one GET /experiments and no probe", async () => {
    await emu.control.setExperiments(["oauth2"]);
    const res = await app.check!({}, { name: "grafana", callbackUrl: "https://grafana.test/cb" });
    expect(res.failures ?? []).toEqual([]);
    expect(await calls()).toEqual({ "GET /api/v2/experiments": 1 });
  });
});
