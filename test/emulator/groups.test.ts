import { describe, expect, it } from "vitest";
import { coderBody, expectNoStateChange, NOT_FOUND, useEmulator } from "./harness";

const h = useEmulator({ license: "all" });
const orgGroups = () => `/api/v2/organizations/${h.orgId("coder")}/groups`;

async function createGroup(name: string, extra: Record<string, unknown> = {}) {
  const res = await h.post(orgGroups(), { name, ...extra });
  expect(res.status).toBe(201);
  return res.json as { id: string; name: string };
}

describe("POST /organizations/{org}/groups", () => {
  it("creates a group: 201, empty members, org fields filled, source user", async () => {
    const res = await h.post(orgGroups(), {
      name: "devs",
      display_name: "Developers",
      avatar_url: "x",
      quota_allowance: 5,
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      name: "devs",
      display_name: "Developers",
      organization_id: h.orgId("coder"),
      members: [],
      total_member_count: 0,
      avatar_url: "x",
      quota_allowance: 5,
      source: "user",
      organization_name: "coder",
      organization_display_name: "Coder",
    });
    expect(Object.keys(res.json)).toEqual([
      "id",
      "name",
      "display_name",
      "organization_id",
      "members",
      "total_member_count",
      "avatar_url",
      "quota_allowance",
      "source",
      "organization_name",
      "organization_display_name",
    ]);
  });

  it("accepts the org by name and by the literal 'default'", async () => {
    expect((await h.post("/api/v2/organizations/coder/groups", { name: "byname" })).status).toBe(201);
    const res = await h.post("/api/v2/organizations/default/groups", { name: "bydefault" });
    expect(res.status).toBe(201);
    expect(res.json.organization_id).toBe(h.orgId("coder"));
  });

  it("rejects the reserved name Everyone with 400 Invalid group name", async () => {
    const res = await h.post(orgGroups(), { name: "Everyone" });
    expect(res.status).toBe(400);
    expect(res.text).toBe(
      coderBody("Invalid group name.", undefined, [
        { field: "name", detail: '"Everyone" is a reserved group name' },
      ]),
    );
  });

  it("allows lower-case 'everyone' (the check is exact)", async () => {
    expect((await h.post(orgGroups(), { name: "everyone" })).status).toBe(201);
  });

  it("duplicate name in the same org is 409 with a validation", async () => {
    await createGroup("dup");
    const res = await h.post(orgGroups(), { name: "dup" });
    expect(res.status).toBe(409);
    expect(res.text).toBe(
      coderBody('A group named "dup" already exists.', undefined, [
        { field: "name", detail: "Group names must be unique" },
      ]),
    );
  });

  it("names are unique case-sensitively and per organization", async () => {
    await createGroup("Ops");
    expect((await h.post(orgGroups(), { name: "ops" })).status).toBe(201);
    expect(
      (await h.post(`/api/v2/organizations/${h.orgId("research")}/groups`, { name: "Ops" })).status,
    ).toBe(201);
  });

  it.each([
    ["", "required"],
    ["has space", "group_name"],
    ["under_score", "group_name"],
    ["-lead", "group_name"],
    ["trail-", "group_name"],
    ["new", "group_name"],
    ["create", "group_name"],
    ["a".repeat(256), "group_name"],
  ])("rejects name %j with tag %s and changes nothing", async (name, tag) => {
    await expectNoStateChange(h, async () => {
      const res = await h.post(orgGroups(), { name });
      expect(res.status).toBe(400);
      expect(res.text).toBe(
        coderBody("Validation failed.", undefined, [
          { field: "name", detail: `Validation failed for tag "${tag}" with value: "${name}"` },
        ]),
      );
    });
  });

  it("accepts a 255-character name", async () => {
    expect((await h.post(orgGroups(), { name: "a".repeat(255) })).status).toBe(201);
  });

  it("rejects display names with surrounding whitespace or over 64 bytes", async () => {
    for (const dn of [" lead", "trail ", "x".repeat(65)]) {
      const res = await h.post(orgGroups(), { name: "g", display_name: dn });
      expect(res.status).toBe(400);
      expect(res.json.validations).toEqual([
        {
          field: "display_name",
          detail: `Validation failed for tag "group_display_name" with value: "${dn}"`,
        },
      ]);
    }
  });

  it("reports every failing field at once", async () => {
    const res = await h.post(orgGroups(), { name: "bad name", display_name: " x" });
    expect(res.json.validations.map((v: { field: string }) => v.field)).toEqual(["name", "display_name"]);
  });

  it("wraps quota_allowance to int32 like coderd's cast", async () => {
    const g = await h.post(orgGroups(), { name: "q", quota_allowance: 2 ** 31 });
    expect(g.json.quota_allowance).toBe(-(2 ** 31));
  });

  it("parallel creates of one name: exactly one 201, the rest 409", async () => {
    const results = await Promise.all(
      Array.from({ length: 16 }, () => h.post(orgGroups(), { name: "race" })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(15);
    expect((await h.get(orgGroups())).json.filter((g: { name: string }) => g.name === "race")).toHaveLength(
      1,
    );
  });

  it("unknown organization gives one generic 404 body", async () => {
    const res = await h.post("/api/v2/organizations/nope/groups", { name: "x" });
    expect(res.status).toBe(404);
    expect(res.text).toBe(NOT_FOUND);
  });
});

describe("GET group lists", () => {
  it("lists every group with members (Everyone has all org members)", async () => {
    const res = await h.get(orgGroups());
    expect(res.status).toBe(200);
    expect(res.json).toHaveLength(1);
    const everyone = res.json[0];
    expect(everyone.id).toBe(h.orgId("coder"));
    expect(everyone.name).toBe("Everyone");
    expect(everyone.members.map((m: { username: string }) => m.username).sort()).toEqual([
      "admin",
      "alice",
      "bob",
      "carol",
    ]);
    expect(everyone.total_member_count).toBe(4);
  });

  it("GET /groups filters by organization (id or name), has_member and group_ids", async () => {
    const g = await createGroup("team");
    await h.patch(`/api/v2/groups/${g.id}`, { add_users: [h.userId("alice")] });
    const all = await h.get("/api/v2/groups");
    expect(all.json).toHaveLength(3);
    const byOrg = await h.get("/api/v2/groups?organization=research");
    expect(byOrg.json.map((x: { name: string }) => x.name)).toEqual(["Everyone"]);
    const byMember = await h.get("/api/v2/groups?has_member=alice");
    expect(byMember.json.map((x: { name: string }) => x.name).sort()).toEqual(["Everyone", "team"]);
    const byDave = await h.get(`/api/v2/groups?has_member=${h.userId("dave")}`);
    expect(byDave.json.map((x: { organization_id: string }) => x.organization_id)).toEqual([
      h.orgId("research"),
    ]);
    const byIds = await h.get(`/api/v2/groups?group_ids=${g.id}`);
    expect(byIds.json.map((x: { id: string }) => x.id)).toEqual([g.id]);
  });

  it("rejects unknown query params on both list endpoints", async () => {
    const expected = coderBody("Query parameters have invalid values.", undefined, [
      { field: "foo", detail: '"foo" is not a valid query param' },
    ]);
    for (const path of ["/api/v2/groups?foo=1", `${orgGroups()}?foo=1`]) {
      const res = await h.get(path);
      expect(res.status).toBe(400);
      expect(res.text).toBe(expected);
    }
  });

  it("rejects an unknown organization/user name and bad group_ids", async () => {
    const res = await h.get("/api/v2/groups?organization=nope&has_member=ghost&group_ids=xyz");
    expect(res.status).toBe(400);
    expect(res.json.message).toBe("Query parameters have invalid values.");
    expect(res.json.validations).toEqual([
      {
        field: "organization",
        detail: 'Query param "organization" has invalid value: organization "nope" not found',
      },
      { field: "has_member", detail: 'Query param "has_member" has invalid value: user "ghost" not found' },
      { field: "group_ids", detail: 'Query param "group_ids" has invalid value: invalid UUID length: 3' },
    ]);
  });

  it("members only see groups they belong to", async () => {
    await createGroup("secret");
    const res = await h.get("/api/v2/groups", { token: h.tokenOf("bob") });
    expect(res.status).toBe(200);
    expect(res.json.map((g: { name: string }) => g.name)).toEqual(["Everyone"]);
  });
});

describe("GET single group", () => {
  it("by UUID and by org + name", async () => {
    const g = await createGroup("lookup");
    expect((await h.get(`/api/v2/groups/${g.id}`)).json.name).toBe("lookup");
    expect((await h.get(`${orgGroups()}/lookup`)).json.id).toBe(g.id);
  });

  it("name lookup is exact; a miss is 404", async () => {
    await createGroup("Exact");
    const res = await h.get(`${orgGroups()}/exact`);
    expect(res.status).toBe(404);
    expect(res.text).toBe(NOT_FOUND);
  });

  it("/groups/{group} takes a UUID only: a name is 400 Invalid UUID", async () => {
    const res = await h.get("/api/v2/groups/Everyone");
    expect(res.status).toBe(400);
    expect(res.text).toBe(coderBody('Invalid UUID "Everyone".', "invalid UUID length: 8"));
  });

  it("unknown UUID is 404", async () => {
    const res = await h.get("/api/v2/groups/3f1c3bb8-3c2a-4b5e-9a55-6b1b1f7d1a11");
    expect(res.status).toBe(404);
    expect(res.text).toBe(NOT_FOUND);
  });

  it("exclude_members=true empties members but keeps the count", async () => {
    const res = await h.get(`/api/v2/groups/${h.orgId("coder")}?exclude_members=true`);
    expect(res.json.members).toEqual([]);
    expect(res.json.total_member_count).toBe(4);
  });

  it("members endpoints paginate ordered by username", async () => {
    const path = `/api/v2/groups/${h.orgId("coder")}/members`;
    const all = await h.get(path);
    expect(all.json.count).toBe(4);
    expect(all.json.users.map((u: { username: string }) => u.username)).toEqual([
      "admin",
      "alice",
      "bob",
      "carol",
    ]);
    const page = await h.get(`${path}?limit=2&offset=1`);
    expect(page.json.users.map((u: { username: string }) => u.username)).toEqual(["alice", "bob"]);
    expect(page.json.count).toBe(4);
    const after = await h.get(`${path}?after_id=${h.userId("bob")}`);
    expect(after.json.users.map((u: { username: string }) => u.username)).toEqual(["carol"]);
    const q = await h.get(`${orgGroups()}/Everyone/members?q=car`);
    expect(q.json).toMatchObject({ count: 1, users: [{ username: "carol" }] });
  });
});

describe("PATCH /groups/{group}", () => {
  it("adds and removes members (user UUIDs) and returns the refreshed group", async () => {
    const g = await createGroup("p1");
    const res = await h.patch(`/api/v2/groups/${g.id}`, { add_users: [h.userId("alice"), h.userId("bob")] });
    expect(res.status).toBe(200);
    expect(res.json.members.map((m: { username: string }) => m.username)).toEqual(["alice", "bob"]);
    const res2 = await h.patch(`/api/v2/groups/${g.id}`, { remove_users: [h.userId("alice")] });
    expect(res2.json.members.map((m: { username: string }) => m.username)).toEqual(["bob"]);
    expect(res2.json.total_member_count).toBe(1);
  });

  it("adding an existing member is 400 and rolls back the whole patch", async () => {
    const g = await createGroup("p2");
    await h.patch(`/api/v2/groups/${g.id}`, { add_users: [h.userId("alice")] });
    await expectNoStateChange(h, async () => {
      const res = await h.patch(`/api/v2/groups/${g.id}`, {
        name: "renamed",
        add_users: [h.userId("bob"), h.userId("alice")],
      });
      expect(res.status).toBe(400);
      expect(res.json.message).toBe("Cannot add the same user to a group twice!");
      expect(res.json.detail).toContain("duplicate key value");
    });
  });

  it("duplicate ids within add_users are a unique violation too", async () => {
    const g = await createGroup("p3");
    const res = await h.patch(`/api/v2/groups/${g.id}`, {
      add_users: [h.userId("alice"), h.userId("alice")],
    });
    expect(res.status).toBe(400);
    expect(res.json.message).toBe("Cannot add the same user to a group twice!");
  });

  it("removing a non-member (org member) is a silent no-op", async () => {
    const g = await createGroup("p4");
    const res = await h.patch(`/api/v2/groups/${g.id}`, { remove_users: [h.userId("carol")] });
    expect(res.status).toBe(200);
    expect(res.json.members).toEqual([]);
  });

  it("non-UUID member id is 400", async () => {
    const g = await createGroup("p5");
    const res = await h.patch(`/api/v2/groups/${g.id}`, { add_users: ["alice"] });
    expect(res.status).toBe(400);
    expect(res.text).toBe(coderBody('ID "alice" must be a valid user UUID.'));
  });

  it("users outside the group's org are 400 (message names the group, sic)", async () => {
    const g = await createGroup("p6");
    await expectNoStateChange(h, async () => {
      const res = await h.patch(`/api/v2/groups/${g.id}`, { add_users: [h.userId("dave")] });
      expect(res.status).toBe(400);
      expect(res.text).toBe(coderBody('User must be a member of organization "p6"'));
    });
  });

  it("rename to a taken name is 409 without validations", async () => {
    await createGroup("taken");
    const g = await createGroup("p7");
    const res = await h.patch(`/api/v2/groups/${g.id}`, { name: "taken" });
    expect(res.status).toBe(409);
    expect(res.text).toBe(coderBody('A group with name "taken" already exists.'));
  });

  it("name equal to the current name is no change; pointer fields set, null keeps", async () => {
    const g = await createGroup("p8", { display_name: "Eight", avatar_url: "a", quota_allowance: 3 });
    const res = await h.patch(`/api/v2/groups/${g.id}`, {
      name: "p8",
      display_name: "",
      avatar_url: null,
      quota_allowance: 7,
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ name: "p8", display_name: "", avatar_url: "a", quota_allowance: 7 });
  });

  it("renaming to Everyone is 400", async () => {
    const g = await createGroup("p9");
    const res = await h.patch(`/api/v2/groups/${g.id}`, { name: "Everyone" });
    expect(res.status).toBe(400);
    expect(res.text).toBe(coderBody('"Everyone" is a reserved group name!'));
  });

  it("invalid new name fails validation", async () => {
    const g = await createGroup("p10");
    const res = await h.patch(`/api/v2/groups/${g.id}`, { name: "bad name" });
    expect(res.status).toBe(400);
    expect(res.json.message).toBe("Validation failed.");
  });

  describe("Everyone group restrictions", () => {
    const everyone = () => `/api/v2/groups/${h.orgId("coder")}`;
    it("cannot be renamed", async () => {
      const res = await h.patch(everyone(), { name: "All" });
      expect(res.status).toBe(400);
      expect(res.text).toBe(coderBody('Cannot rename the "Everyone" group!'));
    });
    it("cannot get a display name, but '' is allowed", async () => {
      const res = await h.patch(everyone(), { display_name: "All" });
      expect(res.status).toBe(400);
      expect(res.text).toBe(coderBody('Cannot update the Display Name for the "Everyone" group!'));
      expect((await h.patch(everyone(), { display_name: "" })).status).toBe(200);
    });
    it("members cannot be changed (403)", async () => {
      const res = await h.patch(everyone(), { add_users: [h.userId("alice")] });
      expect(res.status).toBe(403);
      expect(res.text).toBe(coderBody('Cannot add or remove users from the "Everyone" group!'));
    });
    it("avatar and quota can be patched; name equal to current is fine", async () => {
      const res = await h.patch(everyone(), { name: "Everyone", avatar_url: "/a.png", quota_allowance: 9 });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ name: "Everyone", avatar_url: "/a.png", quota_allowance: 9 });
    });
    it("cannot be deleted", async () => {
      const res = await h.del(everyone());
      expect(res.status).toBe(400);
      expect(res.text).toBe(coderBody('"Everyone" is a reserved group and cannot be deleted!'));
    });
  });
});

describe("DELETE /groups/{group}", () => {
  it("returns 200 with a message and the group is gone", async () => {
    const g = await createGroup("doomed");
    const res = await h.del(`/api/v2/groups/${g.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toBe(coderBody("Successfully deleted group!"));
    const after = await h.get(`/api/v2/groups/${g.id}`);
    expect(after.status).toBe(404);
    expect(after.text).toBe(NOT_FOUND);
  });

  it("bad UUID is 400 and changes nothing", async () => {
    await expectNoStateChange(h, async () => {
      const res = await h.del("/api/v2/groups/not-a-uuid");
      expect(res.status).toBe(400);
      expect(res.json.message).toBe('Invalid UUID "not-a-uuid".');
    });
  });
});
