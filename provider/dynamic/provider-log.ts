import * as pulumi from "@pulumi/pulumi";
import type { RequestEvent } from "../client";

/**
 * Where the provider reports what it does: `pulumi.log` (debug: every API call; info: waits before
 * retries; warn: e.g. a license in its grace period). Messages never contain secrets, headers or
 * request/response bodies. Resources and the runtime log only through here, so tests can observe
 * it.
 *
 * Known limit (pulumi/pulumi#6065): inside the dynamic-provider host `pulumi.log` is not connected
 * to the engine, so `pulumi up --debug` does not show these lines yet (checked with Pulumi 3.274);
 * without an engine, `pulumi.log.info`/`warn` write to the host's console instead, and debug lines
 * are dropped. Lookups run in the program process, where all levels reach the engine.
 */
export const providerLog = {
  debug(message: string): void {
    void pulumi.log.debug(message).catch(() => undefined);
  },
  info(message: string): void {
    void pulumi.log.info(message).catch(() => undefined);
  },
  warn(message: string): void {
    void pulumi.log.warn(message).catch(() => undefined);
  },
};

/** One line per HTTP attempt (debug), and each wait before a retry (info). */
export function logRequest(ev: RequestEvent): void {
  const outcome = ev.status !== undefined ? `HTTP ${ev.status}` : (ev.errorCode ?? "network error");
  providerLog.debug(
    `coderd: ${ev.method} ${ev.path} -> ${outcome} (attempt ${ev.attempt}, ${ev.durationMs} ms)`,
  );
  // Waits on a 429 are reported once, by rate-limit-log.ts (it names the limit and throttles).
  if (ev.willRetry && ev.status !== 429) {
    providerLog.info(
      `coderd: ${ev.method} ${ev.path}: ${outcome}, retrying in ${Math.round(ev.retryDelayMs ?? 0)} ms (attempt ${ev.attempt + 1} next)`,
    );
  }
}
