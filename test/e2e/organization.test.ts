import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { CoderClient } from "../../provider/client";
import { E2EStack } from "./harness";
import { callCounts, expectNoPlaintext } from "./state-checks";
import { e2eUnavailableReason } from "./workspace";

const unavailable = e2eUnavailableReason();

// Several engine runs per test on a shared 2-core machine: more than the default 120 s.
describe.skipIf(unavailable)("engine e2e: Organization", { timeout: 300_000 }, () => {
  let emu: RunningEmulator;
  let stack: E2EStack;
  let api: CoderClient;
  let seed: Awaited<ReturnType<RunningEmulator["control"]["seed"]>>;
  const writes = async () => (await emu.control.requests()).filter((r) => r.method !== "GET");

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

  const base = () => ({
    organizations: [
      { resource: "platform", name: "platform", displayName: "Platform", description: "Platform team" },
      { resource: "data", name: "data" },
    ],
  });

  it("creates organizations (display name defaults to the name), then previews with no changes", async () => {
    await emu.control.clearRequests();
    const up = await stack.up(base());
    console.log("calls for create (2 organizations):", callCounts(await emu.control.requests()));
    expect(up.summary.resourceChanges).toEqual({ create: 3 });
    const platform = up.outputs!.platform!.value;
    expect(platform).toMatchObject({
      name: "platform",
      displayName: "Platform",
      description: "Platform team",
    });
    expect(up.outputs!.data!.value.displayName).toBe("data");
    const onServer = await api.getOrganization(platform.id);
    expect(onServer.displayName).toBe("Platform");
    // Coder made the Everyone group and the token's user a member.
    expect((await api.getGroup(platform.id)).name).toBe("Everyone");

    await emu.control.clearRequests();
    const preview = await stack.preview(base(), { expectNoChanges: true });
    expect(preview.changeSummary).toEqual({ same: 3 });
    console.log("calls for no-change preview:", callCounts(await emu.control.requests()));
    await emu.control.clearRequests();
    await stack.preview(base(), { expectNoChanges: true, refresh: true });
    console.log("calls for preview --refresh:", callCounts(await emu.control.requests()));
  });

  it("renames and edits in place with one PATCH", async () => {
    const p = base();
    Object.assign(p.organizations[0]!, { name: "platform-eng", icon: "/emojis/1f3e2.png" });
    const id = (await stack.up(base())).outputs!.platform!.value.id;
    await emu.control.clearRequests();
    const up = await stack.up(p);
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(callCounts(await emu.control.requests())).toMatchObject({ "PATCH /api/v2/organizations/:id": 1 });
    const org = await api.getOrganization(id);
    expect(org).toMatchObject({ name: "platform-eng", icon: "/emojis/1f3e2.png", displayName: "Platform" });
  });

  it("detects an out-of-band edit and a (soft) deletion that GET by id does not show, and reverts both", async () => {
    const p = base();
    const ids = (await stack.up(p)).outputs!;
    await api.updateOrganization(ids.platform!.value.id, { description: "edited by hand" });
    await api.deleteOrganization(ids.data!.value.id);
    // Coder still answers GET /organizations/{id} for the deleted organization.
    expect((await api.getOrganization(ids.data!.value.id)).name).toBe("data");

    const drift = await stack.tryRun("preview", p, { refresh: true, expectNoChanges: true, diff: true });
    expect(drift.error).toBeDefined();
    expect(drift.stdout + drift.error).toMatch(/edited by hand/);

    const up = await stack.up(p, { refresh: true });
    expect(up.summary.resourceChanges).toMatchObject({ update: 1, create: 1 });
    expect((await api.getOrganization(ids.platform!.value.id)).description).toBe("Platform team");
    const data = (await api.listOrganizations()).filter((o) => o.name === "data");
    expect(data).toHaveLength(1);
    expect(data[0]!.id).not.toBe(ids.data!.value.id);
    await stack.preview(p, { refresh: true, expectNoChanges: true });
  });

  it("adopts an existing organization instead of failing with 409", async () => {
    const existing = await api.createOrganization({ name: "legacy" });
    const conflict = await stack.tryRun("up", {
      organizations: [...base().organizations, { resource: "legacy", name: "legacy" }],
    });
    expect(conflict.error).toMatch(/already exists[\s\S]*adopt: true/);

    const p = {
      organizations: [
        ...base().organizations,
        { resource: "legacy", name: "legacy", displayName: "Legacy", adopt: true },
      ],
    };
    const up = await stack.up(p);
    expect(up.outputs!.legacy!.value.id).toBe(existing.id);
    expect((await api.getOrganization(existing.id)).displayName).toBe("Legacy");
  });

  it.each([
    [{ name: "bad name" }, /property name value .* has a problem: must be alphanumeric/],
    [{ name: "default" }, /"default" is reserved by Coder/],
    [{ name: "x".repeat(33) }, /property name .* must be at most 32 bytes/],
    [{ name: "ok", displayName: " padded" }, /property displayName .* must not start or end with whitespace/],
  ])("rejects bad input at preview, naming the field: %j", async (args, message) => {
    await emu.control.clearRequests();
    const bad = await stack.tryRun("preview", { organizations: [{ resource: "bad", ...args }] });
    expect(bad.error).toBeDefined();
    expect(`${bad.error}\n${bad.stdout}`).toMatch(message);
    expect(await writes()).toEqual([]);
  });

  it("fails clearly at preview on an unlicensed deployment, with zero writes", async () => {
    await emu.control.setLicenseMode("none");
    try {
      await emu.control.clearRequests();
      const bad = await stack.tryRun("preview", {
        organizations: [...base().organizations, { resource: "more", name: "more" }],
      });
      expect(`${bad.error}\n${bad.stdout}`).toMatch(/does not include Multiple Organizations/);
      expect(await writes()).toEqual([]);
    } finally {
      await emu.control.setLicenseMode("all");
    }
  });

  it("destroy explains what blocks deleting an organization, then deletes once it is empty", async () => {
    const p = base();
    const ids = (await stack.up(p)).outputs!;
    const dave = seed.users.find((u) => u.username === "dave")!.id;
    await api.addOrganizationMember(ids.data!.value.id, dave);
    await api.createGroup(ids.data!.value.id, { name: "hand-made" });
    const blocked = await stack.tryRun("destroy", p);
    expect(blocked.error).toBeDefined();
    expect(`${blocked.error}\n${blocked.stdout}`).toMatch(
      /refused to delete organization "data": This organization has 1 member, 1 group that must be deleted first/,
    );
    // The blocked DELETE is not retried: Coder's answer will not change.
    const deletes = (await emu.control.requests()).filter(
      (r) => r.method === "DELETE" && r.path.endsWith(ids.data!.value.id),
    );
    expect(deletes).toHaveLength(1);

    await api.removeOrganizationMember(ids.data!.value.id, dave);
    const group = (await api.listGroups(ids.data!.value.id)).find((g) => g.name === "hand-made")!;
    await api.deleteGroup(group.id);
    expectNoPlaintext(await stack.exportState(), { "session token": emu.token });
    await emu.control.clearRequests();
    const destroy = await stack.destroy(p);
    expect(destroy.summary.result).toBe("succeeded");
    console.log("calls for destroy:", callCounts(await emu.control.requests()));
    const names = (await api.listOrganizations()).map((o) => o.name).sort();
    // "legacy" was adopted, so the stack owned it: it went when it left the program above.
    expect(names).toEqual(["coder", "research"]);
  });
});
