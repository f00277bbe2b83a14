// Coder's API rate limiter (coderd/httpmw/ratelimit.go + go-chi/httprate, semantics-next §8):
// first middleware of /api/v2, keyed by client IP + exact path, sliding window, X-Ratelimit-*
// headers on every answer, 429 + Retry-After (the window) + Coder's message, bypass header ignored.
// Also the `after` fault phase: the handler commits, then the answer is lost.
import { describe, expect, it } from "vitest";
import { parseArgs } from "../../emulator/cli";
import { goDuration, RateLimiter } from "../../emulator/ratelimit";
import { coderBody, useEmulator } from "./harness";

const h = useEmulator({ license: "all" });
const orgGroups = () => `/api/v2/organizations/${h.orgId("coder")}/groups`;

describe("rate limiter: defaults", () => {
  it("is on at Coder's default, 512 per minute, with the headers on every /api/v2 answer", async () => {
    expect(await h.emu.control.rateLimit()).toEqual({ limit: 512, windowMs: 60_000 });
    const before = Math.floor(Date.now() / 60_000) * 60 + 60;
    const res = await h.get("/api/v2/users/me");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-ratelimit-limit")).toBe("512");
    expect(res.headers.get("x-ratelimit-remaining")).toBe("511");
    // The end of the current fixed minute, in unix seconds (a boundary may pass during the call).
    expect([before, before + 60]).toContain(Number(res.headers.get("x-ratelimit-reset")));
    // Counted before authentication: a request without a token is counted on its path too.
    const anon = await h.get("/api/v2/users/me", { token: null });
    expect(anon.status).toBe(401);
    expect(anon.headers.get("x-ratelimit-remaining")).toBe("510");
  });

  it("does not apply to the control API", async () => {
    const res = await fetch(`${h.emu.url}/emulator/v1/seed`);
    expect(res.headers.get("x-ratelimit-limit")).toBeNull();
  });
});

describe("rate limiter: limit, message, keys", () => {
  it("answers 429 with Retry-After = the window, Remaining 0 and Coder's exact message; the limited request is not applied", async () => {
    await h.emu.control.setRateLimit({ limit: 5, windowMs: 60_000 });
    const remaining: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await h.post(orgGroups(), { name: `g${i}` });
      expect(res.status).toBe(201);
      remaining.push(res.headers.get("x-ratelimit-remaining")!);
    }
    expect(remaining).toEqual(["4", "3", "2", "1", "0"]);
    const limited = await h.post(orgGroups(), { name: "g5" });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("60");
    expect(limited.headers.get("x-ratelimit-limit")).toBe("5");
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(limited.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(limited.text).toBe(
      coderBody("You've been rate limited for sending more than 5 requests in 1m0s."),
    );
    const s: any = await h.emu.control.state();
    expect(s.groups.map((g: any) => g.name)).not.toContain("g5");
    const log = await h.emu.control.requests();
    expect(log.at(-1)).toMatchObject({ method: "POST", status: 429, rateLimited: true });
    expect(log.filter((r) => r.rateLimited)).toHaveLength(1);
  });

  it("keys on the exact path (not the query, not the method); other paths have their own budget", async () => {
    await h.emu.control.setRateLimit({ limit: 2, windowMs: 60_000 });
    expect((await h.get("/api/v2/users/me")).status).toBe(200);
    // Same path with a query string and another method: the same bucket.
    expect((await h.call("GET", "/api/v2/users/me?x=1")).status).toBe(200);
    expect((await h.call("DELETE", "/api/v2/users/me")).status).toBe(429);
    // Another path, and the same resource by another spelling, are other buckets.
    const other = await h.get("/api/v2/buildinfo");
    expect(other.status).toBe(200);
    expect(other.headers.get("x-ratelimit-remaining")).toBe("1");
    expect((await h.get(`/api/v2/users/${h.seed.owner.id}`)).status).toBe(200);
  });

  it("ignores X-Coder-Bypass-Ratelimit, even from an owner (the global limiter runs before auth)", async () => {
    await h.emu.control.setRateLimit({ limit: 1, windowMs: 60_000 });
    const bypass = { headers: { "X-Coder-Bypass-Ratelimit": "true" } };
    expect((await h.get("/api/v2/buildinfo", bypass)).status).toBe(200);
    const res = await h.get("/api/v2/buildinfo", bypass);
    expect(res.status).toBe(429);
  });

  it("short windows (test extension): the message names the window, and it passes", async () => {
    await h.emu.control.setRateLimit({ limit: 1, windowMs: 2_000 });
    expect((await h.get("/api/v2/buildinfo")).status).toBe(200);
    const limited = await h.get("/api/v2/buildinfo");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect(limited.json.message).toBe("You've been rate limited for sending more than 1 requests in 2s.");
    // Two windows later the previous count no longer weighs.
    await new Promise((r) => setTimeout(r, 4_100));
    expect((await h.get("/api/v2/buildinfo")).status).toBe(200);
  });

  it("off (limit 0): no headers and no 429; reset keeps the setting and clears the counts", async () => {
    await h.emu.control.setRateLimit({ limit: 0 });
    for (let i = 0; i < 20; i++) {
      const res = await h.get("/api/v2/buildinfo");
      expect(res.status).toBe(200);
      expect(res.headers.get("x-ratelimit-limit")).toBeNull();
    }
    await h.emu.control.setRateLimit({ limit: 1, windowMs: 60_000 });
    expect((await h.get("/api/v2/buildinfo")).status).toBe(200);
    expect((await h.get("/api/v2/buildinfo")).status).toBe(429);
    await h.emu.control.reset();
    expect(await h.emu.control.rateLimit()).toEqual({ limit: 1, windowMs: 60_000 });
    expect((await h.get("/api/v2/buildinfo")).status).toBe(200);
    await h.emu.control.setRateLimit({ limit: 512, windowMs: 60_000 });
  });

  it("control API rejects bad settings", async () => {
    await expect(h.emu.control.setRateLimit({ limit: 1.5 })).rejects.toThrow(/limit must be a whole number/);
    await expect(h.emu.control.setRateLimit({ limit: 5, windowMs: 10 })).rejects.toThrow(/windowMs/);
  });
});

describe("rate limiter: sliding window arithmetic (httprate)", () => {
  it("weights the previous window's count by the part of the window still to come", () => {
    const rl = new RateLimiter({ limit: 10, windowMs: 1000 });
    const t0 = 1_000_000; // a window start
    for (let i = 0; i < 10; i++) expect(rl.check("ip", "/p", t0 + i).allowed).toBe(true);
    const full = rl.check("ip", "/p", t0 + 500);
    expect(full.allowed).toBe(false);
    expect(full.headers["X-Ratelimit-Remaining"]).toBe("0");
    // Next window, 30% in: previous 10 weigh round(10 × 0.7) = 7, so 3 more fit.
    const allowed = [0, 1, 2, 3].map((i) => rl.check("ip", "/p", t0 + 1300 + i).allowed);
    expect(allowed).toEqual([true, true, true, false]);
    // 90% in: 10 × 0.1 = 1 plus the 3 of this window: 6 more fit.
    const later = Array.from({ length: 7 }, (_, i) => rl.check("ip", "/p", t0 + 1900 + i).allowed);
    expect(later).toEqual([true, true, true, true, true, true, false]);
    expect(rl.check("ip", "/p", t0 + 1950).headers["X-Ratelimit-Reset"]).toBe(String((t0 + 2000) / 1000));
    // Two windows later nothing weighs; another client IP never shared the bucket.
    expect(rl.check("ip", "/p", t0 + 3000).headers["X-Ratelimit-Remaining"]).toBe("9");
    expect(rl.check("other-ip", "/p", t0 + 1950).headers["X-Ratelimit-Remaining"]).toBe("9");
  });

  it("formats windows like Go's time.Duration", () => {
    expect(goDuration(60_000)).toBe("1m0s");
    expect(goDuration(2_000)).toBe("2s");
    expect(goDuration(90_000)).toBe("1m30s");
    expect(goDuration(1_500)).toBe("1.5s");
    expect(goDuration(3_600_000)).toBe("1h0m0s");
  });

  it("--rate-limit on the CLI", () => {
    expect(parseArgs(["--rate-limit", "20"]).rateLimit).toBe(20);
    expect(parseArgs(["--rate-limit=0"]).rateLimit).toBe(0);
    expect(parseArgs([]).rateLimit).toBeUndefined();
  });
});

describe("fault phases", () => {
  it("an `after` 502 on a create: the group is committed, the answer is the proxy's 502", async () => {
    await h.emu.control.setRateLimit({ limit: 512, windowMs: 60_000 });
    await h.emu.control.addFault({
      method: "POST",
      path: "/groups$",
      kind: "status",
      status: 502,
      phase: "after",
      count: 1,
    });
    const res = await h.post(orgGroups(), { name: "committed" });
    expect(res.status).toBe(502);
    expect(res.json.message).toBe("An internal server error occurred.");
    const s: any = await h.emu.control.state();
    expect(s.groups.map((g: any) => g.name)).toContain("committed");
    expect((await h.post(orgGroups(), { name: "committed" })).status).toBe(409);
    const log = await h.emu.control.requests();
    expect(log.at(-2)).toMatchObject({ status: 502, fault: "after-status" });
  });

  it("an `after` drop: committed, and the connection closes without an answer", async () => {
    await h.emu.control.addFault({
      method: "POST",
      path: "/groups$",
      kind: "drop",
      phase: "after",
      count: 1,
    });
    await expect(h.post(orgGroups(), { name: "dropped" })).rejects.toThrow();
    const s: any = await h.emu.control.state();
    expect(s.groups.map((g: any) => g.name)).toContain("dropped");
    expect((await h.emu.control.requests()).at(-1)).toMatchObject({ status: 0, fault: "after-drop" });
  });

  it("a `before` fault: nothing applied, and the rate limiter does not count it", async () => {
    await h.emu.control.setRateLimit({ limit: 1, windowMs: 60_000 });
    await h.emu.control.addFault({ method: "POST", path: "/groups$", kind: "status", status: 503, count: 2 });
    expect((await h.post(orgGroups(), { name: "never" })).status).toBe(503);
    expect((await h.post(orgGroups(), { name: "never" })).status).toBe(503);
    const s: any = await h.emu.control.state();
    expect(s.groups.map((g: any) => g.name)).not.toContain("never");
    const res = await h.post(orgGroups(), { name: "now" });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-ratelimit-remaining")).toBe("0");
    await h.emu.control.setRateLimit({ limit: 512, windowMs: 60_000 });
  });

  it("rejects an unknown phase", async () => {
    await expect(h.emu.control.addFault({ kind: "drop", phase: "during" as "after" })).rejects.toThrow(
      /phase must be/,
    );
  });
});
