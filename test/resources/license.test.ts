// Contract tests: License check. Dates are validated only when the JWT changes; a license in its
// grace period (license_expires past, exp ahead) is a warning, not an error.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { RunningEmulator } from "../../emulator";
import type { CoderClient } from "../../provider/client";
import { providerLog } from "../../provider/dynamic/provider-log";
import { licenseProvider as p } from "../../provider/resources/license";
import { startProviderEnvironment, stopProviderEnvironment } from "./provider-env";

let emu: RunningEmulator;
let api: CoderClient;
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  ({ emu, api } = await startProviderEnvironment("none"));
});
afterAll(() => stopProviderEnvironment({ emu, api }));

describe("License check", () => {
  it("a license in its grace period passes check with a warning, and Coder accepts it", async () => {
    const jwt = (await emu.control.mintLicense({ license_expires: now() - 86_400, exp: now() + 7 * 86_400 }))
      .jwt;
    const warn = vi.spyOn(providerLog, "warn").mockImplementation(() => {});
    try {
      const res = await p.check!({}, { license: jwt });
      expect(res.failures ?? []).toEqual([]);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0]![0]).toMatch(/license period ended on .*grace period until/);
      expect(warn.mock.calls[0]![0]).not.toContain(jwt);
    } finally {
      warn.mockRestore();
    }
    const created = await p.create!({ license: jwt });
    expect(created.outs.uuid).toBeTruthy();
  });

  it("a JWT past exp fails check when it is new, but not once it is the stored license", async () => {
    const jwt = (await emu.control.mintLicense({ license_expires: now() - 7200, exp: now() - 3600 })).jwt;
    const fresh = await p.check!({}, { license: jwt });
    expect(fresh.failures).toEqual([
      {
        property: "license",
        reason: expect.stringMatching(/^expired on .*; Coder rejects expired licenses/),
      },
    ]);
    // Already uploaded (e.g. the hourly `preview --refresh --expect-no-changes`): not judged again.
    const stored = await p.check!({ license: jwt }, { license: jwt });
    expect(stored.failures ?? []).toEqual([]);
  });

  it("still rejects what is not a license JWT, on every check", async () => {
    const res = await p.check!({ license: "a.b" }, { license: "a.b" });
    expect(res.failures?.[0]?.reason).toMatch(/is not a license JWT/);
  });
});
