import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { CoderClient } from "../../provider/client";
import { E2EStack } from "./harness";
import { callCounts } from "./state-checks";
import { e2eUnavailableReason } from "./workspace";

const unavailable = e2eUnavailableReason();

describe.skipIf(unavailable)("engine e2e: TemplateAcl", () => {
  let emu: RunningEmulator;
  let stack: E2EStack;
  let api: CoderClient;
  let org: string;
  let docker: string;
  let seed: Awaited<ReturnType<RunningEmulator["control"]["seed"]>>;
  let eng: string;
  const user = (name: string) => seed.users.find((u) => u.username === name)!.id;
  const liveAcl = async () => {
    const acl = await api.getTemplateAcl(docker);
    return {
      users: Object.fromEntries(acl.users.map((u) => [u.id, u.role])),
      groups: Object.fromEntries(acl.groups.map((g) => [g.id, g.role])),
    };
  };

  beforeAll(async () => {
    emu = await startEmulator({ license: "all" });
    seed = await emu.control.seed();
    org = seed.defaultOrganizationId;
    docker = seed.templates.find((t) => t.name === "docker")!.id;
    api = new CoderClient({ url: emu.url, token: emu.token });
    eng = (await api.createGroup(org, { name: "eng" })).id;
    stack = new E2EStack({ program: "test/e2e/programs/template-acl.ts", target: emu });
  });
  afterAll(async () => {
    stack?.cleanup();
    await api?.close();
    await emu?.close();
  });

  // The template and alice are found by name (lookups), eng by id.
  const params = (everyone: "use" | "admin" | "none" = "none") => ({
    acl: { templateName: "docker", usernames: { alice: "admin" }, groups: { [eng]: "use" }, everyone },
  });

  it("applies the declared grants (Everyone removed: everyone defaults to none), then no-change preview", async () => {
    expect(await liveAcl()).toEqual({ users: {}, groups: { [org]: "use" } });
    await emu.control.clearRequests();
    const up = await stack.up(params());
    console.log("calls for create:", callCounts(await emu.control.requests()));
    expect(up.outputs!.acl!.value).toMatchObject({ id: docker, organizationId: org, everyone: "none" });
    expect(await liveAcl()).toEqual({ users: { [user("alice")]: "admin" }, groups: { [eng]: "use" } });

    await emu.control.clearRequests();
    const preview = await stack.preview(params(), { expectNoChanges: true });
    expect(preview.changeSummary).toEqual({ same: 2 });
    console.log("calls for no-change preview:", callCounts(await emu.control.requests()));
  });

  it("shows a user added by hand as drift on preview --refresh and removes it on up", async () => {
    await api.updateTemplateAcl(docker, { userPerms: { [user("bob")]: "use" } });
    const drift = await stack.tryRun("preview", params(), { refresh: true, expectNoChanges: true });
    expect(drift.error).toBeDefined();
    expect(`${drift.stdout}${drift.error}`).toMatch(/TemplateAcl acl refresh \[diff: ~users\]/);

    await emu.control.clearRequests();
    const up = await stack.up(params(), { refresh: true });
    console.log("calls for refresh + update:", callCounts(await emu.control.requests()));
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(await liveAcl()).toEqual({ users: { [user("alice")]: "admin" }, groups: { [eng]: "use" } });
    await stack.preview(params(), { refresh: true, expectNoChanges: true });
  });

  it("grants the Everyone group through everyone:, with one PATCH", async () => {
    await emu.control.clearRequests();
    await stack.up(params("use"));
    const writes = callCounts((await emu.control.requests()).filter((r) => r.method !== "GET"));
    expect(writes).toEqual({ "PATCH /api/v2/templates/:id/acl": 1 });
    expect((await liveAcl()).groups).toEqual({ [eng]: "use", [org]: "use" });
  });

  it("rejects unknown user and group ids with Coder's message at preview", async () => {
    const missing = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
    const p = { acl: { ...params().acl, users: { [missing]: "use" }, groups: { [missing]: "admin" } } };
    const bad = await stack.tryRun("preview", p);
    expect(bad.error).toBeDefined();
    const text = `${bad.error}\n${bad.stdout}`;
    expect(text).toContain(`user with ID ${missing} does not exist`);
    expect(text).toContain(`group with ID ${missing} does not exist`);
    // The failure names the top-level property, which the CLI can look up: its value, not `{<nil>}`.
    expect(text).not.toContain("<nil>");
    expect(text).toMatch(
      /property users value \{map\[[^\n]*has a problem: \["3fa85f64-5717-4562-b3fc-2c963f66afa6"\]: user with ID/,
    );
  });

  it("destroy restores the ACL found at takeover (Coder's default here: Everyone → use)", async () => {
    await emu.control.clearRequests();
    const destroy = await stack.destroy(params("use"));
    expect(destroy.summary.result).toBe("succeeded");
    console.log("calls for destroy:", callCounts(await emu.control.requests()));
    expect(await liveAcl()).toEqual({ users: {}, groups: { [org]: "use" } });
  });
});
