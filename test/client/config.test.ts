import { describe, expect, it } from "vitest";
import { ConfigError, normalizeCoderUrl, parseHeaders, resolveProviderConfig } from "../../provider/client";

const cfg = (m: Record<string, string>) => (k: string) => m[k];

describe("normalizeCoderUrl", () => {
  it.each([
    ["coder.example.com", "https://coder.example.com"],
    ["https://coder.example.com/", "https://coder.example.com"],
    ["https://coder.example.com///", "https://coder.example.com"],
    ["https://coder.example.com/api/v2", "https://coder.example.com"],
    ["https://coder.example.com/api/v2/", "https://coder.example.com"],
    ["https://example.com/coder/api/v2", "https://example.com/coder"],
    ["http://127.0.0.1:3000", "http://127.0.0.1:3000"],
    ["localhost:3000", "http://localhost:3000"],
    ["  https://Coder.Example.com:8443  ", "https://coder.example.com:8443"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeCoderUrl(input)).toBe(expected);
  });
  it("rejects junk", () => {
    expect(() => normalizeCoderUrl("")).toThrow(ConfigError);
    expect(() => normalizeCoderUrl("ftp://x")).toThrow(/scheme/);
    expect(() => normalizeCoderUrl("https://user:pw@x")).toThrow(/credentials/);
    expect(() => normalizeCoderUrl("http://")).toThrow(ConfigError);
  });
});

describe("parseHeaders", () => {
  it("parses JSON objects", () => {
    expect(parseHeaders('{"X-A":"1","X-B":2}', "s")).toEqual({ "X-A": "1", "X-B": "2" });
  });
  it("parses CSV k=v (values may contain =)", () => {
    expect(parseHeaders("X-A=1, X-B=a=b", "s")).toEqual({ "X-A": "1", "X-B": "a=b" });
    expect(parseHeaders('"X-C=has,comma",X-D=2', "s")).toEqual({ "X-C": "has,comma", "X-D": "2" });
  });
  it("rejects bad input naming the source", () => {
    expect(() => parseHeaders("novalue", "CODER_HEADER")).toThrow(/CODER_HEADER/);
    expect(() => parseHeaders("{bad json", "coderd:headers")).toThrow(/coderd:headers/);
    expect(() => parseHeaders('["a"]', "coderd:headers")).toThrow(/object/);
    expect(() => parseHeaders("Bad Name=1", "coderd:headers")).toThrow(/invalid header name/);
  });
  it("empty → {}", () => {
    expect(parseHeaders(undefined, "s")).toEqual({});
    expect(parseHeaders("  ", "s")).toEqual({});
  });
});

describe("resolveProviderConfig", () => {
  it("reads stack config first", () => {
    const c = resolveProviderConfig(
      cfg({
        "coderd:url": "coder.example.com/api/v2/",
        "coderd:token": "tok",
        "coderd:organization": "acme",
        "coderd:headers": '{"X-Coder-Bypass-Ratelimit":"true"}',
      }),
      { CODER_URL: "https://env", CODER_SESSION_TOKEN: "envtok", CODER_HEADER: "X-Env=1" },
    );
    expect(c).toEqual({
      url: "https://coder.example.com",
      token: "tok",
      organization: "acme",
      headers: { "X-Coder-Bypass-Ratelimit": "true" },
    });
  });
  it("falls back to the environment", () => {
    const c = resolveProviderConfig(cfg({}), {
      CODER_URL: "http://127.0.0.1:7080/",
      CODER_SESSION_TOKEN: "envtok",
      CODER_ORGANIZATION: "default",
      CODER_HEADER: "X-A=1,X-B=2",
    });
    expect(c).toEqual({
      url: "http://127.0.0.1:7080",
      token: "envtok",
      organization: "default",
      headers: { "X-A": "1", "X-B": "2" },
    });
  });
  it("treats empty values as unset", () => {
    const c = resolveProviderConfig(cfg({ "coderd:url": " ", "coderd:token": "" }), {
      CODER_URL: "x.example.com",
      CODER_SESSION_TOKEN: "t",
    });
    expect(c.url).toBe("https://x.example.com");
    expect(c.token).toBe("t");
    expect(c.organization).toBeUndefined();
    expect(c.headers).toEqual({});
  });
  it("explains a missing URL naming both places", () => {
    expect(() => resolveProviderConfig(cfg({}), {})).toThrow(
      "set coderd:url (pulumi config set coderd:url https://coder.example.com) or CODER_URL",
    );
  });
  it("explains a missing token naming both places", () => {
    expect(() => resolveProviderConfig(cfg({ "coderd:url": "x" }), {})).toThrow(
      /coderd:token.*CODER_SESSION_TOKEN/,
    );
  });
  it("names the source of a bad URL", () => {
    expect(() => resolveProviderConfig(cfg({}), { CODER_URL: "ftp://x", CODER_SESSION_TOKEN: "t" })).toThrow(
      /^CODER_URL: /,
    );
  });
});

describe("rate-limit wait budget (coderd:rateLimitWait / CODER_RATE_LIMIT_WAIT)", () => {
  const base = { "coderd:url": "https://c.example.com", "coderd:token": "abcdefghij-secret" };
  it("is unset by default (the client's 600 s), read in seconds from stack config, else the env", () => {
    expect(resolveProviderConfig(cfg(base), {}).rateLimitWaitMs).toBeUndefined();
    expect(resolveProviderConfig(cfg({ ...base, "coderd:rateLimitWait": "900" }), {}).rateLimitWaitMs).toBe(
      900_000,
    );
    expect(resolveProviderConfig(cfg(base), { CODER_RATE_LIMIT_WAIT: "120s" }).rateLimitWaitMs).toBe(120_000);
    expect(
      resolveProviderConfig(cfg({ ...base, "coderd:rateLimitWait": "30" }), { CODER_RATE_LIMIT_WAIT: "120" })
        .rateLimitWaitMs,
    ).toBe(30_000);
  });
  it("rejects anything but whole seconds, naming the source", () => {
    expect(() => resolveProviderConfig(cfg({ ...base, "coderd:rateLimitWait": "10m" }), {})).toThrow(
      /coderd:rateLimitWait must be a whole number of seconds/,
    );
    expect(() => resolveProviderConfig(cfg(base), { CODER_RATE_LIMIT_WAIT: "-1" })).toThrow(
      /CODER_RATE_LIMIT_WAIT/,
    );
  });
});
