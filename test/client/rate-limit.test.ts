// The client against the emulator's Coder rate limiter (real HTTP on loopback): a 429 means "later",
// requests are paced per path from X-Ratelimit-* so few 429s are sent, waits are reported, and an
// exhausted wait budget is a clear error naming the limit.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import {
  CoderClient,
  type CoderClientOptions,
  RateLimitedError,
  RateLimitPacer,
  type RateLimitWaitEvent,
} from "../../provider/client";

let emu: RunningEmulator;
let orgId: string;
const clients: CoderClient[] = [];

function mkClient(extra: Partial<CoderClientOptions> = {}): CoderClient {
  const c = new CoderClient({ url: emu.url, token: emu.token, ...extra });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  emu = await startEmulator({ license: "all", experiments: ["oauth2"] });
  orgId = (await emu.control.seed()).defaultOrganizationId;
});
afterAll(async () => {
  for (const c of clients) await c.close();
  await emu.close();
});
beforeEach(async () => {
  await emu.control.reset();
  await emu.control.clearRequests();
});

const groupsPath = () => `/api/v2/organizations/${orgId}/groups`;

describe("client against Coder's rate limiter", () => {
  it("60 concurrent creates on one path under 20 per 2 s: all succeed, paced, with few 429s", async () => {
    await emu.control.setRateLimit({ limit: 20, windowMs: 2_000 });
    const waits: RateLimitWaitEvent[] = [];
    const c = mkClient({ onRateLimitWait: (e) => waits.push(e) });
    const t0 = Date.now();
    const groups = await Promise.all(
      Array.from({ length: 60 }, (_, i) => c.createGroup(orgId, { name: `paced-${i}` })),
    );
    const elapsed = Date.now() - t0;
    expect(new Set(groups.map((g) => g.id)).size).toBe(60);
    const log = (await emu.control.requests()).filter((r) => r.path === groupsPath());
    const limited = log.filter((r) => r.rateLimited).length;
    expect(log.filter((r) => r.status === 201)).toHaveLength(60);
    // Without pacing, the 40 over the first window's 20 would each collect 429s (the emulator
    // answers in microseconds). Paced, only the first burst (before the client knows the limit)
    // and clock-edge effects can collide.
    expect(limited, `429s: ${limited}`).toBeLessThanOrEqual(10);
    expect(c.rateLimitStats.rateLimited).toBe(limited);
    // The floor: 20 fit at once, then the sliding window admits about 10 per second.
    expect(elapsed).toBeGreaterThanOrEqual(2_000);
    expect(elapsed).toBeLessThan(15_000);
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.every((w) => w.path === groupsPath() && w.method === "POST")).toBe(true);
    expect(waits.some((w) => w.limit === 20 && w.windowMs === 2_000)).toBe(true);
    console.log(`60 creates at 20/2s: ${elapsed} ms, ${limited} 429s, ${waits.length} waits`);
  });

  it("a 429 is waited out (POST too) and never surfaces while the budget lasts", async () => {
    await emu.control.setRateLimit({ limit: 3, windowMs: 2_000 });
    const waits: RateLimitWaitEvent[] = [];
    // A client that has never seen the limit sends blindly: its 4th and 5th requests meet 429s.
    const c = mkClient({ onRateLimitWait: (e) => waits.push(e) });
    const apps = [];
    for (let i = 0; i < 6; i++)
      apps.push(await c.createOAuth2App({ name: `a${i}`, callbackUrl: "https://x.example.com" }));
    expect(apps).toHaveLength(6);
    const posts = (await emu.control.requests()).filter((r) => r.method === "POST");
    expect(posts.filter((r) => r.status === 201)).toHaveLength(6);
    expect(waits.length).toBeGreaterThan(0);
    expect(posts.filter((r) => r.status === 429).length).toBeLessThanOrEqual(3);
  });

  it("other paths are not held back by one exhausted path", async () => {
    await emu.control.setRateLimit({ limit: 2, windowMs: 60_000 });
    const c = mkClient({ retry: { rateLimitWaitMs: 60_000 } });
    await c.getBuildInfo();
    await c.getBuildInfo();
    const t0 = Date.now();
    await c.getMe();
    await c.getMe();
    expect(Date.now() - t0).toBeLessThan(1_000);
  });

  it("budget exhausted: RateLimitedError naming Coder's limit and what to do, without waiting longer", async () => {
    await emu.control.setRateLimit({ limit: 1, windowMs: 60_000 });
    const c = mkClient({ retry: { rateLimitWaitMs: 1_000 } });
    await c.getBuildInfo();
    const t0 = Date.now();
    const err = await c.getBuildInfo().catch((e) => e);
    expect(Date.now() - t0).toBeLessThan(1_500);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.status).toBe(429);
    expect(err.message).toContain("Coder's API rate limit (1 requests per 60 s per client IP and path)");
    expect(err.message).toContain("coderd:rateLimitWait");
    expect(err.message).toContain("--api-rate-limit");
  });

  it("concurrent calls over the budget all fail promptly (none is left waiting on another's answer)", async () => {
    await emu.control.setRateLimit({ limit: 2, windowMs: 60_000 });
    const c = mkClient({ retry: { rateLimitWaitMs: 300 } });
    await c.getBuildInfo();
    await c.getBuildInfo();
    const t0 = Date.now();
    const results = await Promise.all(
      [c.getBuildInfo(), c.getBuildInfo(), c.getBuildInfo()].map((p) => p.catch((e) => e)),
    );
    expect(results.every((e) => e instanceof RateLimitedError)).toBe(true);
    expect(Date.now() - t0).toBeLessThan(3_000);
  });

  it("budget exhausted on a 429 keeps Coder's message", async () => {
    await emu.control.setRateLimit({ limit: 1, windowMs: 60_000 });
    await mkClient().getBuildInfo(); // another client used the bucket: this one learns from the 429
    const c = mkClient({ retry: { rateLimitWaitMs: 1_000 } });
    const err = await c.getBuildInfo().catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.message).toContain("You've been rate limited for sending more than 1 requests in 1m0s.");
    expect(err.message).toContain("Coder's API rate limit (1 requests per 60 s");
  });
});

describe("RateLimitPacer (model of the sliding window)", () => {
  const answer = (
    limit: number,
    remaining: number,
    resetSec: number,
    extra: Record<string, string> = {},
  ) => ({
    "x-ratelimit-limit": String(limit),
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-reset": String(resetSec),
    ...extra,
  });

  it("sends at once while the server says there is room; then waits for the next window", () => {
    const p = new RateLimitPacer();
    const t = 1_000_040_000; // local = server clock, 20 s into a minute
    expect(p.reserveKnown("/a", t).delayMs).toBe(0);
    // The server's Date header pins its clock (to the second); the window bounds alone would not.
    p.observe("/a", 0, 200, answer(3, 2, 1_000_080, { date: new Date(t).toUTCString() }), t, t + 1);
    expect(p.reserveKnown("/a", t + 2).delayMs).toBe(0);
    expect(p.reserveKnown("/a", t + 2).delayMs).toBe(0);
    // 3 sent in this window and nothing before: the next one waits for the window to end.
    const d = p.reserveKnown("/a", t + 3).delayMs;
    expect(d).toBeGreaterThan(39_000);
    expect(d).toBeLessThan(41_500);
    // Another path is not affected.
    expect(p.reserveKnown("/b", t + 3).delayMs).toBe(0);
  });

  it("in a window after a full one, spaces requests at about window / limit", () => {
    const p = new RateLimitPacer();
    p.windowMs = 1_000;
    p.windowConfirmed = true;
    const base = 2_000_000_000; // window start (server = local)
    p.observe("/a", 0, 200, answer(10, 9, (base + 1000) / 1000), base, base);
    for (let i = 0; i < 9; i++) p.reserveKnown("/a", base + 1);
    // The next window: 10 weigh 10 × (1 − e), so one slot opens about every 100 ms.
    const d1 = p.reserveKnown("/a", base + 1000).delayMs;
    const d2 = p.reserveKnown("/a", base + 1000).delayMs;
    const d3 = p.reserveKnown("/a", base + 1000).delayMs;
    expect(d1).toBeLessThanOrEqual(60);
    expect(d2 - d1).toBeGreaterThanOrEqual(80);
    expect(d2 - d1).toBeLessThanOrEqual(120);
    expect(d3 - d2).toBeGreaterThanOrEqual(80);
  });

  it("learns the window from a 429's Retry-After", () => {
    const p = new RateLimitPacer();
    p.observe("/a", 0, 429, answer(5, 0, 2_000_000_002, { "retry-after": "2" }), 0, 0);
    expect(p.windowMs).toBe(2_000);
    expect(p.limitOf("/a")).toBe(5);
  });
});
