import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { CoderClient } from "../../provider/client";
import { E2EStack } from "./harness";
import { callCounts, expectNoPlaintext, isEncryptedSecret } from "./state-checks";
import { e2eUnavailableReason } from "./workspace";

const unavailable = e2eUnavailableReason();
const PASSWORD = "Corr3ct-Horse-Battery!";
const NEW_PASSWORD = "An0ther-Str0ng-Passw0rd?";

// Several engine runs per test on a shared 2-core machine: more than the default 120 s.
describe.skipIf(unavailable)("engine e2e: User", { timeout: 300_000 }, () => {
  let emu: RunningEmulator;
  let stack: E2EStack;
  let api: CoderClient;
  let seed: Awaited<ReturnType<RunningEmulator["control"]["seed"]>>;
  const writes = async () => (await emu.control.requests()).filter((r) => r.method !== "GET");

  beforeAll(async () => {
    // Users need no license.
    emu = await startEmulator({ license: "none" });
    seed = await emu.control.seed();
    api = new CoderClient({ url: emu.url, token: emu.token });
    stack = new E2EStack({ program: "test/e2e/programs/people.ts", target: emu });
  });
  afterAll(async () => {
    stack?.cleanup();
    await api?.close();
    await emu?.close();
  });

  const base = (password = PASSWORD) => ({
    users: [
      { resource: "erin", username: "erin", email: "erin@example.com", name: "Erin", password },
      {
        resource: "frank",
        username: "frank",
        email: "frank@example.com",
        loginType: "oidc",
        siteRoles: ["template-admin", "auditor"],
      },
    ],
  });

  it("creates users (password kept secret), then previews with no changes", async () => {
    await emu.control.clearRequests();
    const up = await stack.up(base());
    console.log("calls for create (2 users, one with site roles):", callCounts(await emu.control.requests()));
    expect(up.summary.resourceChanges).toEqual({ create: 3 });
    const erin = up.outputs!.erin!.value;
    expect(erin).toMatchObject({ username: "erin", status: "dormant", suspended: false, siteRoles: [] });
    expect(erin.organizationIds).toEqual([seed.defaultOrganizationId]);
    expect(up.outputs!.frank!.value.siteRoles).toEqual(["auditor", "template-admin"]);
    const frank = await api.getUser("frank");
    expect(frank.loginType).toBe("oidc");

    const state = await stack.exportState();
    expectNoPlaintext(state, { password: PASSWORD, "session token": emu.token });
    const [erinState] = (await stack.resources("User")).filter((r) => r.urn.endsWith("::erin"));
    expect(isEncryptedSecret(erinState.outputs.password)).toBe(true);
    expect(isEncryptedSecret(erinState.inputs.password)).toBe(true);

    await emu.control.clearRequests();
    const preview = await stack.preview(base(), { expectNoChanges: true });
    expect(preview.changeSummary).toEqual({ same: 3 });
    console.log("calls for no-change preview:", callCounts(await emu.control.requests()));
  });

  it("updates profile, roles, status and password in place", async () => {
    const p = base(NEW_PASSWORD);
    Object.assign(p.users[0]!, { name: "Erin E.", suspended: true, siteRoles: ["user-admin"] });
    await emu.control.clearRequests();
    const up = await stack.up(p);
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(callCounts(await emu.control.requests())).toMatchObject({
      "PUT /api/v2/users/:id/profile": 1,
      "PUT /api/v2/users/:id/roles": 1,
      "PUT /api/v2/users/:id/status/suspend": 1,
      "PUT /api/v2/users/:id/password": 1,
    });
    const erin = await api.getUser("erin");
    expect(erin).toMatchObject({ name: "Erin E.", status: "suspended" });
    expect(erin.roles.map((r) => r.name)).toEqual(["user-admin"]);
    expectNoPlaintext(await stack.exportState(), { password: PASSWORD, "new password": NEW_PASSWORD });
  });

  it("detects out-of-band changes and a deletion (GET by id still answers), and reverts them", async () => {
    const p = base();
    const ids = (await stack.up(p)).outputs!;
    await api.updateUserProfile(ids.erin!.value.id, { username: "erin-renamed", name: "Erin" });
    await api.updateUserRoles(ids.frank!.value.id, ["owner"]);
    await api.deleteUser(ids.erin!.value.id);
    expect((await api.getUser(ids.erin!.value.id)).username).toBe("erin-renamed");

    const drift = await stack.tryRun("preview", p, { refresh: true, expectNoChanges: true, diff: true });
    expect(drift.error).toBeDefined();
    expect(drift.stdout + drift.error).toMatch(/owner/);

    const up = await stack.up(p, { refresh: true });
    expect(up.summary.resourceChanges).toMatchObject({ update: 1, create: 1 });
    const erin = await api.getUser("erin");
    expect(erin.id).not.toBe(ids.erin!.value.id);
    expect((await api.getUser("frank")).roles.map((r) => r.name).sort()).toEqual([
      "auditor",
      "template-admin",
    ]);
    await stack.preview(p, { refresh: true, expectNoChanges: true });
  });

  it("adopts an existing user instead of failing with 409", async () => {
    const conflict = await stack.tryRun("up", {
      users: [
        ...base().users,
        { resource: "carol", username: "carol", email: "carol@example.com", password: PASSWORD },
      ],
    });
    expect(conflict.error).toMatch(/User already exists[\s\S]*adopt: true/);
    const p = {
      users: [
        ...base().users,
        {
          resource: "carol",
          username: "carol",
          email: "carol@example.com",
          name: "Carol C.",
          password: PASSWORD,
          siteRoles: ["auditor"],
          suspendOnDestroy: true,
          adopt: true,
        },
      ],
    };
    const up = await stack.up(p);
    expect(up.outputs!.carol!.value.id).toBe(seed.users.find((u) => u.username === "carol")!.id);
    const carol = await api.getUser("carol");
    expect(carol.name).toBe("Carol C.");
    expect(carol.roles.map((r) => r.name)).toEqual(["auditor"]);
  });

  it.each([
    [{ password: "password1" }, /property password .* too weak for Coder/],
    [{ password: undefined }, /property password .* is required when loginType is "password"/],
    [{ loginType: "oidc" }, /property password .* cannot be set for loginType "oidc"/],
    [{ email: "not-an-email" }, /property email .* must be an email address/],
    [{ username: "bad name" }, /property username .* must be alphanumeric/],
    [{ siteRoles: ["member"] }, /property siteRoles .* \[0\]: .*member is implied/],
    [{ loginType: "saml" }, /property loginType .* must be one of password, oidc, github, none/],
  ])("rejects bad input at preview without echoing the password: %j", async (args, message) => {
    await emu.control.clearRequests();
    const bad = await stack.tryRun("preview", {
      users: [{ resource: "bad", username: "gina", email: "gina@example.com", password: PASSWORD, ...args }],
    });
    expect(bad.error).toBeDefined();
    const text = `${bad.error}\n${bad.stdout}`;
    expect(text).toMatch(message);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain("password1");
    expect(await writes()).toEqual([]);
  });

  it("destroy: a user with workspaces is not deleted (clear message); suspendOnDestroy suspends instead", async () => {
    const p = {
      users: [
        ...base().users,
        {
          resource: "carol",
          username: "carol",
          email: "carol@example.com",
          name: "Carol C.",
          password: PASSWORD,
          siteRoles: ["auditor"],
          suspendOnDestroy: true,
          adopt: true,
        },
      ],
    };
    const ids = (await stack.up(p)).outputs!;
    const ws = await emu.control.addWorkspace({ ownerId: ids.erin!.value.id });
    const blocked = await stack.tryRun("destroy", p);
    expect(`${blocked.error}\n${blocked.stdout}`).toMatch(
      /refused to delete user "erin": the user still owns workspaces[\s\S]*suspendOnDestroy: true/,
    );
    await emu.control.deleteWorkspace(ws.id);
    await emu.control.clearRequests();
    const destroy = await stack.destroy(p);
    expect(destroy.summary.result).toBe("succeeded");
    console.log("calls for destroy:", callCounts(await emu.control.requests()));
    const left = (await api.listOrganizationMembers(seed.defaultOrganizationId))
      .map((m) => m.username)
      .sort();
    expect(left).not.toContain("erin");
    expect(left).not.toContain("frank");
    expect((await api.getUser("carol")).status).toBe("suspended");
  });
});
