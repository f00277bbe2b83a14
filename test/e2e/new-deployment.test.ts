import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { CoderClient } from "../../provider/client";
import { E2EStack } from "./harness";
import { callCounts, expectNoPlaintext } from "./state-checks";
import { e2eUnavailableReason } from "./workspace";

const unavailable = e2eUnavailableReason();
const PASSWORD = "Initial-Passw0rd-For-Bruno!";

// examples/new-deployment exactly as shipped, on an unlicensed deployment: preview, up, a
// no-change preview with refresh, then destroy, leaving the deployment as it was.
// Several engine runs per test on a shared 2-core machine: more than the default 120 s.
describe.skipIf(unavailable)("engine e2e: examples/new-deployment", { timeout: 300_000 }, () => {
  let emu: RunningEmulator;
  let stack: E2EStack;
  let api: CoderClient;
  let jwt: string;

  beforeAll(async () => {
    emu = await startEmulator({ license: "none" });
    jwt = (await emu.control.mintLicense({})).jwt;
    api = new CoderClient({ url: emu.url, token: emu.token });
    stack = new E2EStack({
      program: "examples/new-deployment/index.ts",
      project: "new-deployment",
      target: emu,
      config: {
        "new-deployment:licenseJwt": { value: jwt, secret: true },
        "new-deployment:initialPassword": { value: PASSWORD, secret: true },
      },
    });
  });
  afterAll(async () => {
    stack?.cleanup();
    await api?.close();
    await emu?.close();
  });

  it("previews, creates everything from nothing, keeps secrets out of state, and destroys cleanly", async () => {
    const before = await emu.control.state();
    await emu.control.clearRequests();
    const preview = await stack.preview();
    expect(preview.changeSummary).toEqual({ create: 12 }); // 11 resources and the stack
    expect((await emu.control.requests()).filter((r) => r.method !== "GET")).toEqual([]);

    await emu.control.clearRequests();
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 12 });
    console.log("new-deployment create calls:", callCounts(await emu.control.requests()));

    const orgId = up.outputs!.organizationId!.value as string;
    const users = up.outputs!.userIds!.value as Record<string, string>;
    const groups = up.outputs!.groupIds!.value as Record<string, string>;
    const members = await api.listOrganizationMembers(orgId);
    const roles = Object.fromEntries(members.map((m) => [m.username, m.roles.map((r) => r.name)]));
    expect(roles).toEqual({
      admin: [],
      amara: ["organization-admin"],
      bruno: ["organization-template-admin"],
      chen: [],
    });
    expect((await api.getGroup(groups.builders!)).members.map((m) => m.id).sort()).toEqual(
      [users.bruno!, users.chen!].sort(),
    );
    const sync = await api.getGroupSyncSettings(orgId);
    expect(sync.mapping).toEqual({
      "idp-platform-builders": [groups.builders],
      "idp-platform-leads": [groups.leads],
    });
    expect((await api.getUser("amara")).roles.map((r) => r.name)).toEqual(["template-admin"]);

    await emu.control.clearRequests();
    await stack.preview({}, { expectNoChanges: true, refresh: true });
    console.log("new-deployment preview --refresh calls:", callCounts(await emu.control.requests()));

    expectNoPlaintext(await stack.exportState(), {
      "session token": emu.token,
      "license JWT": jwt,
      password: PASSWORD,
    });

    await emu.control.clearRequests();
    const destroy = await stack.destroy();
    expect(destroy.summary.result).toBe("succeeded");
    console.log("new-deployment destroy calls:", callCounts(await emu.control.requests()));
    expect((await api.listOrganizations()).map((o) => o.name).sort()).toEqual(["coder", "research"]);
    const after = await emu.control.state();
    // No group is left behind (the default organization's Everyone group now also lists chen,
    // who stays a member of it, suspended).
    const ids = (groups: unknown) => (groups as { id: string }[]).map((g) => g.id).sort();
    expect(ids(after.groups)).toEqual(ids(before.groups));
    expect(after.licenses).toEqual([]);
    // amara and bruno are deleted; chen (suspendOnDestroy) is kept, suspended.
    await expect(api.getUser("amara")).rejects.toThrow(/must be an existing uuid or username/);
    await expect(api.getUser("bruno")).rejects.toThrow(/must be an existing uuid or username/);
    expect((await api.getUser("chen")).status).toBe("suspended");
  });
});
