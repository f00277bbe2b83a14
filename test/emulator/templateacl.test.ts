import { describe, expect, it } from "vitest";
import { coderBody, expectNoStateChange, NOT_FOUND, useEmulator } from "./harness";

const h = useEmulator({ license: "all" });
const aclPath = (t = "docker") => `/api/v2/templates/${h.templateId(t)}/acl`;
const OK = coderBody("Successfully updated template ACL list.");

describe("template ACL", () => {
  it("a new template grants the org's Everyone group `use`; groups key is singular", async () => {
    const res = await h.get(aclPath());
    expect(res.status).toBe(200);
    expect(Object.keys(res.json)).toEqual(["users", "group"]);
    expect(res.json.users).toEqual([]);
    expect(res.json.group).toHaveLength(1);
    expect(res.json.group[0]).toMatchObject({
      id: h.orgId("coder"),
      name: "Everyone",
      role: "use",
      total_member_count: 4,
    });
    expect(res.json.group[0].members).toHaveLength(4);
  });

  it("templates added through the control API get the same default", async () => {
    const t = await h.emu.control.addTemplate({ name: "extra", organizationId: h.orgId("research") });
    const res = await h.get(`/api/v2/templates/${t.id}/acl`);
    expect(res.json.group.map((g: { id: string; role: string }) => [g.id, g.role])).toEqual([
      [h.orgId("research"), "use"],
    ]);
  });

  it("PATCH merges: upsert, '' deletes, absent keys untouched; returns a message", async () => {
    const alice = h.userId("alice");
    const res = await h.patch(aclPath(), { user_perms: { [alice]: "admin" } });
    expect(res.status).toBe(200);
    expect(res.text).toBe(OK);
    let acl = (await h.get(aclPath())).json;
    expect(acl.users).toHaveLength(1);
    expect(acl.users[0]).toMatchObject({
      id: alice,
      username: "alice",
      role: "admin",
      organization_ids: [h.orgId("coder")],
    });
    expect(acl.group).toHaveLength(1);
    await h.patch(aclPath(), { group_perms: { [h.orgId("coder")]: "" } });
    acl = (await h.get(aclPath())).json;
    expect(acl.group).toEqual([]);
    expect(acl.users).toHaveLength(1);
    await h.patch(aclPath(), { user_perms: { [alice]: "use" } });
    expect((await h.get(aclPath())).json.users[0].role).toBe("use");
  });

  it("accepts users and groups from other organizations (no membership check)", async () => {
    const res = await h.patch(aclPath(), {
      user_perms: { [h.userId("dave")]: "use" },
      group_perms: { [h.orgId("research")]: "admin" },
    });
    expect(res.status).toBe(200);
  });

  it("removing an unknown id is a no-op success", async () => {
    await expectNoStateChange(h, async () => {
      const res = await h.patch(aclPath(), { user_perms: { "0b1e3f00-0000-4000-8000-000000000000": "" } });
      expect(res.status).toBe(200);
    });
  });

  it("validation errors are collected and change nothing", async () => {
    const ghost = "0b1e3f00-0000-4000-8000-000000000001";
    await expectNoStateChange(h, async () => {
      const res = await h.patch(aclPath(), {
        user_perms: { [h.userId("alice")]: "owner", "not-a-uuid": "use", [ghost]: "use" },
        group_perms: { [ghost]: "admin" },
      });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({
        message: "Invalid request to update template ACL",
        validations: [
          { field: "user_perms", detail: 'role "owner" is not a valid template role' },
          { field: "user_perms", detail: "not-a-uuid is not a valid UUID." },
          { field: "user_perms", detail: `user with ID ${ghost} does not exist` },
          { field: "group_perms", detail: `group with ID ${ghost} does not exist` },
        ],
      });
    });
  });

  it("template param must be a UUID; unknown is 404", async () => {
    const bad = await h.get("/api/v2/templates/docker/acl");
    expect(bad.status).toBe(400);
    expect(bad.json.message).toBe('Invalid UUID "docker".');
    const missing = await h.get("/api/v2/templates/0b1e3f00-0000-4000-8000-000000000002/acl");
    expect(missing.status).toBe(404);
    expect(missing.text).toBe(NOT_FOUND);
  });

  it("a deleted group disappears from the ACL view", async () => {
    const g = (await h.post("/api/v2/organizations/coder/groups", { name: "tmp" })).json;
    await h.patch(aclPath(), { group_perms: { [g.id]: "admin" } });
    expect((await h.get(aclPath())).json.group).toHaveLength(2);
    await h.del(`/api/v2/groups/${g.id}`);
    expect((await h.get(aclPath())).json.group).toHaveLength(1);
  });

  it("/acl/available lists org users and groups (without members)", async () => {
    const res = await h.get(`${aclPath()}/available`);
    expect(res.status).toBe(200);
    expect(res.json.users.map((u: { username: string }) => u.username)).toEqual([
      "admin",
      "alice",
      "bob",
      "carol",
    ]);
    expect(res.json.groups).toEqual([
      expect.objectContaining({ name: "Everyone", members: [], total_member_count: 4 }),
    ]);
    expect(
      (await h.get(`${aclPath()}/available?q=bo`)).json.users.map((u: { username: string }) => u.username),
    ).toEqual(["bob"]);
  });

  it("members can read the ACL of templates they can use; /available is 404 for them", async () => {
    expect((await h.get(aclPath(), { token: h.tokenOf("bob") })).status).toBe(200);
    expect((await h.get(aclPath("notebook"), { token: h.tokenOf("bob") })).status).toBe(404);
    expect((await h.get(`${aclPath()}/available`, { token: h.tokenOf("bob") })).status).toBe(404);
  });
});
