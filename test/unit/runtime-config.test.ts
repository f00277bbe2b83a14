import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  currentClient,
  currentProviderConfig,
  resetRuntime,
  setStackConfig,
} from "../../provider/dynamic/runtime";

// The provider config is resolved once per process and kept while nothing it depends on changes:
// every provider call asks for it, so a refresh of 1000 resources must not resolve it 1000 times.
const KEYS = [
  "CODER_URL",
  "CODER_SESSION_TOKEN",
  "CODER_ORGANIZATION",
  "CODER_HEADER",
  "CODER_RATE_LIMIT_WAIT",
];
const saved: Record<string, string | undefined> = {};

const stackConfig = (values: Record<string, string>) =>
  ({ get: (key: string) => values[key] }) as unknown as Parameters<typeof setStackConfig>[0];

beforeEach(() => {
  for (const k of KEYS) {
    saved[k] = process.env[k];
    delete process.env[k];
  }
  resetRuntime();
});
afterEach(() => {
  for (const k of KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  resetRuntime();
});

describe("provider config of the running process", () => {
  it("is resolved once while the stack config and the environment stay the same", () => {
    setStackConfig(stackConfig({ "coderd:url": "https://coder.example.com", "coderd:token": "t0ken-a" }));
    const first = currentProviderConfig();
    expect(currentProviderConfig()).toBe(first);
    expect(currentClient().client).toBe(currentClient().client);
    expect(first.url).toBe("https://coder.example.com");
  });

  it("follows a change of an environment variable it falls back to", () => {
    setStackConfig(stackConfig({ "coderd:url": "https://coder.example.com" }));
    process.env.CODER_SESSION_TOKEN = "t0ken-a";
    const first = currentProviderConfig();
    const client = currentClient().client;
    process.env.CODER_SESSION_TOKEN = "t0ken-b";
    const second = currentProviderConfig();
    expect(second).not.toBe(first);
    expect(second.token).toBe("t0ken-b");
    expect(currentClient().client).not.toBe(client);
  });

  it("follows a new stack config, keeping the client when the values are the same", () => {
    setStackConfig(stackConfig({ "coderd:url": "https://coder.example.com", "coderd:token": "t0ken-a" }));
    const client = currentClient().client;
    setStackConfig(stackConfig({ "coderd:url": "https://coder.example.com", "coderd:token": "t0ken-a" }));
    expect(currentClient().client).toBe(client);
    setStackConfig(stackConfig({ "coderd:url": "https://other.example.com", "coderd:token": "t0ken-a" }));
    expect(currentProviderConfig().url).toBe("https://other.example.com");
    expect(currentClient().client).not.toBe(client);
  });

  it("raises a configuration error on every call until it is fixed", () => {
    setStackConfig(stackConfig({}));
    expect(() => currentProviderConfig()).toThrow(/no Coder URL configured/);
    expect(() => currentProviderConfig()).toThrow(/no Coder URL configured/);
    process.env.CODER_URL = "https://coder.example.com";
    process.env.CODER_SESSION_TOKEN = "t0ken-a";
    expect(currentProviderConfig().url).toBe("https://coder.example.com");
  });
});
