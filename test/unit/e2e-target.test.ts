// The opt-in real-Coder switch of the e2e suite (test/e2e/target.ts): configuration errors and the
// skip reasons it derives from a deployment. A license-less emulator stands in for the real Coder.
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator";
import { e2eTargetKind, openE2ETarget, realTargetConfigError } from "../e2e/target";

const saved = { ...process.env };
afterEach(() => {
  for (const k of ["PULUMI_CODERD_E2E_TARGET", "CODER_URL", "CODER_SESSION_TOKEN"]) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe("e2e target selection", () => {
  it("defaults to the emulator; real needs CODER_URL and CODER_SESSION_TOKEN", () => {
    delete process.env.PULUMI_CODERD_E2E_TARGET;
    expect(e2eTargetKind()).toBe("emulator");
    expect(realTargetConfigError()).toBeUndefined();
    process.env.PULUMI_CODERD_E2E_TARGET = "real";
    delete process.env.CODER_URL;
    delete process.env.CODER_SESSION_TOKEN;
    expect(realTargetConfigError()).toBe(
      "PULUMI_CODERD_E2E_TARGET=real needs CODER_URL and CODER_SESSION_TOKEN (the deployment and an owner's session token)",
    );
  });

  it("names the missing license feature, then the missing experiment, and creates nothing", async () => {
    const emu = await startEmulator({ license: "none" });
    try {
      process.env.PULUMI_CODERD_E2E_TARGET = "real";
      process.env.CODER_URL = emu.url;
      process.env.CODER_SESSION_TOKEN = emu.token;
      const groups = await openE2ETarget({ features: ["template_rbac"], users: ["alice"] });
      expect(groups.kind).toBe("real");
      expect(groups.emulator).toBeUndefined();
      expect(groups.missing).toBe(
        "the deployment's license does not include Template RBAC (template_rbac); upload a license that does",
      );
      expect(groups.name("eng")).toMatch(/^e2e-[0-9a-f]{6}-eng$/);
      await groups.close();

      const oauth2 = await openE2ETarget({ experiments: ["oauth2"] });
      expect(oauth2.missing).toBe(
        "the deployment has the 'oauth2' experiment disabled; start coderd with CODER_EXPERIMENTS=oauth2",
      );
      await oauth2.close();

      await emu.control.setExperiments(["oauth2"]);
      const ready = await openE2ETarget({ experiments: ["oauth2"] });
      expect(ready.missing).toBeUndefined();
      expect(await ready.calls()).toBeUndefined(); // no request log on a real deployment
      await ready.close();
      expect((await emu.control.requests()).filter((r) => r.method !== "GET")).toEqual([]);
    } finally {
      await emu.close();
    }
  });
});
