import { describe, expect, it } from "vitest";
import { backoffDelay, parseRetryAfter, shouldRetry } from "../../provider/client";
import { classifyNetworkError, packageVersion } from "../../provider/client/transport";

describe("shouldRetry", () => {
  it("retries 429 for every method", () => {
    for (const m of ["GET", "POST", "PATCH", "PUT", "DELETE"])
      expect(shouldRetry(m, { status: 429 })).toBe(true);
  });
  it("retries 5xx only for idempotent methods", () => {
    for (const s of [500, 502, 503, 504]) {
      for (const m of ["GET", "HEAD", "PUT", "DELETE"]) expect(shouldRetry(m, { status: s })).toBe(true);
      for (const m of ["POST", "PATCH"]) expect(shouldRetry(m, { status: s })).toBe(false);
    }
    expect(shouldRetry("GET", { status: 501 })).toBe(false);
  });
  it("never retries 4xx other than 429", () => {
    for (const s of [400, 401, 403, 404, 409]) expect(shouldRetry("GET", { status: s })).toBe(false);
  });
  it("retries resets and timeouts only for idempotent methods", () => {
    expect(shouldRetry("GET", { failure: "reset" })).toBe(true);
    expect(shouldRetry("DELETE", { failure: "timeout" })).toBe(true);
    expect(shouldRetry("POST", { failure: "reset" })).toBe(false);
    expect(shouldRetry("PATCH", { failure: "timeout" })).toBe(false);
  });
  it("retries connect failures for every method (nothing was sent)", () => {
    expect(shouldRetry("POST", { failure: "connect" })).toBe(true);
  });
  it("does not retry fatal failures", () => {
    expect(shouldRetry("GET", { failure: "fatal" })).toBe(false);
  });
});

describe("parseRetryAfter", () => {
  it("parses seconds", () => {
    expect(parseRetryAfter("1")).toBe(1000);
    expect(parseRetryAfter(["3"])).toBe(3000);
    expect(parseRetryAfter("0")).toBe(0);
  });
  it("parses HTTP dates", () => {
    const now = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:27:00 GMT", now)).toBe(0);
  });
  it("ignores junk", () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter("")).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});

describe("backoffDelay", () => {
  const opts = { initialBackoffMs: 100, maxBackoffMs: 1000 };
  it("grows exponentially with jitter between half and full", () => {
    expect(backoffDelay(1, opts, undefined, () => 0)).toBe(50);
    expect(backoffDelay(1, opts, undefined, () => 1)).toBe(100);
    expect(backoffDelay(3, opts, undefined, () => 1)).toBe(400);
  });
  it("is capped", () => {
    expect(backoffDelay(20, opts, undefined, () => 1)).toBe(1000);
  });
  it("honours Retry-After as a floor", () => {
    expect(backoffDelay(1, opts, 2000, () => 0)).toBe(2000);
    expect(backoffDelay(1, opts, 2000, () => 1)).toBe(2000);
    expect(backoffDelay(1, opts, 0, () => 1)).toBe(100);
  });
});

describe("classifyNetworkError", () => {
  it("maps undici and Node codes", () => {
    expect(classifyNetworkError({ code: "ECONNREFUSED", message: "x" }).kind).toBe("connect");
    expect(classifyNetworkError({ code: "UND_ERR_SOCKET", message: "other side closed" }).kind).toBe("reset");
    expect(classifyNetworkError({ code: "UND_ERR_HEADERS_TIMEOUT" }).kind).toBe("timeout");
    expect(classifyNetworkError({ code: "UND_ERR_CONNECT_TIMEOUT" }).kind).toBe("timeout");
    expect(classifyNetworkError({ cause: { code: "ECONNRESET" } }).kind).toBe("reset");
    expect(classifyNetworkError({ code: "ENOTFOUND" }).kind).toBe("fatal");
    expect(classifyNetworkError(new Error("boom"))).toEqual({
      kind: "fatal",
      code: undefined,
      reason: "boom",
    });
  });
});

describe("packageVersion", () => {
  it("reads the version from package.json", () => {
    expect(packageVersion()).toMatch(/^\d+\.\d+\.\d+/);
    expect(packageVersion()).not.toBe("0.0.0-dev");
  });
});
