import { describe, expect, it } from "vitest";
import { coderBody, expectNoStateChange, useEmulator } from "./harness";

// v2.30.0 gates these routes behind the oauth2 experiment; it is enabled here (oauth2-experiment.test.ts
// covers the gate).
const h = useEmulator({ experiments: ["oauth2"] });
const APPS = "/api/v2/oauth2-provider/apps";

async function createApp(name = "my-app") {
  const res = await h.post(APPS, { name, callback_url: "https://example.com/cb", icon: "/icon.png" });
  expect(res.status).toBe(201);
  return res.json as { id: string };
}

describe("OAuth2 provider apps", () => {
  it("POST is 201 with endpoints derived from the access URL", async () => {
    const res = await h.post(APPS, {
      name: "my-app",
      callback_url: "https://example.com/cb",
      icon: "/i.png",
    });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: "my-app",
      callback_url: "https://example.com/cb",
      icon: "/i.png",
      endpoints: {
        authorization: `${h.emu.url}/oauth2/authorize`,
        token: `${h.emu.url}/oauth2/tokens`,
        token_revoke: `${h.emu.url}/oauth2/revoke`,
        device_authorization: "",
      },
    });
  });

  it("names are not unique", async () => {
    await createApp("same");
    await createApp("same");
    expect((await h.get(APPS)).json).toHaveLength(2);
  });

  it.each([
    [{ name: "", callback_url: "https://x" }, [["name", "required", ""]]],
    [{ name: "has space", callback_url: "https://x" }, [["name", "oauth2_app_name", "has space"]]],
    [{ name: "a".repeat(33), callback_url: "https://x" }, [["name", "oauth2_app_name", "a".repeat(33)]]],
    [{ name: "ok", callback_url: "" }, [["callback_url", "required", ""]]],
    [{ name: "ok", callback_url: "ftp://x" }, [["callback_url", "http_url", "ftp://x"]]],
    [{ name: "ok", callback_url: "not a url" }, [["callback_url", "http_url", "not a url"]]],
    [
      { name: "new" },
      [
        ["name", "oauth2_app_name", "new"],
        ["callback_url", "required", ""],
      ],
    ],
  ])("validation %j", async (body, expected) => {
    await expectNoStateChange(h, async () => {
      const res = await h.post(APPS, body);
      expect(res.status).toBe(400);
      expect(res.json).toEqual({
        message: "Validation failed.",
        validations: expected.map(([field, tag, value]) => ({
          field,
          detail: `Validation failed for tag "${tag}" with value: "${value}"`,
        })),
      });
    });
  });

  it("GET list is [] when empty; with a user_id it is null; a bad user_id is 400", async () => {
    expect((await h.get(APPS)).text).toBe("[]\n");
    await createApp();
    expect((await h.get(`${APPS}?user_id=${h.userId("alice")}`)).text).toBe("null\n");
    const bad = await h.get(`${APPS}?user_id=nope`);
    expect(bad.status).toBe(400);
    expect(bad.json.message).toBe("Invalid user UUID");
  });

  it("GET/PUT/DELETE one app", async () => {
    const app = await createApp();
    expect((await h.get(`${APPS}/${app.id}`)).json.name).toBe("my-app");
    const put = await h.put(`${APPS}/${app.id}`, { name: "renamed", callback_url: "http://localhost/cb" });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ name: "renamed", callback_url: "http://localhost/cb", icon: "" });
    const del = await h.del(`${APPS}/${app.id}`);
    expect(del.status).toBe(204);
    expect(del.text).toBe("");
    const gone = await h.get(`${APPS}/${app.id}`);
    expect(gone.status).toBe(404);
    expect(gone.text).toBe(coderBody("OAuth2 application not found."));
  });

  it("bad app id is 400 Invalid UUID; unknown is 404 with its own message", async () => {
    const bad = await h.get(`${APPS}/xyz`);
    expect(bad.status).toBe(400);
    expect(bad.text).toBe(coderBody('Invalid UUID "xyz".', "invalid UUID length: 3"));
    const missing = await h.put(`${APPS}/11111111-2222-3333-4444-555555555555`, {
      name: "a",
      callback_url: "https://x",
    });
    expect(missing.status).toBe(404);
    expect(missing.text).toBe(coderBody("OAuth2 application not found."));
  });
});

describe("OAuth2 app secrets", () => {
  it("POST is 201 with one object; the list shows the truncated form", async () => {
    const app = await createApp();
    const res = await h.post(`${APPS}/${app.id}/secrets`);
    expect(res.status).toBe(201);
    expect(Object.keys(res.json)).toEqual(["id", "client_secret_full"]);
    expect(res.json.client_secret_full).toMatch(/^coder_[A-Za-z0-9]{10}_[A-Za-z0-9]{40}$/);
    const list = await h.get(`${APPS}/${app.id}/secrets`);
    expect(list.json).toEqual([
      { id: res.json.id, last_used_at: null, client_secret_truncated: res.json.client_secret_full.slice(-6) },
    ]);
  });

  it("list is [] when there are none", async () => {
    const app = await createApp();
    expect((await h.get(`${APPS}/${app.id}/secrets`)).text).toBe("[]\n");
  });

  it("DELETE is 204; unknown secret 404; bad id 400; another app's secret 400", async () => {
    const a = await createApp("a");
    const b = await createApp("b");
    const secret = (await h.post(`${APPS}/${a.id}/secrets`)).json;
    const wrong = await h.del(`${APPS}/${b.id}/secrets/${secret.id}`);
    expect(wrong.status).toBe(400);
    expect(wrong.text).toBe(coderBody("App ID does not match secret app ID."));
    expect((await h.del(`${APPS}/${a.id}/secrets/zzz`)).status).toBe(400);
    const ok = await h.del(`${APPS}/${a.id}/secrets/${secret.id}`);
    expect(ok.status).toBe(204);
    const again = await h.del(`${APPS}/${a.id}/secrets/${secret.id}`);
    expect(again.status).toBe(404);
    expect(again.json.message).toBe("Resource not found or you do not have access to this resource");
  });

  it("deleting an app deletes its secrets", async () => {
    const app = await createApp();
    await h.post(`${APPS}/${app.id}/secrets`);
    await h.del(`${APPS}/${app.id}`);
    expect((await h.emu.control.state()).counts["oauth2Secrets"]).toBe(0);
  });
});
