import { beforeEach, describe, expect, it } from "vitest";
import { coderBody, expectNoStateChange, NOT_FOUND, useEmulator } from "./harness";

const h = useEmulator({ license: "all" });
let group: string;
const path = () => `/api/v2/groups/${group}/ai/budget`;

beforeEach(async () => {
  const res = await h.post(`/api/v2/organizations/${h.orgId("coder")}/groups`, { name: "ml" });
  group = res.json.id;
  await h.patch(`/api/v2/groups/${group}`, { add_users: [h.userId("alice")] });
});

describe("GET/PUT/DELETE /groups/{group}/ai/budget", () => {
  it("404 until set; PUT upserts with 200, keeping created_at", async () => {
    expect((await h.get(path())).text).toBe(NOT_FOUND);
    const first = await h.put(path(), { spend_limit_micros: 500_000_000 });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ group_id: group, spend_limit_micros: 500_000_000 });
    const second = await h.put(path(), { spend_limit_micros: 0 });
    expect(second.status).toBe(200);
    expect(second.json.spend_limit_micros).toBe(0); // 0 = block all spend, accepted
    expect(second.json.created_at).toBe(first.json.created_at);
    expect((await h.get(path())).json.spend_limit_micros).toBe(0);
  });

  it("DELETE is 204, then 404", async () => {
    await h.put(path(), { spend_limit_micros: 1 });
    const del = await h.del(path());
    expect(del.status).toBe(204);
    expect(del.text).toBe("");
    expect((await h.del(path())).text).toBe(NOT_FOUND);
  });

  it("a negative limit is a validation error, without a write", async () => {
    await expectNoStateChange(h, async () => {
      const res = await h.put(path(), { spend_limit_micros: -1 });
      expect(res.status).toBe(400);
      expect(res.text).toBe(
        coderBody("Validation failed.", undefined, [
          { field: "spend_limit_micros", detail: 'Validation failed for tag "gte" with value: "-1"' },
        ]),
      );
    });
  });

  it("members read but cannot write (404)", async () => {
    await h.put(path(), { spend_limit_micros: 7 });
    expect((await h.get(path(), { token: h.tokenOf("alice") })).status).toBe(200);
    expect((await h.put(path(), { spend_limit_micros: 9 }, { token: h.tokenOf("alice") })).status).toBe(404);
  });

  it("needs aibridge licensed AND enabled in the deployment", async () => {
    await h.emu.control.setDeploymentOptions({ aiBridgeEnabled: false });
    const res = await h.get(path());
    expect(res.status).toBe(403);
    expect(res.json.message).toMatch(/is a Premium feature\. Contact sales!$/);
  });

  it("template_rbac is checked before authentication", async () => {
    await h.emu.control.setLicenseMode("none");
    const res = await h.get(path(), { token: null });
    expect(res.status).toBe(403);
    expect(res.text).toBe(coderBody("Template RBAC is a Premium feature. Contact sales!"));
  });
});
