import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { CoderClient } from "../../provider/client";
import { E2EStack } from "./harness";
import { e2eUnavailableReason } from "./workspace";

const unavailable = e2eUnavailableReason();

// Issue 19 item 7: after a refresh that finds drift, `adopt` (an input read only at creation) must
// not show up in the preview: no `+ adopt: false`, no `[diff: -adopt~…]`.
describe.skipIf(unavailable)("engine e2e: adopt never appears in a diff", () => {
  let emu: RunningEmulator;
  let stack: E2EStack;
  let api: CoderClient;

  beforeAll(async () => {
    emu = await startEmulator({ license: "all" });
    await emu.control.seed();
    api = new CoderClient({ url: emu.url, token: emu.token });
    await api.createGroup((await emu.control.seed()).defaultOrganizationId, { name: "existing" });
    stack = new E2EStack({ program: "test/e2e/programs/groups.ts", target: emu });
  });
  afterAll(async () => {
    stack?.cleanup();
    await api?.close();
    await emu?.close();
  });

  const params = {
    groups: [
      { resource: "plain", name: "plain", displayName: "Plain" },
      { resource: "taken", name: "existing", displayName: "Taken over", adopt: true },
    ],
  };

  it("drift on both groups shows only the drifted properties, before and after up --refresh", async () => {
    const up = await stack.up(params);
    const ids = [up.outputs!.plain!.value.id, up.outputs!.taken!.value.id];
    for (const id of ids) await api.updateGroup(id, { displayName: "Changed by hand" });

    const drift = await stack.tryRun("preview", params, { refresh: true, expectNoChanges: true });
    const text = `${drift.stdout}\n${drift.error ?? ""}`;
    expect(drift.error).toBeDefined();
    expect(text).toMatch(/Group plain .*\[diff: ~displayName\]/);
    expect(text).toMatch(/Group taken .*\[diff: ~displayName\]/);
    expect(text).not.toMatch(/adopt/);

    const fixed = await stack.up(params, { refresh: true });
    expect(`${fixed.stdout}`).not.toMatch(/adopt/);
    expect(fixed.summary.resourceChanges).toMatchObject({ update: 2 });
    const again = await stack.preview(params, { refresh: true, expectNoChanges: true });
    expect(again.stdout).not.toMatch(/adopt/);
  });
});
