import { describe, expect, it } from "vitest";
import { coderBody, expectNoStateChange, useEmulator } from "./harness";

// Starts unlicensed, like a fresh deployment.
const h = useEmulator({ license: "none" });
const MULTIPLE = coderBody("Invalid license", "license has multiple issues; contact support");
const PREMIUM = (f: string) => coderBody(`${f} is a Premium feature. Contact sales!`);
const now = () => Math.floor(Date.now() / 1000);

describe('feature gates and their order relative to auth (BEHAVIOUR.md "Feature gates")', () => {
  it("/groups gates before auth: unlicensed + anonymous is 403, not 401", async () => {
    const res = await h.get("/api/v2/groups", { token: null });
    expect(res.status).toBe(403);
    expect(res.text).toBe(PREMIUM("Template RBAC"));
  });

  it("/groups gate also precedes routing: unknown method/subpath still 403", async () => {
    expect((await h.call("PUT", "/api/v2/groups/x", { token: null })).status).toBe(403);
    expect((await h.get("/api/v2/groups/x/y/z", { token: null })).status).toBe(403);
  });

  it("/templates/{t}/acl gates before auth", async () => {
    const res = await h.get(`/api/v2/templates/${h.templateId("docker")}/acl`, { token: null });
    expect(res.status).toBe(403);
    expect(res.text).toBe(PREMIUM("Template RBAC"));
  });

  it("/workspaceproxies gates before auth", async () => {
    const res = await h.get("/api/v2/workspaceproxies", { token: null });
    expect(res.status).toBe(403);
    expect(res.text).toBe(PREMIUM("Workspace Proxy"));
  });

  it("/organizations/{org}/groups authenticates first (401), then gates (403)", async () => {
    const path = `/api/v2/organizations/${h.orgId("coder")}/groups`;
    expect((await h.get(path, { token: null })).status).toBe(401);
    const res = await h.get(path);
    expect(res.status).toBe(403);
    expect(res.text).toBe(PREMIUM("Template RBAC"));
  });

  it("gate precedes the org lookup on org groups (403 even for an unknown org)", async () => {
    expect((await h.get("/api/v2/organizations/nope/groups")).status).toBe(403);
  });

  it("provisioner keys: auth, then org lookup (404), then the gate (403)", async () => {
    expect((await h.get("/api/v2/organizations/coder/provisionerkeys", { token: null })).status).toBe(401);
    expect((await h.get("/api/v2/organizations/nope/provisionerkeys")).status).toBe(404);
    const res = await h.get("/api/v2/organizations/coder/provisionerkeys");
    expect(res.status).toBe(403);
    expect(res.text).toBe(PREMIUM("External Provisioner Daemons"));
  });

  it("licenses, idp sync and oauth2 apps are not license-gated", async () => {
    expect((await h.get("/api/v2/licenses")).status).toBe(200);
    expect((await h.get("/api/v2/settings/idpsync/organization")).status).toBe(200);
    expect((await h.get("/api/v2/organizations/coder/settings/idpsync/groups")).status).toBe(200);
    // Only the oauth2 experiment gates OAuth2 apps, licensed or not.
    await h.emu.control.setExperiments(["oauth2"]);
    try {
      expect((await h.get("/api/v2/oauth2-provider/apps")).status).toBe(200);
    } finally {
      await h.emu.control.setExperiments([]);
    }
  });

  it("license mode 'all' opens every gate without a license", async () => {
    await h.emu.control.setLicenseMode("all");
    expect((await h.get("/api/v2/groups")).status).toBe(200);
    expect((await h.get("/api/v2/workspaceproxies")).status).toBe(200);
    expect((await h.get("/api/v2/organizations/coder/provisionerkeys")).status).toBe(200);
    const ent = await h.get("/api/v2/entitlements");
    expect(ent.json.has_license).toBe(true);
    expect(ent.json.features.template_rbac).toEqual({ entitlement: "entitled", enabled: true });
  });
});

describe("GET /entitlements", () => {
  it("unlicensed: nothing entitled, has_license false, exact envelope", async () => {
    const res = await h.get("/api/v2/entitlements");
    expect(res.status).toBe(200);
    expect(Object.keys(res.json)).toEqual([
      "features",
      "warnings",
      "errors",
      "has_license",
      "trial",
      "require_telemetry",
      "refreshed_at",
    ]);
    expect(res.json).toMatchObject({
      warnings: [],
      errors: [],
      has_license: false,
      trial: false,
      require_telemetry: false,
    });
    for (const f of [
      "template_rbac",
      "workspace_proxy",
      "external_provisioner_daemons",
      "scim",
      "audit_log",
      "multiple_organizations",
    ]) {
      expect(res.json.features[f]).toEqual({ entitlement: "not_entitled", enabled: false });
    }
    expect(res.json.features.user_limit).toEqual({ entitlement: "not_entitled", enabled: false, actual: 5 });
    expect(res.json.refreshed_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    // Go map keys are sorted.
    const keys = Object.keys(res.json.features);
    expect(keys).toEqual([...keys].sort());
  });

  it("needs no auth (v2.30.0): the same full body without a token or with a bad one", async () => {
    const authed = await h.get("/api/v2/entitlements");
    for (const token of [null, "garbage"]) {
      const anon = await h.get("/api/v2/entitlements", { token });
      expect(anon.status).toBe(200);
      expect({ ...anon.json, refreshed_at: "" }).toEqual({ ...authed.json, refreshed_at: "" });
    }
  });

  it("is recomputed on license upload and delete", async () => {
    const up = await h.uploadLicense({ features: { template_rbac: 1, user_limit: 50, workspace_proxy: 0 } });
    expect(up.status).toBe(201);
    let ent = (await h.get("/api/v2/entitlements")).json;
    expect(ent.has_license).toBe(true);
    expect(ent.features.template_rbac).toEqual({ entitlement: "entitled", enabled: true });
    expect(ent.features.workspace_proxy.entitlement).toBe("not_entitled");
    expect(ent.features.user_limit).toEqual({ entitlement: "entitled", enabled: true, limit: 50, actual: 5 });
    expect((await h.get("/api/v2/groups")).status).toBe(200);
    expect((await h.get("/api/v2/workspaceproxies")).status).toBe(403);
    expect((await h.del(`/api/v2/licenses/${up.json.id}`)).status).toBe(200);
    ent = (await h.get("/api/v2/entitlements")).json;
    expect(ent.has_license).toBe(false);
    expect(ent.features.template_rbac.entitlement).toBe("not_entitled");
    expect((await h.get("/api/v2/groups")).status).toBe(403);
  });

  it("all_features entitles everything; trial is reported", async () => {
    await h.uploadLicense({ features: {}, all_features: true, trial: true });
    const ent = (await h.get("/api/v2/entitlements")).json;
    expect(ent.trial).toBe(true);
    expect(ent.features.scim.entitlement).toBe("entitled");
    expect(ent.features.workspace_proxy.entitlement).toBe("entitled");
  });

  it("past license_expires but before exp is grace_period (still usable)", async () => {
    const { jwt } = await h.emu.control.mintLicense({
      license_expires: now() - 10,
      features: { template_rbac: 1 },
    });
    expect((await h.post("/api/v2/licenses", { license: jwt })).status).toBe(201);
    const ent = (await h.get("/api/v2/entitlements")).json;
    expect(ent.features.template_rbac).toEqual({ entitlement: "grace_period", enabled: true });
    expect((await h.get("/api/v2/groups")).status).toBe(200);
  });
});

describe("POST /licenses", () => {
  it("201 with id, uuid (= jti), uploaded_at and the verbatim claims", async () => {
    const jti = "6c7e8a3e-6a3f-4a5c-9f0d-0b9f5a1b2c3d";
    const res = await h.uploadLicense({ jti, custom_claim: "kept" });
    expect(res.status).toBe(201);
    expect(Object.keys(res.json)).toEqual(["id", "uuid", "uploaded_at", "claims"]);
    expect(res.json.id).toBe(1);
    expect(res.json.uuid).toBe(jti);
    expect(res.json.claims).toMatchObject({
      version: 3,
      account_type: "salesforce",
      account_id: "emulator",
      custom_claim: "kept",
      jti,
    });
    // claims is a Go map: keys sorted.
    const keys = Object.keys(res.json.claims);
    expect(keys).toEqual([...keys].sort());
    expect(res.text).not.toContain("eyJ"); // the JWT itself is never returned
  });

  it("a non-UUID jti gets a random uuid; duplicates are allowed with new serial ids", async () => {
    const { jwt } = await h.emu.control.mintLicense({ jti: "not-a-uuid" });
    const a = await h.post("/api/v2/licenses", { license: jwt });
    const b = await h.post("/api/v2/licenses", { license: jwt });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.json.id).toBe(a.json.id + 1);
    expect(a.json.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.json.uuid).not.toBe(b.json.uuid);
  });

  it("empty license is a validation failure", async () => {
    const res = await h.post("/api/v2/licenses", { license: "" });
    expect(res.status).toBe(400);
    expect(res.text).toBe(
      coderBody("Validation failed.", undefined, [
        { field: "license", detail: 'Validation failed for tag "required" with value: ""' },
      ]),
    );
  });

  it.each([
    ["version 2", { version: 2 }, "license must be version 3"],
    ["missing version", { version: null }, "license must be version 3"],
    ["missing iat", { iat: null }, "license has invalid or missing iat (issued at) claim"],
    ["missing nbf", { nbf: null }, "license has invalid or missing nbf (not before) claim"],
    [
      "missing license_expires",
      { license_expires: null },
      "license has invalid or missing license_expires claim",
    ],
    [
      "license_expires > 5 years",
      { license_expires: now() + 6 * 365 * 86400 },
      "license has invalid or missing license_expires claim",
    ],
    ["missing exp", { exp: null }, "license has invalid or missing exp (expires at) claim"],
    ["empty account_type", { account_type: "" }, "license must contain valid account type"],
    ["empty account_id", { account_id: "" }, "license must contain valid account ID"],
  ])("claim check: %s", async (_name, overrides, detail) => {
    await expectNoStateChange(h, async () => {
      const res = await h.uploadLicense(overrides);
      expect(res.status).toBe(400);
      expect(res.text).toBe(coderBody("Invalid license", detail));
    });
  });

  it("claim checks run in coderd's order (version before iat before account)", async () => {
    const res = await h.uploadLicense({ version: 1, iat: null, account_id: "" });
    expect(res.json.detail).toBe("license must be version 3");
    const res2 = await h.uploadLicense({ nbf: null, account_type: "" });
    expect(res2.json.detail).toBe("license has invalid or missing nbf (not before) claim");
  });

  it("a future nbf is tolerated", async () => {
    expect((await h.uploadLicense({ nbf: now() + 3600 })).status).toBe(201);
  });

  it.each([
    ["expired exp", { exp: now() - 60 }],
    ["future iat", { iat: now() + 3600 }],
    ["unknown kid", { header: { kid: "2022-08-12" } }],
    ["missing kid", { header: { kid: null } }],
    ["wrong alg", { header: { alg: "HS256" } }],
    ["non-numeric exp", { exp: "tomorrow" }],
    ["string version", { version: "3" }],
  ])("jwt-level problem collapses to multiple issues: %s", async (_n, overrides) => {
    await expectNoStateChange(h, async () => {
      const res = await h.uploadLicense(overrides);
      expect(res.status).toBe(400);
      expect(res.text).toBe(MULTIPLE);
    });
  });

  it("malformed JWT and a bad signature are multiple issues", async () => {
    const { jwt } = await h.emu.control.mintLicense();
    const [hd, pl, sig] = jwt.split(".") as [string, string, string];
    const tamperedPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(pl, "base64url").toString()), account_id: "evil" }),
    ).toString("base64url");
    for (const bad of [
      "not-a-jwt",
      "a.b",
      `${hd}.${tamperedPayload}.${sig}`,
      `${hd}.${pl}.${sig.slice(0, -4)}AAAA`,
    ]) {
      const res = await h.post("/api/v2/licenses", { license: bad });
      expect(res.status).toBe(400);
      expect(res.text).toBe(MULTIPLE);
    }
  });

  it("deployment_ids must include this deployment", async () => {
    const ok = await h.uploadLicense({ deployment_ids: [h.seed.deploymentId] });
    expect(ok.status).toBe(201);
    const res = await h.uploadLicense({ deployment_ids: ["other-1", "other-2"] });
    expect(res.status).toBe(400);
    expect(res.text).toBe(
      coderBody(
        "License cannot be used on this deployment!",
        `The provided license is locked to the following deployments: ["other-1" "other-2"]. Your deployment identifier is "${h.seed.deploymentId}". Please contact sales.`,
      ),
    );
  });

  it("non-owners get 403 Forbidden", async () => {
    const { jwt } = await h.emu.control.mintLicense();
    const res = await h.post("/api/v2/licenses", { license: jwt }, { token: h.tokenOf("alice") });
    expect(res.status).toBe(403);
    expect(res.json.message).toBe("Forbidden.");
  });
});

describe("GET and DELETE /licenses", () => {
  it("GET with no licenses is null", async () => {
    const res = await h.get("/api/v2/licenses");
    expect(res.status).toBe(200);
    expect(res.text).toBe("null\n");
  });

  it("GET lists uploads in id order; non-owners see null", async () => {
    await h.uploadLicense();
    await h.uploadLicense();
    const res = await h.get("/api/v2/licenses");
    expect(res.json.map((l: { id: number }) => l.id)).toEqual([1, 2]);
    expect((await h.get("/api/v2/licenses", { token: h.tokenOf("bob") })).text).toBe("null\n");
  });

  it("DELETE returns 200 with an empty body; a second DELETE is 404 Unknown license ID", async () => {
    const up = await h.uploadLicense();
    const res = await h.del(`/api/v2/licenses/${up.json.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toBe("");
    expect(res.headers.get("content-type")).toBeNull();
    const again = await h.del(`/api/v2/licenses/${up.json.id}`);
    expect(again.status).toBe(404);
    expect(again.text).toBe(coderBody("Unknown license ID"));
  });

  it("non-integer id is 404 License ID must be an integer", async () => {
    for (const id of ["abc", "1.5", "99999999999"]) {
      const res = await h.del(`/api/v2/licenses/${id}`);
      expect(res.status).toBe(404);
      expect(res.text).toBe(coderBody("License ID must be an integer"));
    }
  });

  it("refresh-entitlements is 200 then rate limited with Retry-After", async () => {
    const first = await h.post("/api/v2/licenses/refresh-entitlements");
    expect(first.status).toBe(200);
    expect(first.text).toBe(coderBody("Entitlements updated"));
    const second = await h.post("/api/v2/licenses/refresh-entitlements");
    expect(second.status).toBe(400);
    expect(second.json.message).toMatch(
      /^Entitlements already recently refreshed, please wait \d+ seconds to force a new refresh$/,
    );
    expect(second.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});
