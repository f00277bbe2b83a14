import { describe, expect, it } from "vitest";
import { coderBody, expectNoStateChange, useEmulator } from "./harness";

const h = useEmulator({ license: "none" });
const path = (org = h.orgId("coder")) => `/api/v2/organizations/${org}/settings/workspace-sharing`;

describe("GET/PATCH /organizations/{org}/settings/workspace-sharing", () => {
  it("defaults to everyone, with no license needed", async () => {
    const res = await h.get(path());
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      sharing_globally_disabled: false,
      sharing_disabled: false,
      shareable_workspace_owners: "everyone",
    });
  });

  it("PATCH sets the owners; the org can be named", async () => {
    const res = await h.patch(path("coder"), { shareable_workspace_owners: "service_accounts" });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      sharing_globally_disabled: false,
      sharing_disabled: false,
      shareable_workspace_owners: "service_accounts",
    });
    expect((await h.get(path())).json.shareable_workspace_owners).toBe("service_accounts");
    // The other organization is untouched.
    expect((await h.get(path(h.orgId("research")))).json.shareable_workspace_owners).toBe("everyone");
  });

  it("derives the owners from the older sharing_disabled boolean when they are omitted", async () => {
    expect((await h.patch(path(), { sharing_disabled: true })).json).toMatchObject({
      sharing_disabled: true,
      shareable_workspace_owners: "none",
    });
    // A missing field is false: sharing back on for everyone.
    expect((await h.patch(path(), {})).json.shareable_workspace_owners).toBe("everyone");
  });

  it("rejects an unknown value with a validation, without a write", async () => {
    await expectNoStateChange(h, async () => {
      const res = await h.patch(path(), { shareable_workspace_owners: "admins" });
      expect(res.status).toBe(400);
      expect(res.text).toBe(
        coderBody("Invalid shareable workspace owners value.", undefined, [
          {
            field: "shareable_workspace_owners",
            detail: 'invalid value "admins", must be one of [none, everyone, service_accounts]',
          },
        ]),
      );
    });
  });

  it("members may read, only admins may write", async () => {
    expect((await h.get(path(), { token: h.tokenOf("alice") })).status).toBe(200);
    const res = await h.patch(path(), { shareable_workspace_owners: "none" }, { token: h.tokenOf("alice") });
    expect(res.status).toBe(403);
    expect(res.json.message).toBe("Forbidden.");
  });

  it("the deployment-wide switch forces none on GET (the PATCH answer does not compute it)", async () => {
    await h.emu.control.setDeploymentOptions({ disableWorkspaceSharing: true });
    expect((await h.get(path())).json).toEqual({
      sharing_globally_disabled: true,
      sharing_disabled: true,
      shareable_workspace_owners: "none",
    });
    const patched = await h.patch(path(), { shareable_workspace_owners: "everyone" });
    expect(patched.json.sharing_globally_disabled).toBe(false);
  });
});
