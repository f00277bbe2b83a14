import { describe, expect, it } from "vitest";
import { EmulatorControlError } from "../../emulator/index";
import { coderBody, useEmulator } from "./harness";

const h = useEmulator({ license: "all" });

describe("faults", () => {
  it("latency delays matching requests", async () => {
    await h.emu.control.addFault({ kind: "latency", ms: 150, path: "^/api/v2/users/me$", count: 1 });
    const t0 = Date.now();
    expect((await h.get("/api/v2/users/me")).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    const t1 = Date.now();
    await h.get("/api/v2/users/me");
    expect(Date.now() - t1).toBeLessThan(140);
  });

  it("429 with Retry-After and a codersdk body, for `count` requests", async () => {
    await h.emu.control.addFault({ kind: "status", status: 429, retryAfter: 7, count: 2, method: "GET" });
    for (let i = 0; i < 2; i++) {
      const res = await h.get("/api/v2/groups");
      expect(res.status).toBe(429);
      expect(res.headers.get("retry-after")).toBe("7");
      expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(typeof res.json.message).toBe("string");
    }
    expect((await h.get("/api/v2/groups")).status).toBe(200);
  });

  it("5xx with a custom message, filtered by method and path", async () => {
    await h.emu.control.addFault({
      kind: "status",
      status: 503,
      body: "down for maintenance",
      method: "POST",
      path: "/groups$",
    });
    expect((await h.get("/api/v2/organizations/coder/groups")).status).toBe(200);
    const res = await h.post("/api/v2/organizations/coder/groups", { name: "x" });
    expect(res.status).toBe(503);
    expect(res.text).toBe(coderBody("down for maintenance"));
    expect((await h.emu.control.state()).counts["groups"]).toBe(2); // the request never reached the handler
  });

  it("a body object is sent verbatim", async () => {
    await h.emu.control.addFault({
      kind: "status",
      status: 500,
      body: { message: "boom", detail: "<x>" },
      count: 1,
    });
    expect((await h.get("/api/v2/users/me")).text).toBe('{"message":"boom","detail":"\\u003cx\\u003e"}\n');
  });

  it("drop destroys the connection without an answer", async () => {
    await h.emu.control.addFault({ kind: "drop", count: 1 });
    await expect(h.get("/api/v2/users/me")).rejects.toThrow();
    expect((await h.get("/api/v2/users/me")).status).toBe(200);
  });

  it("probability 0 never fires; faults do not touch the control API", async () => {
    await h.emu.control.addFault({ kind: "status", status: 500, probability: 0 });
    await h.emu.control.addFault({ kind: "status", status: 502, path: "^/emulator" });
    expect((await h.get("/api/v2/users/me")).status).toBe(200);
    expect((await h.emu.control.seed()).owner.username).toBe("admin");
  });

  it("clearFaults removes all faults; reset clears them too", async () => {
    await h.emu.control.addFault({ kind: "status", status: 500 });
    await h.emu.control.clearFaults();
    expect((await h.get("/api/v2/users/me")).status).toBe(200);
    await h.emu.control.addFault({ kind: "status", status: 500 });
    await h.emu.control.reset();
    expect((await h.get("/api/v2/users/me")).status).toBe(200);
  });

  it("invalid fault specs are rejected", async () => {
    await expect(h.emu.control.addFault({ kind: "status" })).rejects.toBeInstanceOf(EmulatorControlError);
    await expect(h.emu.control.addFault({ kind: "latency", ms: 1, path: "(" })).rejects.toThrow(/400/);
  });
});

describe("request log", () => {
  it("records /api/v2 requests (method, path, query, status, duration, fault) but not control calls", async () => {
    await h.emu.control.clearRequests();
    await h.get("/api/v2/groups?organization=coder");
    await h.get("/api/v2/nope", { token: null });
    await h.emu.control.addFault({ kind: "status", status: 429, count: 1 });
    await h.get("/api/v2/users/me");
    const log = await h.emu.control.requests();
    expect(log.map((e) => [e.method, e.path, e.query, e.status, e.fault])).toEqual([
      ["GET", "/api/v2/groups", "organization=coder", 200, undefined],
      ["GET", "/api/v2/nope", "", 404, undefined],
      ["GET", "/api/v2/users/me", "", 429, "status"],
    ]);
    expect(log[1]!.seq).toBe(log[0]!.seq + 1);
    for (const e of log) expect(e.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("a request still in flight when the log is cleared is not logged afterwards", async () => {
    await h.emu.control.addFault({ kind: "latency", ms: 200, path: "buildinfo$", count: 1 });
    const slow = h.get("/api/v2/buildinfo");
    await new Promise((r) => setTimeout(r, 50));
    await h.emu.control.clearRequests();
    await h.get("/api/v2/users/me");
    await slow;
    const log = await h.emu.control.requests();
    expect(log.map((e) => e.path)).toEqual(["/api/v2/users/me"]);
  });

  it("a dropped request is logged with status 0", async () => {
    await h.emu.control.clearRequests();
    await h.emu.control.addFault({ kind: "drop", count: 1 });
    await h.get("/api/v2/users/me").catch(() => undefined);
    const log = await h.emu.control.requests();
    expect(log.map((e) => [e.status, e.fault])).toEqual([[0, "drop"]]);
  });
});

describe("seed, reset and fixtures", () => {
  it("seed has the documented fixtures", async () => {
    const seed = await h.emu.control.seed();
    expect(seed.owner).toEqual({ id: expect.any(String), username: "admin", token: h.emu.token });
    expect(seed.users.map((u) => u.username)).toEqual(["admin", "alice", "bob", "carol", "dave"]);
    expect(seed.organizations.map((o) => o.name)).toEqual(["coder", "research"]);
    expect(seed.defaultOrganizationId).toBe(seed.organizations[0]!.id);
    expect(seed.templates.map((t) => [t.name, t.organizationId])).toEqual([
      ["docker", seed.organizations[0]!.id],
      ["kubernetes", seed.organizations[0]!.id],
      ["notebook", seed.organizations[1]!.id],
    ]);
  });

  it("reset restores the seed with the same ids, and can switch the license mode", async () => {
    await h.post("/api/v2/organizations/coder/groups", { name: "temp" });
    const before = await h.emu.control.seed();
    await h.emu.control.reset({ license: "none" });
    expect(await h.emu.control.seed()).toEqual(before);
    const state = await h.emu.control.state();
    expect(state.counts["groups"]).toBe(2);
    expect(state.licenseMode).toBe("none");
    expect((await h.get("/api/v2/groups")).status).toBe(403);
  });

  it("addUser / addOrganization / addTemplate", async () => {
    const org = await h.emu.control.addOrganization({ name: "lab" });
    const user = await h.emu.control.addUser({ username: "erin", organizationIds: [org.id] });
    expect(user.token).toMatch(/^[A-Za-z0-9]{10}-[A-Za-z0-9]{22}$/);
    const me = await h.get("/api/v2/users/me", { token: user.token });
    expect(me.json).toMatchObject({
      username: "erin",
      email: "erin@example.com",
      organization_ids: [org.id],
    });
    const everyone = await h.get(`/api/v2/groups/${org.id}`);
    expect(everyone.json.members.map((m: { username: string }) => m.username)).toEqual(["admin", "erin"]);
    const t = await h.emu.control.addTemplate({ name: "lab-tpl", organizationId: org.id });
    expect((await h.get(`/api/v2/templates/${t.id}`, { token: user.token })).json.name).toBe("lab-tpl");
    await expect(h.emu.control.addUser({ username: "ERIN" })).rejects.toThrow(/409/);
  });

  it("minted licenses verify; state lists them", async () => {
    const { jwt } = await h.emu.control.mintLicense({ features: { scim: 1 } });
    expect(jwt.split(".")).toHaveLength(3);
    const header = JSON.parse(Buffer.from(jwt.split(".")[0]!, "base64url").toString());
    expect(header).toEqual({ alg: "EdDSA", typ: "JWT", kid: h.seed.licenseKeyId });
    expect((await h.post("/api/v2/licenses", { license: jwt })).status).toBe(201);
    const state = await h.emu.control.state();
    expect(state.licenses).toHaveLength(1);
  });

  it("unknown control routes are 404", async () => {
    const res = await fetch(`${h.emu.url}/emulator/v1/nope`);
    expect(res.status).toBe(404);
  });
});
