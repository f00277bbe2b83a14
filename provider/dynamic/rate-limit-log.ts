import type { RateLimitWaitEvent } from "../client";
import { providerLog } from "./provider-log";

// Progress for waits on Coder's rate limit. Inside the dynamic-provider host pulumi.log has no
// engine connection; it falls back to console.log, which the engine shows for this plugin. A large
// `up` can wait hundreds of times on one path, so info lines are throttled per path: one every
// few seconds, saying how many waits it stands for; every wait is still logged at debug.

const INFO_EVERY_MS = 5_000;
const lastInfo = new Map<string, { at: number; suppressed: number; suppressedMs: number }>();

function describe(ev: RateLimitWaitEvent): string {
  const limit =
    ev.limit !== undefined
      ? `Coder's API rate limit (${ev.limit} requests per ${Math.round(ev.windowMs / 1000)} s per client IP and path)`
      : "a rate limit";
  const why = ev.reason === "429" ? "answered 429" : "is nearly used up";
  return `${limit} ${why} on ${ev.method} ${ev.path}: waiting ${(ev.waitMs / 1000).toFixed(1)} s`;
}

export function logRateLimitWait(ev: RateLimitWaitEvent, now: number = Date.now()): void {
  const msg = describe(ev);
  providerLog.debug(msg);
  if (ev.reason !== "429" && ev.waitMs < 1000) {
    const s = lastInfo.get(ev.path);
    if (!s) {
      lastInfo.set(ev.path, { at: now, suppressed: 1, suppressedMs: ev.waitMs });
      return;
    }
    if (now - s.at < INFO_EVERY_MS) {
      s.suppressed++;
      s.suppressedMs += ev.waitMs;
      return;
    }
  }
  const s = lastInfo.get(ev.path);
  const pacing =
    s && s.suppressed > 0
      ? ` (and ${s.suppressed} shorter paced waits, ${(s.suppressedMs / 1000).toFixed(1)} s in all, since the last message)`
      : "";
  lastInfo.set(ev.path, { at: now, suppressed: 0, suppressedMs: 0 });
  providerLog.info(msg + pacing);
}
