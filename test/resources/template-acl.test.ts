// Contract tests: the TemplateAcl provider implementation against the emulator.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator";
import type { CoderClient } from "../../provider/client";
import { resetRuntime } from "../../provider/dynamic/runtime";
import { aclPatch, templateAclProvider as p } from "../../provider/resources/template-acl";
import { checkedInputs, startProviderEnvironment, stopProviderEnvironment } from "./provider-env";

let emu: RunningEmulator;
let api: CoderClient;
let org: string;
let docker: string;
let alice: string;
let bob: string;
let eng: string;
const missing = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

const log = async () =>
  (await emu.control.requests()).map(
    (r: { method: string; path: string }) =>
      `${r.method} ${r.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, ":id")}`,
  );

/** The live ACL as {users: {id: role}, groups: {id: role}} (Everyone included under the org id). */
async function liveAcl(templateId = docker) {
  const acl = await api.getTemplateAcl(templateId);
  return {
    users: Object.fromEntries(acl.users.map((u) => [u.id, u.role])),
    groups: Object.fromEntries(acl.groups.map((g) => [g.id, g.role])),
  };
}

const checked = (news: Record<string, unknown>) => checkedInputs(p, news);
async function failures(news: Record<string, unknown>) {
  const res = await p.check!({}, news);
  return (res.failures ?? []).map((f) => `${f.property}: ${f.reason}`);
}

beforeAll(async () => {
  ({ emu, api } = await startProviderEnvironment("all"));
  const seed = await emu.control.seed();
  org = seed.defaultOrganizationId;
  docker = seed.templates.find((t: { name: string }) => t.name === "docker")!.id;
  alice = seed.users.find((u: { username: string }) => u.username === "alice")!.id;
  bob = seed.users.find((u: { username: string }) => u.username === "bob")!.id;
  eng = (await api.createGroup(org, { name: "eng" })).id;
});
afterAll(() => stopProviderEnvironment({ emu, api }));
beforeEach(async () => {
  await emu.control.clearRequests();
});

describe("TemplateAcl check", () => {
  it("validates roles and ids, naming the property", async () => {
    expect(await failures({ templateId: "docker" })).toEqual([
      "templateId: templateId must be a UUID (e.g. 3fa85f64-5717-4562-b3fc-2c963f66afa6)",
    ]);
    expect(await failures({ templateId: docker, users: { [alice]: "owner" } })).toEqual([
      `users: ["${alice}"]: must be "admin" or "use"`,
    ]);
    expect(await failures({ templateId: docker, groups: { eng: "use" } })).toEqual([
      'groups: ["eng"]: keys must be group ids (UUIDs), got "eng"',
    ]);
    expect(await failures({ templateId: docker, everyone: "all" })).toEqual([
      'everyone: must be "admin", "use" or "none"',
    ]);
  });

  it("rejects unknown users and groups with Coder's message, and the Everyone group under groups", async () => {
    expect(
      await failures({ templateId: docker, users: { [missing]: "use" }, groups: { [missing]: "admin" } }),
    ).toEqual([
      `groups: ["${missing}"]: group with ID ${missing} does not exist`,
      `users: ["${missing}"]: user with ID ${missing} does not exist`,
    ]);
    expect(await failures({ templateId: docker, groups: { [org]: "use" } })).toEqual([
      `groups: ["${org}"]: is the organization's Everyone group: set everyone: "use" instead`,
    ]);
  });

  it("normalises: ids lower-cased and sorted, everyone defaults to none, organization filled in", async () => {
    const inputs = await checked({
      templateId: docker.toUpperCase(),
      users: { [bob.toUpperCase()]: "use", [alice]: "admin" },
    });
    expect(inputs).toEqual({
      templateId: docker,
      users: { [alice]: "admin", [bob]: "use" },
      groups: {},
      everyone: "none",
      organizationId: org,
    });
    expect(Object.keys(inputs.users)).toEqual([alice, bob].sort());
  });

  it("needs the template_rbac feature", async () => {
    await emu.control.setLicenseMode("none");
    resetRuntime();
    try {
      expect((await failures({ templateId: docker }))[0]).toMatch(
        /does not include Template RBAC \(feature "template_rbac"\)/,
      );
    } finally {
      await emu.control.setLicenseMode("all");
      resetRuntime();
    }
  });
});

describe("TemplateAcl lifecycle", () => {
  let outs: any;

  it('computes one minimal PATCH body: upserts plus "" for undeclared entries', () => {
    const live = {
      users: { a: "use" as const, b: "admin" as const },
      groups: { g: "use" as const },
      everyone: "use" as const,
    };
    const want = { users: { a: "use" as const, c: "admin" as const }, groups: {}, everyone: "none" as const };
    expect(aclPatch(live, want, "org")).toEqual({
      userPerms: { b: "", c: "admin" },
      groupPerms: { g: "", org: "" },
    });
    expect(aclPatch(want, want, "org")).toEqual({});
  });

  it("create replaces the template's ACL with the declared one: GET + one PATCH", async () => {
    expect(await liveAcl()).toEqual({ users: {}, groups: { [org]: "use" } });
    const inputs = await checked({
      templateId: docker,
      users: { [alice]: "admin" },
      groups: { [eng]: "use" },
    });
    await emu.control.clearRequests();
    const created = await p.create(inputs);
    outs = created.outs;
    expect(created.id).toBe(docker);
    expect(await log()).toEqual(["GET /api/v2/templates/:id/acl", "PATCH /api/v2/templates/:id/acl"]);
    expect(await liveAcl()).toEqual({ users: { [alice]: "admin" }, groups: { [eng]: "use" } });
    expect(outs).toEqual({
      templateId: docker,
      organizationId: org,
      users: { [alice]: "admin" },
      groups: { [eng]: "use" },
      everyone: "none",
      aclBeforeTakeover: { users: {}, groups: {}, everyone: "use" },
    });
  });

  it("read shows a user added by hand as drift", async () => {
    await api.updateTemplateAcl(docker, { userPerms: { [bob]: "use" } });
    await emu.control.clearRequests();
    const read = await p.read!(docker, outs);
    expect(await log()).toEqual(["GET /api/v2/templates/:id/acl"]);
    expect(read.props!.users).toEqual({ [alice]: "admin", [bob]: "use" });
    const inputs = await checked({
      templateId: docker,
      users: { [alice]: "admin" },
      groups: { [eng]: "use" },
    });
    expect((await p.diff!(docker, read.props, inputs)).changes).toBe(true);
    expect((await p.diff!(docker, outs, inputs)).changes).toBe(false);
  });

  it("update after a refresh removes entries added by hand and grants Everyone, in one PATCH", async () => {
    const news = await checked({
      templateId: docker,
      users: { [alice]: "use" },
      groups: { [eng]: "use" },
      everyone: "use",
    });
    // `pulumi up --refresh`: the read brings bob (added by hand) into state, the update removes him.
    const refreshed = (await p.read!(docker, outs)).props!;
    await emu.control.clearRequests();
    outs = (await p.update!(docker, refreshed, news)).outs;
    expect(await log()).toEqual(["PATCH /api/v2/templates/:id/acl"]);
    expect(await liveAcl()).toEqual({ users: { [alice]: "use" }, groups: { [eng]: "use", [org]: "use" } });
    expect(outs.everyone).toBe("use");
  });

  it("templateId change replaces", async () => {
    const other = (await emu.control.seed()).templates.find(
      (t: { name: string }) => t.name === "kubernetes",
    )!.id;
    const news = await checked({ templateId: other });
    expect((await p.diff!(docker, outs, news)).replaces).toEqual(["templateId"]);
  });

  it("delete restores the ACL found at takeover (here Coder's default), removing grants added by hand", async () => {
    await api.updateTemplateAcl(docker, { userPerms: { [bob]: "admin" } });
    await emu.control.clearRequests();
    await p.delete!(docker, outs);
    expect(await log()).toEqual(["GET /api/v2/templates/:id/acl", "PATCH /api/v2/templates/:id/acl"]);
    expect(await liveAcl()).toEqual({ users: {}, groups: { [org]: "use" } });
  });

  it("read of a deleted template drops the resource", async () => {
    const read = await p.read!(missing, { ...outs, templateId: missing });
    expect(read).toEqual({});
  });
});

describe("TemplateAcl delete and replace give back the ACL found at takeover", () => {
  let kubernetes: string;
  let other: string;
  beforeAll(async () => {
    const seed = await emu.control.seed();
    kubernetes = seed.templates.find((t: { name: string }) => t.name === "kubernetes")!.id;
    other = seed.templates.find((t: { name: string }) => t.name === "notebook")!.id;
    // Before the stack: Everyone has no access, bob may use the template.
    await api.updateTemplateAcl(kubernetes, { groupPerms: { [org]: "" }, userPerms: { [bob]: "use" } });
  });

  it("delete on a template whose Everyone group had no access does not open it to everyone", async () => {
    const created = await p.create(
      await checked({ templateId: kubernetes, users: { [alice]: "admin" }, everyone: "use" }),
    );
    expect(await liveAcl(kubernetes)).toEqual({ users: { [alice]: "admin" }, groups: { [org]: "use" } });
    await p.delete!(kubernetes, created.outs);
    expect(await liveAcl(kubernetes)).toEqual({ users: { [bob]: "use" }, groups: {} });
  });

  it("replacement (templateId changed) restores the old template exactly", async () => {
    const target = other;
    const first = await p.create(await checked({ templateId: kubernetes, groups: { [eng]: "admin" } }));
    const before = await liveAcl(target);
    // The engine's replacement: create on the new template, then delete the old resource.
    const news = await checked({ templateId: target, groups: { [eng]: "admin" } });
    expect((await p.diff!(kubernetes, first.outs, news)).replaces).toEqual(["templateId"]);
    const second = await p.create(news);
    await p.delete!(kubernetes, first.outs);
    expect(await liveAcl(kubernetes)).toEqual({ users: { [bob]: "use" }, groups: {} });
    await p.delete!(target, second.outs);
    expect(await liveAcl(target)).toEqual(before);
  });

  it("restores the rest when a recorded group was deleted since takeover", async () => {
    const gone = (await api.createGroup(org, { name: "gone-later" })).id;
    await api.updateTemplateAcl(kubernetes, { groupPerms: { [gone]: "use" } });
    const created = await p.create(await checked({ templateId: kubernetes, everyone: "use" }));
    await api.deleteGroup(gone);
    await p.delete!(kubernetes, created.outs);
    expect(await liveAcl(kubernetes)).toEqual({ users: { [bob]: "use" }, groups: {} });
  });

  it("state written before the ACL was recorded: delete removes only what the resource granted", async () => {
    await api.updateTemplateAcl(kubernetes, {
      userPerms: { [alice]: "admin" },
      groupPerms: { [org]: "use" },
    });
    const legacy = {
      templateId: kubernetes,
      organizationId: org,
      users: { [alice]: "admin" },
      groups: {},
      everyone: "use",
    };
    await p.delete!(kubernetes, legacy);
    expect(await liveAcl(kubernetes)).toEqual({ users: { [bob]: "use" }, groups: {} });
  });
});
