import { describe, expect, it } from "vitest";
import { coderBody, NOT_FOUND, useEmulator } from "./harness";

const h = useEmulator({ license: "all" });
const SIGNED_OUT = "You are signed out or your session has expired. Please sign in again to continue.";

describe("response format", () => {
  it("JSON bodies: application/json; charset=utf-8 and a trailing newline", async () => {
    const res = await h.get("/api/v2/users/me");
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.text.endsWith("}\n")).toBe(true);
  });

  it("Go-style HTML escaping of <, > and &", async () => {
    const res = await h.post("/api/v2/organizations/coder/groups", { name: "g", avatar_url: "<a&b>" });
    expect(res.text).toContain('"avatar_url":"\\u003ca\\u0026b\\u003e"');
    expect(res.json.avatar_url).toBe("<a&b>");
  });

  it("timestamps are RFC 3339 in UTC", async () => {
    const res = await h.get("/api/v2/users/me");
    expect(res.json.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/);
  });

  it("the API root greets without auth", async () => {
    const res = await h.get("/api/v2", { token: null });
    expect(res.status).toBe(200);
    expect(res.text).toBe('{"message":"👋"}\n');
  });

  it("unknown routes are 404 Route not found, before auth", async () => {
    const res = await h.get("/api/v2/nope", { token: null });
    expect(res.status).toBe(404);
    expect(res.text).toBe(coderBody("Route not found."));
  });

  it("unknown sub-routes run the group's middleware first (auth), then 404", async () => {
    expect((await h.get("/api/v2/licenses/1/extra", { token: null })).status).toBe(401);
    expect((await h.get("/api/v2/licenses/1/extra")).text).toBe(coderBody("Route not found."));
  });

  it("known path, wrong method is 405 with an empty body", async () => {
    const res = await h.call("PUT", "/api/v2/licenses");
    expect(res.status).toBe(405);
    expect(res.text).toBe("");
  });
});

describe("authentication (httpmw.ExtractAPIKey)", () => {
  const path = "/api/v2/users/me";
  it("no token", async () => {
    const res = await h.get(path, { token: null });
    expect(res.status).toBe(401);
    expect(res.text).toBe(
      coderBody(SIGNED_OUT, 'Cookie "coder_session_token" or query parameter must be provided.'),
    );
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer /);
  });
  it("bad format", async () => {
    expect((await h.get(path, { token: "garbage" })).text).toBe(
      coderBody(SIGNED_OUT, "Invalid API key format: incorrect amount of API key parts, expected 2 got 1"),
    );
    expect((await h.get(path, { token: "short-secret" })).text).toBe(
      coderBody(SIGNED_OUT, "Invalid API key format: invalid API key ID length, expected 10 got 5"),
    );
  });
  it("unknown key id", async () => {
    expect((await h.get(path, { token: "abcdefghij-0123456789012345678901" })).text).toBe(
      coderBody(SIGNED_OUT, "API key is invalid."),
    );
  });
  it("right id, wrong secret", async () => {
    const id = h.emu.token.split("-")[0];
    expect((await h.get(path, { token: `${id}-wrongsecretwrongsecret` })).text).toBe(
      coderBody(SIGNED_OUT, "API key secret is invalid."),
    );
  });
  it("a secret that is not 22 characters is a format error, checked before the lookup", async () => {
    const id = h.emu.token.split("-")[0];
    expect((await h.get(path, { token: `${id}-wrongsecretwrongsecret00` })).text).toBe(
      coderBody(SIGNED_OUT, "Invalid API key format: invalid API key secret length, expected 22 got 24"),
    );
    expect((await h.get(path, { token: `abcdefghij-${"x".repeat(33)}` })).text).toBe(
      coderBody(SIGNED_OUT, "Invalid API key format: invalid API key secret length, expected 22 got 33"),
    );
  });
  it("expired token", async () => {
    await h.emu.control.expireToken(h.userId("alice"), "2024-01-02T03:04:05Z");
    const res = await h.get(path, { token: h.tokenOf("alice") });
    expect(res.status).toBe(401);
    expect(res.text).toBe(coderBody(SIGNED_OUT, 'API key expired at "2024-01-02 03:04:05 +0000 UTC".'));
  });
  it("cookie and query parameter are accepted too", async () => {
    expect(
      (await h.get(path, { token: null, headers: { Cookie: `coder_session_token=${h.emu.token}` } })).status,
    ).toBe(200);
    expect((await h.get(`${path}?coder_session_token=${h.emu.token}`, { token: null })).status).toBe(200);
  });
  it("buildinfo needs no auth and exposes deployment_id and version", async () => {
    const res = await h.get("/api/v2/buildinfo", { token: null });
    expect(res.status).toBe(200);
    expect(res.json.deployment_id).toBe(h.seed.deploymentId);
    expect(res.json.version).toMatch(/^v\d+\.\d+\.\d+/);
    expect(res.json.dashboard_url).toBe(h.emu.url);
  });
});

describe("users", () => {
  it("/users/me is the owner with the owner role", async () => {
    const res = await h.get("/api/v2/users/me");
    expect(res.json).toMatchObject({
      id: h.seed.owner.id,
      username: "admin",
      status: "active",
      roles: [{ name: "owner", display_name: "Owner" }],
      organization_ids: [h.orgId("coder"), h.orgId("research")],
    });
  });
  it("by id, by username (case-insensitive); members are roleless", async () => {
    expect((await h.get(`/api/v2/users/${h.userId("bob")}`)).json.username).toBe("bob");
    const res = await h.get("/api/v2/users/BOB");
    expect(res.json).toMatchObject({ username: "bob", roles: [], organization_ids: [h.orgId("coder")] });
    expect((await h.get("/api/v2/users/me", { token: h.tokenOf("dave") })).json.username).toBe("dave");
  });
  it("unknown user is 400", async () => {
    const res = await h.get("/api/v2/users/ghost");
    expect(res.status).toBe(400);
    expect(res.text).toBe(coderBody('"user" must be an existing uuid or username.', 'queried user="ghost"'));
  });
});

describe("organizations", () => {
  it("list, get by id, name and default", async () => {
    const list = await h.get("/api/v2/organizations");
    expect(list.json.map((o: { name: string }) => o.name)).toEqual(["coder", "research"]);
    expect(list.json[0]).toMatchObject({ is_default: true, display_name: "Coder" });
    expect((await h.get(`/api/v2/organizations/${h.orgId("research")}`)).json.name).toBe("research");
    expect((await h.get("/api/v2/organizations/research")).json.id).toBe(h.orgId("research"));
    expect((await h.get("/api/v2/organizations/default")).json.name).toBe("coder");
    expect((await h.get("/api/v2/organizations/00000000-0000-0000-0000-000000000000")).json.name).toBe(
      "coder",
    );
  });
  it("members only see their own organizations", async () => {
    const list = await h.get("/api/v2/organizations", { token: h.tokenOf("dave") });
    expect(list.json.map((o: { name: string }) => o.name)).toEqual(["research"]);
    expect((await h.get("/api/v2/organizations/coder", { token: h.tokenOf("dave") })).status).toBe(404);
  });
  it("unknown organization: one generic 404 body (v2.30.0)", async () => {
    const res = await h.get("/api/v2/organizations/nope");
    expect(res.status).toBe(404);
    expect(res.text).toBe(NOT_FOUND);
    expect(JSON.parse(res.text)).toEqual({
      message: "Resource not found or you do not have access to this resource",
    });
  });
});

describe("templates", () => {
  it("by id, by org + name (case-insensitive), list per org", async () => {
    const byId = await h.get(`/api/v2/templates/${h.templateId("docker")}`);
    expect(byId.json).toMatchObject({
      name: "docker",
      organization_id: h.orgId("coder"),
      organization_name: "coder",
    });
    expect((await h.get("/api/v2/organizations/coder/templates/Kubernetes")).json.id).toBe(
      h.templateId("kubernetes"),
    );
    const list = await h.get("/api/v2/organizations/coder/templates");
    expect(list.json.map((t: { name: string }) => t.name)).toEqual(["docker", "kubernetes"]);
    expect(
      (await h.get("/api/v2/organizations/research/templates")).json.map((t: { name: string }) => t.name),
    ).toEqual(["notebook"]);
  });
  it("unknown template name 404, bad UUID 400", async () => {
    expect((await h.get("/api/v2/organizations/coder/templates/nope")).text).toBe(NOT_FOUND);
    const bad = await h.get("/api/v2/templates/docker");
    expect(bad.status).toBe(400);
    expect(bad.text).toBe(coderBody('Invalid UUID "docker".', "invalid UUID length: 6"));
  });
});
