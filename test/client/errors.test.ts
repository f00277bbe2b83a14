import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  CoderApiError,
  ConflictError,
  FeatureNotEntitledError,
  ForbiddenError,
  isNotFound,
  NotFoundError,
  RateLimitedError,
  ServerError,
  UnauthorizedError,
  ValidationFailedError,
} from "../../provider/client";
import {
  errorFromResponse,
  makeRedactor,
  parseErrorBody,
  parseFirstJsonValue,
} from "../../provider/client/errors";

const mk = (status: number, bodyText: string) =>
  errorFromResponse({ status, method: "GET", path: "/api/v2/x", bodyText });

describe("parseFirstJsonValue", () => {
  it("parses a single document with a trailing newline", () => {
    expect(parseFirstJsonValue('{"message":"a"}\n')).toEqual({ message: "a" });
  });
  it("takes the first of two concatenated JSON documents", () => {
    const text =
      '{"message":"Resource not found or you do not have access to this resource"}\n' +
      '{"message":"Organization \\"x\\" not found.","detail":"Provide either the organization id or name."}\n';
    expect(parseFirstJsonValue(text)).toEqual({
      message: "Resource not found or you do not have access to this resource",
    });
  });
  it("handles braces and escaped quotes inside strings", () => {
    expect(parseFirstJsonValue('{"m":"a}\\"{b"}{"z":1}')).toEqual({ m: 'a}"{b' });
  });
  it("returns undefined for empty, HTML and garbage", () => {
    expect(parseFirstJsonValue("")).toBeUndefined();
    expect(parseFirstJsonValue("<html><body>Bad gateway</body></html>")).toBeUndefined();
    expect(parseFirstJsonValue("{unterminated")).toBeUndefined();
  });
});

describe("parseErrorBody", () => {
  it("extracts message, detail and validations", () => {
    const { body } = parseErrorBody(
      '{"message":"Validation failed.","validations":[{"field":"name","detail":"Validation failed for tag \\"group_name\\" with value: \\"a b\\""}]}',
    );
    expect(body.message).toBe("Validation failed.");
    expect(body.validations).toEqual([
      { field: "name", detail: 'Validation failed for tag "group_name" with value: "a b"' },
    ]);
  });
  it("summarises HTML bodies", () => {
    const r = parseErrorBody(
      "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
    );
    expect(r.body.message).toBeUndefined();
    expect(r.raw).toBe('non-JSON (HTML) response "502 Bad Gateway"');
  });
  it("tolerates an empty body", () => {
    expect(parseErrorBody("")).toEqual({ body: { validations: [] }, raw: undefined });
  });
  it("truncates long plain-text bodies", () => {
    expect(parseErrorBody("x".repeat(1000)).raw?.length).toBeLessThan(310);
  });
});

describe("errorFromResponse", () => {
  it("classifies by status", () => {
    expect(mk(401, '{"message":"You are signed out"}')).toBeInstanceOf(UnauthorizedError);
    expect(mk(403, '{"message":"Forbidden."}')).toBeInstanceOf(ForbiddenError);
    expect(mk(403, '{"message":"Forbidden."}')).not.toBeInstanceOf(FeatureNotEntitledError);
    expect(mk(404, "")).toBeInstanceOf(NotFoundError);
    expect(mk(409, '{"message":"dup"}')).toBeInstanceOf(ConflictError);
    expect(mk(400, '{"message":"Validation failed."}')).toBeInstanceOf(ValidationFailedError);
    expect(mk(429, "")).toBeInstanceOf(RateLimitedError);
    expect(mk(502, "<html></html>")).toBeInstanceOf(ServerError);
    expect(mk(418, "")).toBeInstanceOf(CoderApiError);
  });
  it("recognises premium-feature 403s", () => {
    const e = mk(403, '{"message":"Template RBAC is a Premium feature. Contact sales!"}');
    expect(e).toBeInstanceOf(FeatureNotEntitledError);
    expect((e as FeatureNotEntitledError).feature).toBe("Template RBAC");
    expect(e.hint).toBe(
      "this deployment's license does not include Template RBAC. Upload a license with a coderd.License resource " +
        "(and list it in dependsOn of the resources that need it) or with `coder licenses add`",
    );
    expect(e).toBeInstanceOf(ForbiddenError);
  });
  it("builds a readable one-liner with everything", () => {
    const e = errorFromResponse({
      status: 400,
      method: "POST",
      path: "/api/v2/organizations/o/groups",
      bodyText:
        '{"message":"Validation failed.","detail":"d","validations":[{"field":"name","detail":"bad"}]}',
    });
    expect(e.message).toBe(
      "POST /api/v2/organizations/o/groups failed with HTTP 400: Validation failed. (detail: d) [validations: name: bad]",
    );
    expect(e.coderMessage).toBe("Validation failed.");
    expect(e.detail).toBe("d");
    expect(e.status).toBe(400);
    expect(e.method).toBe("POST");
  });
  it("401 carries the token hint", () => {
    const e = mk(
      401,
      '{"message":"You are signed out or your session has expired.","detail":"API key expired"}',
    );
    expect(e.message).toContain("check coderd:token / CODER_SESSION_TOKEN; the token may be expired");
    expect(e.message).toContain("API key expired");
  });
  it("concatenated JSON error bodies use the first document", () => {
    const e = mk(
      404,
      '{"message":"Resource not found or you do not have access to this resource"}\n{"message":"Organization \\"x\\" not found."}',
    );
    expect(e.coderMessage).toBe("Resource not found or you do not have access to this resource");
  });
  it("HTML bodies still produce a useful message", () => {
    const e = mk(503, "<html><head><title>Service Unavailable</title></head></html>");
    expect(e.message).toContain('non-JSON (HTML) response "Service Unavailable"');
  });
  it("serialises without surprises", () => {
    const e = mk(404, '{"message":"nope"}');
    const j = JSON.parse(JSON.stringify(e));
    expect(j).toMatchObject({ name: "NotFoundError", status: 404, coderMessage: "nope" });
    expect(inspect(e)).toContain("NotFoundError");
  });
  it("isNotFound", () => {
    expect(isNotFound(mk(404, ""))).toBe(true);
    expect(isNotFound(mk(400, ""))).toBe(false);
    expect(isNotFound(new Error("404"))).toBe(false);
    expect(isNotFound(undefined)).toBe(false);
    expect(isNotFound(mk(400, '{"message":"\\"user\\" must be an existing uuid or username."}'))).toBe(true);
  });
});

describe("makeRedactor", () => {
  it("removes the token, its secret half and its URL-encoded form", () => {
    const token = "abcdef1234-s3cr3tsecretvalue+/=";
    const r = makeRedactor([token]);
    expect(r(`a ${token} b`)).toBe("a [REDACTED] b");
    expect(r(`x ${encodeURIComponent(token)}`)).toBe("x [REDACTED]");
    expect(r("s3cr3tsecretvalue+/=")).toBe("[REDACTED]");
    expect(r("harmless")).toBe("harmless");
  });
});
