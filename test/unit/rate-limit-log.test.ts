// Progress lines for rate-limit waits: every 429 and every long wait at info; short paced waits are
// folded into at most one info line per path every 5 s, which says how many it stands for.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { RateLimitWaitEvent } from "../../provider/client";
import { logRateLimitWait } from "../../provider/dynamic/rate-limit-log";

const ev = (over: Partial<RateLimitWaitEvent>): RateLimitWaitEvent => ({
  method: "POST",
  path: "/api/v2/organizations/o/groups",
  waitMs: 120,
  reason: "paced",
  limit: 512,
  windowMs: 60_000,
  waitedMs: 0,
  ...over,
});

describe("rate-limit wait logging", () => {
  afterEach(() => vi.restoreAllMocks());

  it("logs 429s and long waits at once, folds short paced waits per path", () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((m: string) => void lines.push(m));
    const path = `/api/v2/organizations/${Math.random()}/groups`;
    const t = 1_000_000;
    logRateLimitWait(ev({ path, reason: "429", waitMs: 500 }), t);
    expect(lines.at(-1)).toMatch(
      /^info: .*Coder's API rate limit \(512 requests per 60 s per client IP and path\) answered 429 on POST .*: waiting 0\.5 s$/,
    );
    const n = lines.length;
    for (let i = 0; i < 20; i++) logRateLimitWait(ev({ path }), t + 100 + i * 100);
    // 2 s of short waits: folded, no new info line yet.
    expect(lines.filter((l) => l.startsWith("info:")).length).toBe(n);
    logRateLimitWait(ev({ path }), t + 6_000);
    expect(lines.at(-1)).toMatch(
      /is nearly used up .*waiting 0\.1 s \(and 20 shorter paced waits, 2\.4 s in all/,
    );
    logRateLimitWait(ev({ path, waitMs: 30_000 }), t + 6_100);
    expect(lines.at(-1)).toMatch(/waiting 30\.0 s$/);
  });
});
