// Shared harness for the emulator conformance tests: one emulator per test file, real HTTP on
// loopback, and a tiny client that returns status, headers and the exact body text.

import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import {
  type EmulatorOptions,
  type EmulatorSeed,
  type RunningEmulator,
  startEmulator,
} from "../../emulator/index";

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed body (undefined when empty). */
  json: any;
}

export interface CallOptions {
  body?: unknown;
  /** Raw body text, sent as-is (for malformed JSON tests). */
  raw?: string;
  /** Session token; default the owner's. `null` sends none. */
  token?: string | null;
  headers?: Record<string, string>;
}

export interface Harness {
  emu: RunningEmulator;
  seed: EmulatorSeed;
  call(method: string, path: string, opts?: CallOptions): Promise<ApiResponse>;
  get(path: string, opts?: CallOptions): Promise<ApiResponse>;
  post(path: string, body?: unknown, opts?: CallOptions): Promise<ApiResponse>;
  patch(path: string, body?: unknown, opts?: CallOptions): Promise<ApiResponse>;
  put(path: string, body?: unknown, opts?: CallOptions): Promise<ApiResponse>;
  del(path: string, opts?: CallOptions): Promise<ApiResponse>;
  /** Token of a seeded user by username. */
  tokenOf(username: string): string;
  userId(username: string): string;
  orgId(name: string): string;
  templateId(name: string): string;
  /** Uploads a freshly minted license (optionally with claim overrides) and returns the response. */
  uploadLicense(overrides?: Record<string, unknown>): Promise<ApiResponse>;
}

/** The exact wire form of a codersdk.Response, as coderd writes it. */
export function coderBody(
  message: string,
  detail?: string,
  validations?: { field: string; detail: string }[],
): string {
  const body: Record<string, unknown> = { message };
  if (detail) body["detail"] = detail;
  if (validations) body["validations"] = validations;
  return (
    JSON.stringify(body).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026") + "\n"
  );
}

export const NOT_FOUND = coderBody("Resource not found or you do not have access to this resource");

/**
 * Starts an emulator for the current test file. `resetEach` (default true) restores the seed state
 * (keeping `opts.license`) before every test so tests stay independent.
 */
export function useEmulator(opts: EmulatorOptions = {}, resetEach = true): Harness {
  const h = {} as Harness;
  beforeAll(async () => {
    const emu = await startEmulator(opts);
    h.emu = emu;
    h.seed = await emu.control.seed();
  });
  afterAll(async () => {
    await h.emu?.close();
  });
  if (resetEach) {
    beforeEach(async () => {
      await h.emu.control.reset({ license: opts.license ?? "none" });
    });
  }
  h.call = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    const token = o.token === undefined ? h.emu.token : o.token;
    if (token !== null) headers["Coder-Session-Token"] = token;
    let body: string | undefined;
    if (o.raw !== undefined) body = o.raw;
    else if (o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const res = await fetch(h.emu.url + path, { method, headers, body });
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
  h.get = (p, o) => h.call("GET", p, o);
  h.post = (p, b, o) => h.call("POST", p, { ...o, body: b });
  h.patch = (p, b, o) => h.call("PATCH", p, { ...o, body: b });
  h.put = (p, b, o) => h.call("PUT", p, { ...o, body: b });
  h.del = (p, o) => h.call("DELETE", p, o);
  const find = <T extends { name?: string; username?: string }>(list: T[], key: string, what: string): T => {
    const found = list.find((x) => x.name === key || x.username === key);
    if (!found) throw new Error(`no seeded ${what} ${key}`);
    return found;
  };
  h.tokenOf = (u) => (find(h.seed.users, u, "user") as { token: string }).token;
  h.userId = (u) => (find(h.seed.users, u, "user") as { id: string }).id;
  h.orgId = (n) => (find(h.seed.organizations, n, "organization") as { id: string }).id;
  h.templateId = (n) => (find(h.seed.templates, n, "template") as { id: string }).id;
  h.uploadLicense = async (overrides = {}) => {
    const { jwt } = await h.emu.control.mintLicense(overrides);
    return h.post("/api/v2/licenses", { license: jwt });
  };
  return h;
}

/** Asserts that a call did not change the emulator state. */
export async function expectNoStateChange(h: Harness, action: () => Promise<unknown>): Promise<void> {
  const before = await h.emu.control.state();
  await action();
  const after = await h.emu.control.state();
  expect(after).toEqual(before);
}
