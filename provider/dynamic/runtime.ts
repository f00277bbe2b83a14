import type * as pulumi from "@pulumi/pulumi";
import { CoderClient, type ProviderConfig, resolveProviderConfig } from "../client";
import { logRequest } from "./provider-log";

/**
 * Per-process state of the dynamic-provider host: the stack config handed to `configure`, and one
 * Coder client per distinct (url, token, headers). Credentials are read here at call time, from
 * the config the engine sent or from the environment, and never captured in a closure, so they
 * never reach `__provider` or state.
 */
let stackConfig: pulumi.dynamic.Config | undefined;
let cached: { key: string; client: CoderClient; config: ProviderConfig } | undefined;

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

export function currentProviderConfig(): ProviderConfig {
  return resolveProviderConfig(readConfig, process.env);
}

/** The client for the current config; reused across calls so its keep-alive agent is shared. */
export function currentClient(): { client: CoderClient; config: ProviderConfig } {
  const config = currentProviderConfig();
  const key = JSON.stringify([config.url, config.token, config.headers, config.organization]);
  if (!cached || cached.key !== key) {
    // Every API call is logged (method, path, status, attempt, ms; never headers or bodies).
    cached = { key, client: new CoderClient({ ...config, onRequest: logRequest }), config };
  }
  return { client: cached.client, config: cached.config };
}

/** For tests: forget the cached client (e.g. after the emulator restarted). */
export function resetRuntime(): void {
  cached = undefined;
  stackConfig = undefined;
}
