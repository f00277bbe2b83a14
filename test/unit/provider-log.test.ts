// Issue 19 item 9: every API call the provider makes is logged at debug (method, path, status,
// attempt, milliseconds; never headers or bodies), and waits before retries at info.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { RunningEmulator } from "../../emulator";
import type { CoderClient } from "../../provider/client";
import { providerLog } from "../../provider/dynamic/provider-log";
import { groupProvider } from "../../provider/resources/group";
import { startProviderEnvironment, stopProviderEnvironment } from "../resources/provider-env";

let emu: RunningEmulator;
let api: CoderClient;

beforeAll(async () => {
  ({ emu, api } = await startProviderEnvironment("all"));
  await emu.control.seed();
  process.env.CODER_HEADER = "X-Proxy-Auth=header-secret-value";
});
afterAll(async () => {
  delete process.env.CODER_HEADER;
  await emu.control.clearFaults();
  await stopProviderEnvironment({ emu, api });
});

describe("provider logging", () => {
  it("logs each attempt at debug and the wait before a retry at info, without secrets", async () => {
    const debug = vi.spyOn(providerLog, "debug").mockImplementation(() => {});
    const info = vi.spyOn(providerLog, "info").mockImplementation(() => {});
    try {
      await emu.control.addFault({
        kind: "status",
        status: 429,
        retryAfter: 0,
        path: "/users/me$",
        count: 1,
      });
      const checked = await groupProvider.check!({}, { name: "logged" });
      expect(checked.failures ?? []).toEqual([]);
      const lines = debug.mock.calls.map((c) => c[0]);
      expect(lines).toContainEqual(
        expect.stringMatching(/^coderd: GET \/api\/v2\/users\/me -> HTTP 429 \(attempt 1, \d+ ms\)$/),
      );
      expect(lines).toContainEqual(
        expect.stringMatching(/^coderd: GET \/api\/v2\/users\/me -> HTTP 200 \(attempt 2, \d+ ms\)$/),
      );
      // The wait on the 429 is reported once at info, by the rate-limit log (naming the limit).
      const infos = info.mock.calls.map((c) => c[0]);
      expect(
        infos.filter((l) => /answered 429 on GET .*\/users\/me: waiting \d+\.\d s/.test(l)),
      ).toHaveLength(1);
      expect(infos.filter((l) => /retrying in/.test(l))).toEqual([]);
      const all = [...lines, ...info.mock.calls.map((c) => c[0])].join("\n");
      expect(all).not.toContain(emu.token);
      expect(all).not.toContain("header-secret-value");
    } finally {
      debug.mockRestore();
      info.mockRestore();
    }
  });
});
