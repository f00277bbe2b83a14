// Coder's API rate limiter (coderd/httpmw/ratelimit.go on go-chi/httprate), as mounted first on
// /api/v2: before authentication, so the key is the client IP + the exact request path (no query),
// and the owner's `X-Coder-Bypass-Ratelimit` header has no effect here (it only matters for the
// limiters mounted after auth, which the emulator does not model). Sliding window over fixed
// windows aligned to the epoch: rate = previous window's count weighted by the part of the window
// still to come + the current count; a request is rejected when rate + 1 > limit, and a rejected
// request is not counted. Every answer carries X-Ratelimit-Limit/-Remaining/-Reset; a rejected one
// gets 429, Retry-After = the window in seconds, and Coder's message.

/** Coder's default `--api-rate-limit`: 512 requests per minute. */
export const CODER_DEFAULT_RATE_LIMIT = 512;
export const CODER_RATE_LIMIT_WINDOW_MS = 60_000;

export interface RateLimitConfig {
  /** Requests per window per (client IP, path); 0 or negative = no limiter (like coderd). */
  limit: number;
  /** Window length in ms (Coder: always one minute; shorter windows are a test extension). */
  windowMs: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  headers: Record<string, string>;
  /** The 429 body message, when not allowed. */
  message?: string;
}

interface Counter {
  /** Start (ms since epoch) of the window `curr` counts. */
  windowStart: number;
  curr: number;
  prev: number;
}

/** Go's time.Duration.String() for whole milliseconds, e.g. 1m0s, 2s, 1.5s, 500ms. */
export function goDuration(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const sec = `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, "")}s`;
  if (h > 0) return `${h}h${m}m${sec}`;
  if (m > 0) return `${m}m${sec}`;
  return sec;
}

export class RateLimiter {
  private counters = new Map<string, Counter>();

  constructor(private config: RateLimitConfig) {}

  get settings(): RateLimitConfig {
    return { ...this.config };
  }

  get enabled(): boolean {
    return this.config.limit > 0;
  }

  /** Changes the limit/window; the counters start over (like a coderd restart with a new flag). */
  configure(config: RateLimitConfig): void {
    this.config = { ...config };
    this.counters.clear();
  }

  /** Forgets every count (emulator reset). */
  clearCounters(): void {
    this.counters.clear();
  }

  /** Decides one request and counts it when allowed. `now` in ms since epoch. */
  check(clientIp: string, path: string, now: number = Date.now()): RateLimitDecision {
    const { limit, windowMs } = this.config;
    const windowStart = now - (now % windowMs);
    const key = `${clientIp}:${path}:`;
    let c = this.counters.get(key);
    if (!c) {
      c = { windowStart, curr: 0, prev: 0 };
      this.counters.set(key, c);
    } else if (c.windowStart !== windowStart) {
      // The window moved on: the old current count becomes the previous one if it was the window
      // just before, otherwise both are stale.
      c.prev = c.windowStart === windowStart - windowMs ? c.curr : 0;
      c.curr = 0;
      c.windowStart = windowStart;
    }
    const elapsed = now - windowStart;
    const rate = Math.round((c.prev * (windowMs - elapsed)) / windowMs) + c.curr;
    const headers: Record<string, string> = {
      "X-Ratelimit-Limit": String(limit),
      "X-Ratelimit-Reset": String(Math.floor((windowStart + windowMs) / 1000)),
    };
    if (rate + 1 > limit) {
      headers["X-Ratelimit-Remaining"] = String(limit - rate);
      headers["Retry-After"] = String(Math.floor(windowMs / 1000));
      return {
        allowed: false,
        headers,
        message: `You've been rate limited for sending more than ${limit} requests in ${goDuration(windowMs)}.`,
      };
    }
    c.curr++;
    headers["X-Ratelimit-Remaining"] = String(limit - rate - 1);
    return { allowed: true, headers };
  }
}
