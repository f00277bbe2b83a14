import { describe, expect, it } from "vitest";
import { coderBody, useEmulator } from "./harness";

const h = useEmulator({ license: "none" });
const USERS = "/api/v2/users";
const PASSWORD = "Sup3r-Secret-Passw0rd!";

async function createUser(username: string, extra: Record<string, unknown> = {}) {
  const res = await h.post(USERS, {
    username,
    email: `${username}@example.com`,
    password: PASSWORD,
    organization_ids: [h.orgId("coder")],
    ...extra,
  });
  expect(res.status).toBe(201);
  return res.json as { id: string; username: string; status: string; login_type: string };
}

describe("POST /users", () => {
  it("creates a dormant password user in the given organizations (no license needed)", async () => {
    const res = await h.post(USERS, {
      username: "erin",
      email: "erin@example.com",
      name: "Erin",
      password: PASSWORD,
      organization_ids: [h.orgId("coder"), h.orgId("research")],
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      username: "erin",
      email: "erin@example.com",
      name: "Erin",
      status: "dormant",
      login_type: "password",
      roles: [],
    });
    expect(res.json.organization_ids.sort()).toEqual([h.orgId("coder"), h.orgId("research")].sort());
    expect(JSON.stringify(res.json)).not.toContain(PASSWORD);
  });

  it("accepts user_status and the nil UUID as the default organization; oidc/github/none need no password", async () => {
    const u = await createUser("frank", {
      password: "",
      login_type: "oidc",
      user_status: "active",
      organization_ids: ["00000000-0000-0000-0000-000000000000"],
    });
    expect(u).toMatchObject({ status: "active", login_type: "oidc" });
    expect((await createUser("gh", { password: "", login_type: "github" })).login_type).toBe("github");
    expect((await createUser("svc", { password: "", login_type: "none" })).login_type).toBe("none");
  });

  it("checks in coderd's order: password for non-password, organizations, duplicates, org existence", async () => {
    const pw = await h.post(USERS, {
      username: "x",
      email: "x@example.com",
      password: "p",
      login_type: "oidc",
    });
    expect(pw.text).toBe(coderBody('Password cannot be set for non-password ("oidc") authentication.'));
    const noOrg = await h.post(USERS, { username: "x", email: "x@example.com", password: PASSWORD });
    expect(noOrg.status).toBe(400);
    expect(noOrg.json.validations).toEqual([
      { field: "organization_ids", detail: "Missing values, this cannot be empty" },
    ]);
    const dup = await h.post(USERS, {
      username: "ALICE",
      email: "new@example.com",
      password: PASSWORD,
      organization_ids: [h.orgId("coder")],
    });
    expect(dup.status).toBe(409);
    expect(dup.text).toBe(coderBody("User already exists."));
    const dupEmail = await h.post(USERS, {
      username: "other",
      email: "Alice@Example.com",
      password: PASSWORD,
      organization_ids: [h.orgId("coder")],
    });
    expect(dupEmail.status).toBe(409);
    const missing = "11111111-1111-1111-1111-111111111111";
    const noSuchOrg = await h.post(USERS, {
      username: "x",
      email: "x@example.com",
      password: PASSWORD,
      organization_ids: [missing],
    });
    expect(noSuchOrg.status).toBe(404);
    expect(noSuchOrg.text).toBe(coderBody(`Organization does not exist with the provided id "${missing}".`));
  });

  it("validates fields, weak passwords and login types", async () => {
    const res = await h.post(USERS, {
      username: "bad name",
      email: "nope",
      organization_ids: [h.orgId("coder")],
    });
    expect(res.json.validations.map((v: { field: string }) => v.field)).toEqual(["email", "username"]);
    const weak = await h.post(USERS, {
      username: "weak",
      email: "weak@example.com",
      password: "password",
      organization_ids: [h.orgId("coder")],
    });
    expect(weak.status).toBe(400);
    expect(weak.json.message).toBe("Password is invalid");
    expect(weak.json.validations[0].field).toBe("password");
    const lt = await h.post(USERS, {
      username: "lt",
      email: "lt@example.com",
      login_type: "saml",
      organization_ids: [h.orgId("coder")],
    });
    expect(lt.text).toBe(coderBody('Unsupported login type "saml" for manually creating new users.'));
  });

  it("non-owners are refused with 403", async () => {
    const res = await h.post(
      USERS,
      { username: "x", email: "x@example.com", password: PASSWORD, organization_ids: [h.orgId("coder")] },
      { token: h.tokenOf("alice") },
    );
    expect(res.status).toBe(403);
    expect(res.text).toBe(coderBody("You are not authorized to create users."));
  });
});

describe("DELETE /users/{user}", () => {
  it("soft-deletes: 200 message; by id still answers, by username 400; username reusable; memberships gone", async () => {
    const u = await createUser("temp");
    const res = await h.del(`${USERS}/${u.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toBe(coderBody("User has been deleted!"));
    expect((await h.get(`${USERS}/${u.id}`)).status).toBe(200);
    expect((await h.get(`${USERS}/temp`)).status).toBe(400);
    const members = await h.get(`/api/v2/organizations/${h.orgId("coder")}/members`);
    expect(members.json.map((m: { user_id: string }) => m.user_id)).not.toContain(u.id);
    await createUser("temp");
  });

  it("417 while the user has workspaces; 403 for yourself", async () => {
    const u = await createUser("busy");
    const ws = await h.emu.control.addWorkspace({ ownerId: u.id });
    const res = await h.del(`${USERS}/${u.id}`);
    expect(res.status).toBe(417);
    expect(res.text).toBe(
      coderBody("You cannot delete a user that has workspaces. Delete their workspaces and try again!"),
    );
    await h.emu.control.deleteWorkspace(ws.id);
    expect((await h.del(`${USERS}/${u.id}`)).status).toBe(200);
    expect((await h.del(`${USERS}/me`)).text).toBe(coderBody("You cannot delete yourself!"));
  });
});

describe("profile, status, roles, password", () => {
  it("PUT profile renames and replaces name; 409 on a taken username", async () => {
    const u = await createUser("henry", { name: "Henry" });
    const res = await h.put(`${USERS}/${u.id}/profile`, { username: "henri" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ username: "henri", name: "" });
    const taken = await h.put(`${USERS}/${u.id}/profile`, { username: "bob" });
    expect(taken.status).toBe(409);
    expect(taken.json.validations).toEqual([
      { field: "username", detail: "This username is already in use." },
    ]);
  });

  it("suspend/activate are idempotent; owners and yourself cannot be suspended", async () => {
    const u = await createUser("ivy");
    expect((await h.put(`${USERS}/${u.id}/status/suspend`)).json.status).toBe("suspended");
    expect((await h.put(`${USERS}/${u.id}/status/suspend`)).json.status).toBe("suspended");
    expect((await h.put(`${USERS}/${u.id}/status/activate`)).json.status).toBe("active");
    expect((await h.put(`${USERS}/me/status/suspend`)).text).toBe(coderBody("You cannot suspend yourself."));
    await h.put(`${USERS}/${u.id}/roles`, { roles: ["owner"] });
    expect((await h.put(`${USERS}/${u.id}/status/suspend`)).status).toBe(400);
  });

  it("PUT roles replaces site roles; unknown roles and your own roles are 400", async () => {
    const u = await createUser("jack");
    const res = await h.put(`${USERS}/${u.id}/roles`, { roles: ["auditor", "template-admin", "auditor"] });
    expect(res.status).toBe(200);
    expect(res.json.roles.map((r: { name: string }) => r.name)).toEqual(["auditor", "template-admin"]);
    expect((await h.put(`${USERS}/${u.id}/roles`, { roles: ["nope"] })).text).toBe(
      coderBody('"nope" is not a supported role'),
    );
    expect((await h.put(`${USERS}/me/roles`, { roles: [] })).text).toBe(
      coderBody("You cannot change your own roles."),
    );
  });

  it("PUT password: owners set other users' passwords (204); weak passwords are refused", async () => {
    const u = await createUser("kim");
    expect((await h.put(`${USERS}/${u.id}/password`, { password: "An0ther-Str0ng-One!" })).status).toBe(204);
    expect((await h.put(`${USERS}/${u.id}/password`, { password: "abc" })).status).toBe(400);
  });
});
