import { describe, expect, it } from "vitest";
import { coderBody, expectNoStateChange, NOT_FOUND, useEmulator } from "./harness";

const h = useEmulator({ license: "all" });
const PROXIES = "/api/v2/workspaceproxies";

async function createProxy(name: string, extra: Record<string, unknown> = {}) {
  const res = await h.post(PROXIES, { name, ...extra });
  expect(res.status).toBe(201);
  return res.json as { proxy: { id: string; name: string }; proxy_token: string };
}

const patchBody = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: "renamed",
  display_name: "Renamed",
  icon: "/r.png",
  ...extra,
});

describe("workspace proxies", () => {
  it("POST is 201 {proxy, proxy_token} with server defaults", async () => {
    const res = await h.post(PROXIES, { name: "eu", display_name: "Europe", icon: "/eu.png" });
    expect(res.status).toBe(201);
    expect(Object.keys(res.json)).toEqual(["proxy", "proxy_token"]);
    expect(res.json.proxy).toMatchObject({
      name: "eu",
      display_name: "Europe",
      icon_url: "/eu.png",
      healthy: false,
      path_app_url: "",
      wildcard_hostname: "",
      derp_enabled: true,
      derp_only: false,
      deleted: false,
      version: "",
      status: { status: "unregistered", report: { errors: [], warnings: [] } },
    });
    expect(res.json.proxy_token).toMatch(new RegExp(`^${res.json.proxy.id}:[0-9a-f]{64}$`));
  });

  it("display_name and icon default to empty", async () => {
    const p = await createProxy("bare");
    expect(p.proxy).toMatchObject({ display_name: "", icon_url: "" });
  });

  it("'primary' is reserved case-insensitively", async () => {
    for (const name of ["primary", "PRIMARY"]) {
      const res = await h.post(PROXIES, { name });
      expect(res.status).toBe(400);
      expect(res.text).toBe(
        coderBody(
          'The name "primary" is reserved for the primary region.',
          "Cannot name a workspace proxy 'primary'.",
          [{ field: "name", detail: "Reserved name" }],
        ),
      );
    }
  });

  it("name is required", async () => {
    await expectNoStateChange(h, async () => {
      const res = await h.post(PROXIES, { display_name: "x" });
      expect(res.status).toBe(400);
      expect(res.json.validations).toEqual([
        { field: "name", detail: 'Validation failed for tag "required" with value: ""' },
      ]);
    });
  });

  it("duplicate among live proxies is 409 case-insensitively; a deleted name can be reused", async () => {
    const p = await createProxy("dup");
    const res = await h.post(PROXIES, { name: "DUP" });
    expect(res.status).toBe(409);
    expect(res.text).toBe(coderBody('Workspace proxy with name "DUP" already exists.'));
    await h.del(`${PROXIES}/${p.proxy.id}`);
    await createProxy("dup");
  });

  it("list is {regions:[primary, ...live]}", async () => {
    const a = await createProxy("a");
    const b = await createProxy("b");
    await h.del(`${PROXIES}/${b.proxy.id}`);
    const res = await h.get(PROXIES);
    expect(res.status).toBe(200);
    expect(Object.keys(res.json)).toEqual(["regions"]);
    expect(res.json.regions.map((r: { id: string }) => r.id)).toEqual([h.seed.deploymentId, a.proxy.id]);
    expect(res.json.regions[0]).toMatchObject({
      name: "primary",
      display_name: "Default",
      icon_url: "/emojis/1f3e1.png",
      healthy: true,
      path_app_url: h.emu.url,
      derp_enabled: false,
      deleted: false,
      status: { status: "ok" },
    });
  });

  it("GET resolves primary by name and deployment id, proxies by id or exact live name", async () => {
    const p = await createProxy("Tokyo");
    expect((await h.get(`${PROXIES}/primary`)).json.id).toBe(h.seed.deploymentId);
    expect((await h.get(`${PROXIES}/${h.seed.deploymentId}`)).json.name).toBe("primary");
    expect((await h.get(`${PROXIES}/${p.proxy.id}`)).json.name).toBe("Tokyo");
    expect((await h.get(`${PROXIES}/Tokyo`)).json.id).toBe(p.proxy.id);
    const miss = await h.get(`${PROXIES}/tokyo`);
    expect(miss.status).toBe(404);
    expect(miss.text).toBe(NOT_FOUND);
  });

  it("DELETE is a soft delete: 200 message; GET by id shows deleted, by name 404; repeat delete ok", async () => {
    const p = await createProxy("soft");
    const res = await h.del(`${PROXIES}/soft`);
    expect(res.status).toBe(200);
    expect(res.text).toBe(coderBody("Proxy has been deleted!"));
    const byId = await h.get(`${PROXIES}/${p.proxy.id}`);
    expect(byId.status).toBe(200);
    expect(byId.json.deleted).toBe(true);
    expect((await h.get(`${PROXIES}/soft`)).status).toBe(404);
    expect((await h.del(`${PROXIES}/${p.proxy.id}`)).status).toBe(200);
  });

  it("the primary proxy cannot be deleted", async () => {
    const res = await h.del(`${PROXIES}/primary`);
    expect(res.status).toBe(400);
    expect(res.text).toBe(coderBody("Cannot delete primary proxy"));
  });

  it("PATCH requires id, name, display_name and icon", async () => {
    const p = await createProxy("strict");
    const res = await h.patch(`${PROXIES}/${p.proxy.id}`, {});
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      message: "Validation failed.",
      validations: [
        {
          field: "id",
          detail: 'Validation failed for tag "required" with value: "00000000-0000-0000-0000-000000000000"',
        },
        { field: "name", detail: 'Validation failed for tag "required" with value: ""' },
        { field: "display_name", detail: 'Validation failed for tag "required" with value: ""' },
        { field: "icon", detail: 'Validation failed for tag "required" with value: ""' },
      ],
    });
  });

  it("PATCH is a full replace; the body id is ignored; token only on regenerate", async () => {
    const p = await createProxy("full", { display_name: "Full", icon: "/f.png" });
    const other = "6f1d3c1e-1111-4222-8333-944455556666";
    const res = await h.patch(`${PROXIES}/${p.proxy.id}`, patchBody(other));
    expect(res.status).toBe(200);
    expect(res.json.proxy).toMatchObject({
      id: p.proxy.id,
      name: "renamed",
      display_name: "Renamed",
      icon_url: "/r.png",
    });
    expect(res.json.proxy_token).toBe("");
    const regen = await h.patch(`${PROXIES}/${p.proxy.id}`, patchBody(other, { regenerate_token: true }));
    expect(regen.json.proxy_token).toMatch(new RegExp(`^${p.proxy.id}:[0-9a-f]{64}$`));
    expect(regen.json.proxy_token).not.toBe(p.proxy_token);
  });

  it("PATCH does not re-check the 'primary' name; a live-name collision is a 500", async () => {
    const a = await createProxy("a1");
    await createProxy("b1");
    const clash = await h.patch(`${PROXIES}/${a.proxy.id}`, patchBody(a.proxy.id, { name: "B1" }));
    expect(clash.status).toBe(500);
    expect(clash.json.message).toBe("An internal server error occurred.");
    const primary = await h.patch(`${PROXIES}/${a.proxy.id}`, patchBody(a.proxy.id, { name: "primary" }));
    expect(primary.status).toBe(200);
    expect(primary.json.proxy.name).toBe("primary");
  });

  it("primary: name cannot change; display_name and icon can; regenerate returns a token", async () => {
    const id = h.seed.deploymentId;
    const bad = await h.patch(`${PROXIES}/primary`, patchBody(id));
    expect(bad.status).toBe(400);
    expect(bad.text).toBe(
      coderBody(
        "Cannot update name of default primary proxy, did you mean to update the 'display name'?",
        undefined,
        [{ field: "name", detail: "Cannot update name of default primary proxy" }],
      ),
    );
    const ok = await h.patch(
      `${PROXIES}/primary`,
      patchBody(id, { name: "primary", regenerate_token: true }),
    );
    expect(ok.status).toBe(200);
    expect(ok.json.proxy).toMatchObject({ id, name: "primary", display_name: "Renamed", icon_url: "/r.png" });
    expect(ok.json.proxy_token).not.toBe("");
    expect((await h.get(PROXIES)).json.regions[0].display_name).toBe("Renamed");
  });

  it("bad uuid in PATCH body is 400 invalid JSON and changes nothing", async () => {
    const p = await createProxy("u");
    await expectNoStateChange(h, async () => {
      const res = await h.patch(`${PROXIES}/${p.proxy.id}`, patchBody("nope"));
      expect(res.status).toBe(400);
      expect(res.text).toBe(coderBody("Request body must be valid JSON.", "invalid UUID length: 4"));
    });
  });
});
