import type * as pulumi from "@pulumi/pulumi";
import { expect } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { CoderClient } from "../../provider/client";
import { resetRuntime } from "../../provider/dynamic/runtime";

/**
 * What provider contract tests run against: an emulator on loopback, the provider's credentials in
 * the env vars it reads at call time (as in the dynamic-provider host), and an owner client for
 * out-of-band changes and checks.
 */
export interface ProviderEnvironment {
  emu: RunningEmulator;
  api: CoderClient;
}

export async function startProviderEnvironment(
  license: "all" | "none",
  opts: { experiments?: string[] } = {},
): Promise<ProviderEnvironment> {
  const emu = await startEmulator({ license, experiments: opts.experiments });
  process.env.CODER_URL = emu.url;
  process.env.CODER_SESSION_TOKEN = emu.token;
  resetRuntime();
  return { emu, api: new CoderClient({ url: emu.url, token: emu.token }) };
}

export async function stopProviderEnvironment(env: Partial<ProviderEnvironment>): Promise<void> {
  resetRuntime();
  delete process.env.CODER_URL;
  delete process.env.CODER_SESSION_TOKEN;
  await env.api?.close();
  await env.emu?.close();
}

/** `check` as the engine calls it on creation, asserting it passes; returns the checked inputs. */
export async function checkedInputs(
  provider: pulumi.dynamic.ResourceProvider,
  news: Record<string, unknown>,
  olds: Record<string, unknown> = {},
): Promise<any> {
  const res = await provider.check!(olds, news);
  expect(res.failures ?? []).toEqual([]);
  return res.inputs!;
}
