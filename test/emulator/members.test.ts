import { describe, expect, it } from "vitest";
import { coderBody, NOT_FOUND, useEmulator } from "./harness";

const h = useEmulator({ license: "all" });
const members = (org = "research") => `/api/v2/organizations/${h.orgId(org)}/members`;

describe("GET /organizations/{org}/members", () => {
  it("lists members with user data; plain members have roles []", async () => {
    const res = await h.get(members("coder"));
    expect(res.status).toBe(200);
    expect(res.json.map((m: { username: string }) => m.username).sort()).toEqual([
      "admin",
      "alice",
      "bob",
      "carol",
    ]);
    const admin = res.json.find((m: { username: string }) => m.username === "admin");
    expect(Object.keys(admin)).toEqual([
      "username",
      "name",
      "email",
      "global_roles",
      "user_id",
      "organization_id",
      "created_at",
      "updated_at",
      "roles",
    ]);
    expect(admin.global_roles).toEqual([{ name: "owner", display_name: "Owner" }]);
    expect(admin.roles).toEqual([]);
  });

  it("filters by q=user_id:<uuid> and rejects unknown terms", async () => {
    const res = await h.get(`${members("coder")}?q=${encodeURIComponent(`user_id:${h.userId("bob")}`)}`);
    expect(res.json.map((m: { username: string }) => m.username)).toEqual(["bob"]);
    const bad = await h.get(`${members("coder")}?q=foo`);
    expect(bad.status).toBe(400);
    expect(bad.json.message).toBe("Invalid organization member search query.");
  });

  it("needs no license; unknown org is 404", async () => {
    await h.emu.control.setLicenseMode("none");
    expect((await h.get(members("coder"))).status).toBe(200);
    expect((await h.get("/api/v2/organizations/nope/members")).status).toBe(404);
  });

  it("paginated-members answers {members, count}", async () => {
    const res = await h.get(`/api/v2/organizations/${h.orgId("coder")}/paginated-members?limit=2&offset=1`);
    expect(res.status).toBe(200);
    expect(res.json.count).toBe(4);
    expect(res.json.members).toHaveLength(2);
  });
});

describe("POST/DELETE /organizations/{org}/members/{user}", () => {
  it("adds (200 OrganizationMember), refuses duplicates (400), removes (204) and leaves groups", async () => {
    const add = await h.post(`${members()}/${h.userId("alice")}`);
    expect(add.status).toBe(200);
    expect(Object.keys(add.json)).toEqual([
      "user_id",
      "organization_id",
      "created_at",
      "updated_at",
      "roles",
    ]);
    expect(add.json).toMatchObject({
      user_id: h.userId("alice"),
      organization_id: h.orgId("research"),
      roles: [],
    });
    const dup = await h.post(`${members()}/alice`);
    expect(dup.status).toBe(400);
    expect(dup.text).toBe(
      coderBody("User is already an organization member", "alice is already a member of Research"),
    );
    const g = await h.post(`/api/v2/organizations/${h.orgId("research")}/groups`, { name: "g" });
    await h.patch(`/api/v2/groups/${g.json.id}`, { add_users: [h.userId("alice")] });
    const del = await h.del(`${members()}/${h.userId("alice")}`);
    expect(del.status).toBe(204);
    expect(del.text).toBe("");
    expect((await h.get(`/api/v2/groups/${g.json.id}`)).json.members).toEqual([]);
    expect((await h.del(`${members()}/${h.userId("alice")}`)).text).toBe(NOT_FOUND);
  });

  it("unknown user is 400; removing yourself is 400", async () => {
    const res = await h.post(`${members()}/nobody`);
    expect(res.status).toBe(400);
    expect(res.text).toBe(coderBody('"user" must be an existing uuid or username.', 'queried user="nobody"'));
    const self = await h.del(`${members()}/${h.userId("admin")}`);
    expect(self.text).toBe(coderBody("cannot remove self from an organization"));
  });

  it("refuses manual assignment of OIDC users while organization sync is on", async () => {
    const u = await h.post("/api/v2/users", {
      username: "oid",
      email: "oid@example.com",
      login_type: "oidc",
      organization_ids: [h.orgId("coder")],
    });
    await h.patch("/api/v2/settings/idpsync/organization", { field: "orgs", mapping: {} });
    const res = await h.post(`${members()}/${u.json.id}`);
    expect(res.status).toBe(400);
    expect(res.json.message).toContain("Organization sync is enabled for OIDC users");
  });
});

describe("PUT /organizations/{org}/members/{user}/roles", () => {
  it("replaces the stored roles (deduplicated) and is idempotent", async () => {
    const path = `${members("coder")}/${h.userId("bob")}/roles`;
    const res = await h.put(path, {
      roles: ["organization-admin", "organization-auditor", "organization-admin"],
    });
    expect(res.status).toBe(200);
    expect(res.json.roles).toEqual([
      { name: "organization-admin", display_name: "Organization Admin", organization_id: h.orgId("coder") },
      {
        name: "organization-auditor",
        display_name: "Organization Auditor",
        organization_id: h.orgId("coder"),
      },
    ]);
    expect((await h.put(path, { roles: ["organization-auditor"] })).json.roles).toHaveLength(1);
    const list = await h.get(`${members("coder")}?q=user_id:${h.userId("bob")}`);
    expect(list.json[0].roles.map((r: { name: string }) => r.name)).toEqual(["organization-auditor"]);
  });

  it("rejects unknown roles, suffixed roles and changing your own roles", async () => {
    const path = `${members("coder")}/${h.userId("bob")}/roles`;
    const bad = await h.put(path, { roles: ["nope"] });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toBe(`"nope:${h.orgId("coder")}" is not a supported role`);
    expect((await h.put(path, { roles: [`organization-admin:${h.orgId("coder")}`] })).json.message).toContain(
      "remove the ':<organization_id> suffix",
    );
    const self = await h.put(`${members("coder")}/${h.userId("admin")}/roles`, { roles: [] });
    expect(self.json.message).toBe("You cannot change your own organization roles.");
  });

  it("non-members are 404; non-owners get 403", async () => {
    expect((await h.put(`${members("coder")}/${h.userId("dave")}/roles`, { roles: [] })).status).toBe(404);
    const res = await h.put(
      `${members("coder")}/${h.userId("bob")}/roles`,
      { roles: [] },
      {
        token: h.tokenOf("alice"),
      },
    );
    expect(res.status).toBe(403);
  });
});
