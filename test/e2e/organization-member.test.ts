import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { CoderClient } from "../../provider/client";
import { E2EStack } from "./harness";
import { callCounts, expectNoPlaintext } from "./state-checks";
import { e2eUnavailableReason } from "./workspace";

const unavailable = e2eUnavailableReason();

// Several engine runs per test on a shared 2-core machine: more than the default 120 s.
describe.skipIf(unavailable)("engine e2e: OrganizationMember", { timeout: 300_000 }, () => {
  let emu: RunningEmulator;
  let stack: E2EStack;
  let api: CoderClient;
  let seed: Awaited<ReturnType<RunningEmulator["control"]["seed"]>>;
  const user = (name: string) => seed.users.find((u) => u.username === name)!.id;
  const writes = async () => (await emu.control.requests()).filter((r) => r.method !== "GET");
  const rolesOf = async (org: string, userId: string) =>
    (await api.listOrganizationMembers(org, userId))[0]?.roles.map((r) => r.name).sort();

  beforeAll(async () => {
    emu = await startEmulator({ license: "all" });
    seed = await emu.control.seed();
    api = new CoderClient({ url: emu.url, token: emu.token });
    stack = new E2EStack({ program: "test/e2e/programs/people.ts", target: emu });
  });
  afterAll(async () => {
    stack?.cleanup();
    await api?.close();
    await emu?.close();
  });

  // An organization, a user and their membership in one program: outputs feed inputs.
  const base = () => ({
    organizations: [{ resource: "platform", name: "platform" }],
    users: [{ resource: "erin", username: "erin", email: "erin@example.com", loginType: "oidc" }],
    members: [
      { resource: "erin-platform", org: "platform", user: "erin", roles: ["organization-admin"] },
      { resource: "alice-platform", org: "platform", userId: user("alice") },
    ] as any[],
  });

  it("adds members with roles, then previews with no changes", async () => {
    await emu.control.clearRequests();
    const up = await stack.up(base());
    console.log("calls for create (org, user, 2 members):", callCounts(await emu.control.requests()));
    expect(up.summary.resourceChanges).toEqual({ create: 5 });
    const org = up.outputs!.platform!.value.id;
    const erin = up.outputs!.erin!.value.id;
    expect(up.outputs!["erin-platform"]!.value).toMatchObject({
      id: `${org}/${erin}`,
      roles: ["organization-admin"],
      username: "erin",
    });
    expect(await rolesOf(org, erin)).toEqual(["organization-admin"]);
    expect(await rolesOf(org, user("alice"))).toEqual([]);

    await emu.control.clearRequests();
    const preview = await stack.preview(base(), { expectNoChanges: true });
    expect(preview.changeSummary).toEqual({ same: 5 });
    console.log("calls for no-change preview:", callCounts(await emu.control.requests()));
  });

  it("changes roles in place with one PUT", async () => {
    const p = base();
    p.members[1]!.roles = ["organization-auditor", "organization-template-admin"];
    await emu.control.clearRequests();
    const up = await stack.up(p);
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(callCounts(await writes())).toEqual({ "PUT /api/v2/organizations/:id/members/:id/roles": 1 });
    const org = up.outputs!.platform!.value.id;
    expect(await rolesOf(org, user("alice"))).toEqual([
      "organization-auditor",
      "organization-template-admin",
    ]);
  });

  it("detects a removed membership and changed roles, and reverts them", async () => {
    const p = base();
    const outs = (await stack.up(p)).outputs!;
    const org = outs.platform!.value.id;
    const erin = outs.erin!.value.id;
    await api.updateOrganizationMemberRoles(org, erin, ["organization-user-admin"]);
    await api.removeOrganizationMember(org, user("alice"));

    const drift = await stack.tryRun("preview", p, { refresh: true, expectNoChanges: true, diff: true });
    expect(drift.error).toBeDefined();
    expect(drift.stdout + drift.error).toMatch(/organization-user-admin/);

    const up = await stack.up(p, { refresh: true });
    expect(up.summary.resourceChanges).toMatchObject({ update: 1, create: 1 });
    expect(await rolesOf(org, erin)).toEqual(["organization-admin"]);
    expect(await rolesOf(org, user("alice"))).toEqual([]);
    await stack.preview(p, { refresh: true, expectNoChanges: true });
  });

  it("adopts an existing membership instead of failing", async () => {
    const bob = { resource: "bob-coder", organizationId: seed.defaultOrganizationId, userId: user("bob") };
    const conflict = await stack.tryRun("up", { ...base(), members: [...base().members, bob] });
    expect(conflict.error).toMatch(/already an organization member[\s\S]*adopt: true/);

    const p = {
      ...base(),
      members: [...base().members, { ...bob, roles: ["organization-auditor"], adopt: true }],
    };
    const up = await stack.up(p);
    expect(up.outputs!["bob-coder"]!.value.id).toBe(`${seed.defaultOrganizationId}/${user("bob")}`);
    expect(await rolesOf(seed.defaultOrganizationId, user("bob"))).toEqual(["organization-auditor"]);
  });

  it.each([
    [
      { roles: ["organization-admin:abc"] },
      /property roles .* \[0\]: .*without the `:<organization id>` suffix/,
    ],
    [{ roles: ["organization-member"] }, /property roles .* \[0\]: .*organization-member is implied/],
    [{ roles: ["Org Admin"] }, /property roles .* \[0\]: .*must be a role name/],
    [{ userId: "carol" }, /property userId .* userId must be a UUID/],
  ])("rejects bad input at preview, naming the field: %j", async (args, message) => {
    await emu.control.clearRequests();
    const bad = await stack.tryRun("preview", {
      members: [
        { resource: "bad", organizationId: seed.defaultOrganizationId, userId: user("carol"), ...args },
      ],
    });
    expect(bad.error).toBeDefined();
    expect(`${bad.error}\n${bad.stdout}`).toMatch(message);
    expect(await writes()).toEqual([]);
  });

  it("destroy removes the memberships, then the user and the organization", async () => {
    const p = base();
    const outs = (await stack.up(p)).outputs!;
    expectNoPlaintext(await stack.exportState(), { "session token": emu.token });
    await emu.control.clearRequests();
    const destroy = await stack.destroy(p);
    expect(destroy.summary.result).toBe("succeeded");
    console.log("calls for destroy:", callCounts(await emu.control.requests()));
    expect((await api.listOrganizations()).map((o) => o.name)).not.toContain("platform");
    expect(await rolesOf(outs.platform!.value.id, user("alice"))).toBeUndefined();
    expect((await api.listOrganizationMembers(seed.defaultOrganizationId)).map((m) => m.username)).toContain(
      "alice",
    );
  });
});
