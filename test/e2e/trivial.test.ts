import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { E2EStack } from "./harness";
import { e2eUnavailableReason } from "./workspace";

const unavailable = e2eUnavailableReason();

// The whole chain with no pulumi-coderd code in it: program → engine → dynamic-provider host →
// emulator over HTTP, including configure and a refresh that reads the server again.
describe.skipIf(unavailable)("engine e2e: trivial dynamic resource", () => {
  let emu: RunningEmulator;
  let stack: E2EStack;
  beforeAll(async () => {
    emu = await startEmulator({ license: "none" });
    stack = new E2EStack({ program: "test/e2e/programs/trivial.ts", target: emu });
  });
  afterAll(async () => {
    stack?.cleanup();
    await emu?.close();
  });

  it("creates, previews with no changes, refreshes from the server and destroys", async () => {
    const up = await stack.up({ label: "first" });
    expect(up.summary.result).toBe("succeeded");
    expect(typeof up.outputs?.version?.value).toBe("string");

    const preview = await stack.preview({ label: "first" }, { expectNoChanges: true });
    expect(preview.changeSummary).toEqual({ same: 2 });

    await emu.control.clearRequests();
    const refresh = await stack.refresh({ label: "first" });
    expect(refresh.summary.result).toBe("succeeded");
    const reads = (await emu.control.requests()).filter((r) => r.path === "/api/v2/buildinfo");
    expect(reads).toHaveLength(1); // refresh really called the provider's read, which called the API

    const state = await stack.resources();
    const info = state.find((r) => r.type === "pulumi-nodejs:dynamic/e2e:BuildInfo");
    expect(info.outputs.version).toBe(up.outputs?.version?.value);

    const destroy = await stack.destroy();
    expect(destroy.summary.result).toBe("succeeded");
    expect(await stack.resources()).toHaveLength(0);
  });
});
