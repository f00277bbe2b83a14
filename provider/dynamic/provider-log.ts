import * as pulumi from "@pulumi/pulumi";
import type { RequestEvent } from "../client";

/**
 * Where the provider reports what it does: `pulumi.log`, so `pulumi up --debug` (or
 * `-v=9 --logtostderr`) shows debug lines and every run shows warnings. Messages never contain
 * secrets, headers or request/response bodies. Resources and the runtime log only through here,
 * so tests can observe it.
 */
export const providerLog = {
  debug(message: string): void {
    connectToEngine();
    void pulumi.log.debug(message).catch(() => undefined);
  },
  info(message: string): void {
    connectToEngine();
    void pulumi.log.info(message).catch(() => undefined);
  },
  warn(message: string): void {
    connectToEngine();
    void pulumi.log.warn(message).catch(() => undefined);
  },
};

/** One line per HTTP attempt (debug), and each wait before a retry (info). */
export function logRequest(ev: RequestEvent): void {
  const outcome = ev.status !== undefined ? `HTTP ${ev.status}` : (ev.errorCode ?? "network error");
  providerLog.debug(
    `coderd: ${ev.method} ${ev.path} -> ${outcome} (attempt ${ev.attempt}, ${ev.durationMs} ms)`,
  );
  if (ev.willRetry) {
    const why = ev.status === 429 ? "rate limited" : `${outcome}`;
    providerLog.info(
      `coderd: ${ev.method} ${ev.path}: ${why}, retrying in ${Math.round(ev.retryDelayMs ?? 0)} ms (attempt ${ev.attempt + 1} next)`,
    );
  }
}

let connectAttempted = false;

/**
 * `pulumi.log` in the dynamic-provider host is not connected to the engine (pulumi/pulumi#6065):
 * the host gets the engine's address as its first argument but does not hand it to the runtime
 * settings, so log calls go nowhere. This hands it over once, in that host only.
 */
function connectToEngine(): void {
  if (connectAttempted) return;
  connectAttempted = true;
  try {
    if (pulumi.runtime.getEngine() !== undefined) return;
    const [, script, address] = process.argv;
    if (!/dynamic-provider/.test(script ?? "") || !/^[\w.[\]-]+:\d+$/.test(address ?? "")) return;
    pulumi.runtime.resetOptions(
      pulumi.runtime.getProject(),
      pulumi.runtime.getStack(),
      -1,
      address!,
      "",
      pulumi.runtime.isDryRun(),
      pulumi.runtime.getOrganization(),
    );
  } catch {
    // Logging is best effort: never let it break a provider call.
  }
}
