import { appendFileSync } from "node:fs";
import type * as pulumi from "@pulumi/pulumi";
import { CoderClient, type ProviderConfig, resolveProviderConfig } from "../client";
import { logRequest } from "./provider-log";
import { logRateLimitWait } from "./rate-limit-log";
import { ReadSnapshots } from "./read-snapshots";

/**
 * Per-process state of the dynamic-provider host: the stack config handed to `configure`, and one
 * Coder client per distinct (url, token, headers). Credentials are read here at call time, from
 * the config the engine sent or from the environment, and never captured in a closure, so they
 * never reach `__provider` or state.
 */
let stackConfig: pulumi.dynamic.Config | undefined;
let cached: { key: string; client: CoderClient; config: ProviderConfig; reads: ReadSnapshots } | undefined;

/** Called from every resource's `configure`. Synchronous on purpose: see `makeProviderShim`. */
export function setStackConfig(config: pulumi.dynamic.Config | undefined): void {
  stackConfig = config;
}

/** Reads a `coderd:*` key from stack config; `undefined` when the key or config is absent. */
function readConfig(key: string): string | undefined {
  try {
    return stackConfig?.get(key);
  } catch {
    return undefined;
  }
}

/** Environment variables `resolveProviderConfig` falls back to. */
const CONFIG_ENV_VARS = [
  "CODER_URL",
  "CODER_SESSION_TOKEN",
  "CODER_ORGANIZATION",
  "CODER_HEADER",
  "CODER_RATE_LIMIT_WAIT",
] as const;

let resolved:
  | { config: pulumi.dynamic.Config | undefined; env: Array<string | undefined>; value: ProviderConfig }
  | undefined;

/** Whether the fallback env vars still have the values `env` saw (compared one by one: cheap). */
function sameEnv(env: Array<string | undefined>): boolean {
  for (let i = 0; i < CONFIG_ENV_VARS.length; i++)
    if (process.env[CONFIG_ENV_VARS[i]!] !== env[i]) return false;
  return true;
}

/**
 * The provider config of this call. Every provider call asks for it (a refresh of 1000 groups asks
 * 1000 times), so the result is kept while the stack config object and the environment variables
 * it falls back to are the same; a configuration error is not cached, so it is raised every time.
 */
export function currentProviderConfig(): ProviderConfig {
  if (resolved && resolved.config === stackConfig && sameEnv(resolved.env)) return resolved.value;
  const env = CONFIG_ENV_VARS.map((k) => process.env[k]);
  const value = resolveProviderConfig(readConfig, process.env);
  resolved = { config: stackConfig, env, value };
  return value;
}

/** The client for the current config; reused across calls so its keep-alive agent is shared. */
export function currentClient(): { client: CoderClient; config: ProviderConfig; reads: ReadSnapshots } {
  const config = currentProviderConfig();
  // Same resolved config object: same client, without serializing the config on every call.
  if (cached?.config === config) return { client: cached.client, config, reads: cached.reads };
  const key = JSON.stringify([
    config.url,
    config.token,
    config.headers,
    config.organization,
    config.rateLimitWaitMs,
  ]);
  if (!cached || cached.key !== key) {
    // The process's batched reads (see read-snapshots.ts); every write the client sends drops
    // the snapshots it touched.
    const reads = new ReadSnapshots();
    const client = new CoderClient({
      ...config,
      retry: config.rateLimitWaitMs !== undefined ? { rateLimitWaitMs: config.rateLimitWaitMs } : undefined,
      onRateLimitWait: logRateLimitWait,
      onRequest: (ev) => {
        // Every API call is logged (method, path, status, attempt, ms; never headers or bodies).
        logRequest(ev);
        reads.noteRequest(ev.method, ev.path);
        if (!firstRequestRecorded) {
          firstRequestRecorded = true;
          recordTiming({ event: "first-request", durationMs: ev.durationMs });
        }
      },
    });
    cached = { key, client, config, reads };
  }
  cached.config = config;
  return { client: cached.client, config, reads: cached.reads };
}

let firstRequestRecorded = false;

/**
 * Start-up timings of this provider process, for the benchmark: when the env var
 * PULUMI_CODERD_TIMINGS names a file, one JSON line per event is appended to it, with the process
 * id and `atMs`, the time since the process started (so `first-request` is the host's time to its
 * first API call, measured when that call completed). Nothing is recorded otherwise.
 */
export function recordTiming(event: Record<string, unknown>): void {
  const file = process.env.PULUMI_CODERD_TIMINGS;
  if (!file) return;
  try {
    appendFileSync(
      file,
      `${JSON.stringify({ pid: process.pid, atMs: Math.round(performance.now()), ...event })}\n`,
    );
  } catch {
    // Timing is best effort: never fail a provider call for it.
  }
}

/** For tests: forget the cached client (e.g. after the emulator restarted). */
export function resetRuntime(): void {
  cached = undefined;
  resolved = undefined;
  stackConfig = undefined;
}
