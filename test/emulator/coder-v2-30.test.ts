// Where a real Coder v2.30.0 (enterprise build, unlicensed) and the emulator were compared on the same
// requests and differed: the emulator now answers like v2.30.0 (emulator/README.md "Coder version").

import { describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator";
import { coderBody, NOT_FOUND, useEmulator } from "./harness";

const h = useEmulator({ license: "none" });
const APPS = "/api/v2/oauth2-provider/apps";
const OAUTH2_GATE = "OAuth2 Provider Functionality functionality requires enabling the 'oauth2' experiment.";

describe("version", () => {
  it("/buildinfo says v2.30.0 and X-Coder-Build-Version agrees", async () => {
    const res = await h.get("/api/v2/buildinfo", { token: null });
    expect(res.json.version).toMatch(/^v2\.30\.0\+/);
    expect(res.headers.get("x-coder-build-version")).toBe(res.json.version);
  });

  it("/entitlements lists v2.30.0's features, including the four added since earlier releases", async () => {
    const features = Object.keys((await h.get("/api/v2/entitlements")).json.features);
    for (const f of [
      "ai_governance_user_limit",
      "boundary",
      "task_batch_actions",
      "workspace_external_agent",
    ])
      expect(features).toContain(f);
    expect(features).toEqual([...features].sort()); // a Go map: keys sorted
  });

  it("/users/me has v2.30.0's shape: no empty avatar_url, theme_preference, is_service_account, has_ai_seat", async () => {
    const me = (await h.get("/api/v2/users/me")).json;
    expect(Object.keys(me).sort()).toEqual(
      [
        "created_at",
        "email",
        "id",
        "last_seen_at",
        "login_type",
        "name",
        "organization_ids",
        "roles",
        "status",
        "updated_at",
        "username",
      ].sort(),
    );
    expect(me.roles).toEqual([{ name: "owner", display_name: "Owner" }]);
  });
});

describe("response headers on every API response", () => {
  it.each([
    ["a 200", "/api/v2/users/me", undefined, 200],
    ["a 401", "/api/v2/users/me", null, 401],
    ["a route 404", "/api/v2/nope", undefined, 404],
    ["a premium 403", "/api/v2/groups", undefined, 403],
  ] as const)("%s", async (_name, path, token, status) => {
    const res = await h.get(path, token === null ? { token: null } : {});
    expect(res.status).toBe(status);
    expect(res.headers.get("x-coder-build-version")).toMatch(/^v2\.30\.0/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    // Two Vary lines; fetch joins repeated headers with ", ".
    expect(res.headers.get("vary")).toBe("Origin, Cookie");
  });
});

describe("organizations", () => {
  it("an unknown organization is one parseable 404 body", async () => {
    for (const path of ["/api/v2/organizations/nope", "/api/v2/organizations/nope/settings/idpsync/groups"]) {
      const res = await h.get(path);
      expect(res.status).toBe(404);
      expect(res.text).toBe(NOT_FOUND);
      expect(JSON.parse(res.text)).toEqual({
        message: "Resource not found or you do not have access to this resource",
      });
    }
  });
});

describe("authentication", () => {
  it("WWW-Authenticate on a 401 ends with the protected-resource metadata URL of the access URL", async () => {
    const res = await h.get("/api/v2/users/me", { token: null });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(
      new RegExp(`^Bearer .*, resource_metadata="${h.emu.url}/\\.well-known/oauth-protected-resource"$`),
    );
  });

  it("a well-formed token whose secret has 24 characters is a format error", async () => {
    const res = await h.get("/api/v2/users/me", { token: `abcdefghij-${"s".repeat(24)}` });
    expect(res.text).toBe(
      coderBody(
        "You are signed out or your session has expired. Please sign in again to continue.",
        "Invalid API key format: invalid API key secret length, expected 22 got 24",
      ),
    );
  });

  it("an owner token coderd could never accept is refused when the emulator starts", async () => {
    await expect(startEmulator({ token: "clitoken01-secret" })).rejects.toThrow(
      /invalid API key secret length, expected 22 got 6.*<10-char id>-<22-char secret>/,
    );
  });

  it("GET /entitlements answers 200 with the full body without a token", async () => {
    const res = await h.get("/api/v2/entitlements", { token: null });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ has_license: false, features: { template_rbac: { enabled: false } } });
  });
});

describe("IdP sync", () => {
  it("available-fields with no claims anywhere is null", async () => {
    expect((await h.get("/api/v2/settings/idpsync/available-fields")).text).toBe("null\n");
    expect((await h.get("/api/v2/organizations/coder/settings/idpsync/available-fields")).text).toBe(
      "null\n",
    );
  });
});

describe("OAuth2 provider apps and the oauth2 experiment", () => {
  it("are gated by default, before any write, with v2.30.0's message (sic)", async () => {
    expect((await h.get("/api/v2/experiments")).json).toEqual([]);
    const list = await h.get(APPS);
    expect(list.status).toBe(403);
    expect(list.text).toBe(coderBody(OAUTH2_GATE));
    const create = await h.post(APPS, { name: "app", callback_url: "https://x.example/cb" });
    expect(create.text).toBe(coderBody(OAUTH2_GATE));
    expect((await h.emu.control.state()).counts["oauth2Apps"]).toBe(0);
  });

  it("open once the experiment is enabled (control API), and GET /experiments lists it", async () => {
    await h.emu.control.setExperiments(["OAuth2"]);
    try {
      expect((await h.get("/api/v2/experiments")).json).toEqual(["oauth2"]);
      expect((await h.get(APPS)).status).toBe(200);
    } finally {
      await h.emu.control.setExperiments([]);
    }
  });

  it("the list is sorted by (name, id), not insertion order", async () => {
    await h.emu.control.setExperiments(["oauth2"]);
    try {
      for (const name of ["zeta", "alpha", "mid", "alpha"])
        expect((await h.post(APPS, { name, callback_url: "https://x.example/cb" })).status).toBe(201);
      const apps = (await h.get(APPS)).json as { id: string; name: string }[];
      expect(apps.map((a) => a.name)).toEqual(["alpha", "alpha", "mid", "zeta"]);
      expect(apps[0]!.id < apps[1]!.id).toBe(true);
    } finally {
      await h.emu.control.setExperiments([]);
    }
  });

  it("the experiment survives a reset (it is deployment configuration, not state)", async () => {
    await h.emu.control.setExperiments(["oauth2"]);
    await h.emu.control.reset();
    expect(await h.emu.control.experiments()).toEqual(["oauth2"]);
    await h.emu.control.setExperiments([]);
  });
});
