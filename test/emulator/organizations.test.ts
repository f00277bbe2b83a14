import { describe, expect, it } from "vitest";
import { coderBody, NOT_FOUND, useEmulator } from "./harness";

const h = useEmulator({ license: "all" });
const ORGS = "/api/v2/organizations";

async function createOrg(name: string, extra: Record<string, unknown> = {}) {
  const res = await h.post(ORGS, { name, ...extra });
  expect(res.status).toBe(201);
  return res.json as { id: string; name: string; display_name: string };
}

describe("POST /organizations", () => {
  it("creates: 201, display_name defaults to name, creator is a member, Everyone group exists", async () => {
    const res = await h.post(ORGS, { name: "platform", description: "d", icon: "/i.png" });
    expect(res.status).toBe(201);
    expect(Object.keys(res.json)).toEqual([
      "id",
      "name",
      "display_name",
      "description",
      "icon",
      "created_at",
      "updated_at",
      "is_default",
    ]);
    expect(res.json).toMatchObject({
      name: "platform",
      display_name: "platform",
      description: "d",
      icon: "/i.png",
      is_default: false,
    });
    const members = await h.get(`${ORGS}/${res.json.id}/members`);
    expect(members.json.map((m: { username: string }) => m.username)).toEqual(["admin"]);
    expect(members.json[0].roles).toEqual([]);
    const everyone = await h.get(`/api/v2/groups/${res.json.id}`);
    expect(everyone.status).toBe(200);
    expect(everyone.json.name).toBe("Everyone");
  });

  it("is gated on multiple_organizations after auth", async () => {
    await h.emu.control.setLicenseMode("none");
    expect((await h.post(ORGS, { name: "x" }, { token: null })).status).toBe(401);
    const res = await h.post(ORGS, { name: "x" });
    expect(res.status).toBe(403);
    expect(res.text).toBe(coderBody("Multiple Organizations is a Premium feature. Contact sales!"));
  });

  it("validates the name and display name (400 Validation failed)", async () => {
    const res = await h.post(ORGS, { name: "bad name", display_name: " x" });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      message: "Validation failed.",
      validations: [
        { field: "name", detail: 'Validation failed for tag "organization_name" with value: "bad name"' },
        {
          field: "display_name",
          detail: 'Validation failed for tag "organization_display_name" with value: " x"',
        },
      ],
    });
    expect((await h.post(ORGS, {})).json.validations[0].detail).toContain('tag "required"');
  });

  it('reserves "default" (exact) and rejects case-insensitive duplicates with 409', async () => {
    expect((await h.post(ORGS, { name: "default" })).text).toBe(
      coderBody('Organization name "default" is reserved.'),
    );
    const dup = await h.post(ORGS, { name: "RESEARCH" });
    expect(dup.status).toBe(409);
    expect(dup.text).toBe(coderBody("Organization already exists with that name."));
  });

  it("non-owners cannot create (500 from the transaction)", async () => {
    const res = await h.post(ORGS, { name: "mine" }, { token: h.tokenOf("alice") });
    expect(res.status).toBe(500);
    expect(res.json.message).toBe("Internal error inserting organization member.");
  });
});

describe("PATCH /organizations/{org}", () => {
  it("merges: empty name/display_name unchanged, null description unchanged, '' clears icon", async () => {
    const org = await createOrg("ops", { display_name: "Ops", description: "keep", icon: "/x.png" });
    const res = await h.patch(`${ORGS}/${org.id}`, { name: "", display_name: "", icon: "" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ name: "ops", display_name: "Ops", description: "keep", icon: "" });
    const renamed = await h.patch(`${ORGS}/${org.id}`, { name: "ops2", description: "" });
    expect(renamed.json).toMatchObject({ name: "ops2", description: "" });
  });

  it("409 with a validation on a name collision; 400 for default; gate before the org param", async () => {
    const org = await createOrg("ops");
    const res = await h.patch(`${ORGS}/${org.id}`, { name: "Research" });
    expect(res.status).toBe(409);
    expect(res.text).toBe(
      coderBody('Organization already exists with the name "Research".', undefined, [
        { field: "name", detail: "This value is already in use and should be unique." },
      ]),
    );
    expect((await h.patch(`${ORGS}/${org.id}`, { name: "default" })).status).toBe(400);
    await h.emu.control.setLicenseMode("none");
    expect((await h.patch(`${ORGS}/nope`, { name: "x" })).status).toBe(403);
    expect((await h.get(`${ORGS}/${org.id}`)).status).toBe(200);
  });
});

describe("DELETE /organizations/{org}", () => {
  it("soft-deletes: 200 message; by id still 200, by name 404, not listed, name reusable", async () => {
    const org = await createOrg("temp");
    const res = await h.del(`${ORGS}/${org.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toBe(coderBody("Organization has been deleted."));
    expect((await h.get(`${ORGS}/${org.id}`)).status).toBe(200);
    const byName = await h.get(`${ORGS}/temp`);
    expect(byName.status).toBe(404);
    expect(byName.text.startsWith(NOT_FOUND)).toBe(true);
    const list = await h.get(ORGS);
    expect(list.json.map((o: { id: string }) => o.id)).not.toContain(org.id);
    expect((await h.post(ORGS, { name: "temp" })).status).toBe(201);
  });

  it("refuses the default organization", async () => {
    const res = await h.del(`${ORGS}/${h.orgId("coder")}`);
    expect(res.status).toBe(400);
    expect(res.text).toBe(coderBody("Default organization cannot be deleted."));
  });

  it("is blocked by members, groups, templates, workspaces and keys with a 500 listing them", async () => {
    const org = await createOrg("busy");
    await h.post(`${ORGS}/${org.id}/members/${h.userId("alice")}`);
    await h.post(`${ORGS}/${org.id}/members/${h.userId("bob")}`);
    await h.post(`${ORGS}/${org.id}/groups`, { name: "g1" });
    await h.emu.control.addTemplate({ name: "t", organizationId: org.id });
    await h.emu.control.addWorkspace({ ownerId: h.userId("alice"), organizationId: org.id });
    await h.post(`${ORGS}/${org.id}/provisionerkeys`, { name: "k" });
    const res = await h.del(`${ORGS}/${org.id}`);
    expect(res.status).toBe(500);
    expect(res.text).toBe(
      coderBody(
        "Error deleting organization.",
        "This organization has 1 workspace, 1 template, 2 members, 1 group, 1 provisioner key that must be deleted first.",
      ),
    );
    expect((await h.get(`${ORGS}/busy`)).status).toBe(200);
  });
});
