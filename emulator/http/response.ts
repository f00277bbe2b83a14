// codersdk.Response bodies and the standard error responses of coderd/httpapi.
// Handlers either return a Reply or throw an ApiError; the server writes both through writeReply so
// every JSON body gets Go's encoding, `application/json; charset=utf-8` and the trailing newline.

import type { ServerResponse } from "node:http";
import { goStringify } from "./goencode";

export interface ValidationError {
  field: string;
  detail: string;
}

/** codersdk.Response: detail and validations are omitempty. */
export interface CoderResponse {
  message: string;
  detail?: string;
  validations?: ValidationError[];
}

export function coderResponse(
  message: string,
  detail?: string,
  validations?: ValidationError[],
): CoderResponse {
  const body: CoderResponse = { message };
  if (detail) body.detail = detail;
  if (validations && validations.length > 0) body.validations = validations;
  return body;
}

export interface Reply {
  status: number;
  /** JSON body (encoded Go-style). Omit for an empty body. */
  body?: unknown;
  /** Pre-encoded body text (used for coderd's double-written 404 bodies). */
  rawJson?: string;
  /** A list value is written as one header line per element (e.g. two `Vary` lines). */
  headers?: Record<string, string | string[]>;
}

export function ok(body: unknown, status = 200): Reply {
  return { status, body };
}

export function empty(status: number): Reply {
  return { status };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: CoderResponse,
    readonly headers?: Record<string, string>,
  ) {
    super(body.message);
  }

  toReply(): Reply {
    return { status: this.status, body: this.body, headers: this.headers };
  }
}

export function apiError(
  status: number,
  message: string,
  detail?: string,
  validations?: ValidationError[],
): ApiError {
  return new ApiError(status, coderResponse(message, detail, validations));
}

// ---- standard bodies (coderd/httpapi/httpapi.go) -------------------------------------------------

export const RESOURCE_NOT_FOUND = "Resource not found or you do not have access to this resource";

export function resourceNotFound(): ApiError {
  return apiError(404, RESOURCE_NOT_FOUND);
}

export function forbidden(): ApiError {
  return apiError(
    403,
    "Forbidden.",
    "You don't have permission to view this content. If you believe this is a mistake, please contact your administrator or try signing in with different credentials.",
  );
}

export function internalServerError(detail: string): ApiError {
  return apiError(500, "An internal server error occurred.", detail);
}

export function routeNotFound(): ApiError {
  return apiError(404, "Route not found.");
}

export function invalidJson(detail: string): ApiError {
  return apiError(400, "Request body must be valid JSON.", detail);
}

export function validationFailed(validations: ValidationError[]): ApiError {
  return apiError(400, "Validation failed.", undefined, validations);
}

export function encodeJsonBody(body: unknown): string {
  return goStringify(body) + "\n";
}

export function writeReply(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string | number | string[]> = { ...(reply.headers ?? {}) };
  let text: string | undefined;
  if (reply.rawJson !== undefined) text = reply.rawJson;
  else if (reply.body !== undefined) text = encodeJsonBody(reply.body);
  if (text !== undefined) {
    headers["Content-Type"] = "application/json; charset=utf-8";
    headers["Content-Length"] = Buffer.byteLength(text);
  } else if (reply.status !== 204 && reply.status !== 304) {
    headers["Content-Length"] = 0;
  }
  res.writeHead(reply.status, headers);
  res.end(text);
}
