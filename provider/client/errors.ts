// Typed errors for the Coder API client.
//
// Invariant: the session token never appears in an error's message, stack, `cause` or any
// serialized form. We therefore never attach request headers, request options or raw undici
// error objects (which may reference the dispatcher/request and thus headers). Network errors are
// reduced to `{name, code, message}` strings, and every string that reaches an error is passed
// through a redactor that knows the configured token.

/** One entry of Coder's `validations` array (`codersdk.ValidationError`). */
export interface CoderValidation {
  field: string;
  detail: string;
}

/** Parsed `codersdk.Response` error body; every field is optional because bodies can be junk. */
export interface CoderErrorBody {
  message?: string;
  detail?: string;
  validations: CoderValidation[];
}

export interface CoderApiErrorInit {
  status: number;
  method: string;
  path: string;
  coderMessage?: string;
  detail?: string;
  validations?: CoderValidation[];
  hint?: string;
  /** Seconds, for 429. */
  retryAfter?: number;
  /** Raw (truncated, redacted) body when it was not a codersdk.Response. */
  rawBody?: string;
  /** Replaces the generated one-liner (client-side checks that made no request). */
  message?: string;
}

/** Base class of every error the client throws. */
export class CoderClientError extends Error {
  override name = "CoderClientError";
}

/** An HTTP error answer from coderd. */
export class CoderApiError extends CoderClientError {
  override name = "CoderApiError";
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly coderMessage?: string;
  readonly detail?: string;
  readonly validations: CoderValidation[];
  readonly hint?: string;
  readonly rawBody?: string;

  constructor(init: CoderApiErrorInit) {
    super(init.message ?? formatApiErrorMessage(init));
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.coderMessage = init.coderMessage;
    this.detail = init.detail;
    this.validations = init.validations ?? [];
    this.hint = init.hint;
    this.rawBody = init.rawBody;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      method: this.method,
      path: this.path,
      coderMessage: this.coderMessage,
      detail: this.detail,
      validations: this.validations,
      hint: this.hint,
    };
  }
}

export class NotFoundError extends CoderApiError {
  override name = "NotFoundError";
}
export class ConflictError extends CoderApiError {
  override name = "ConflictError";
}
export class UnauthorizedError extends CoderApiError {
  override name = "UnauthorizedError";
}
export class ForbiddenError extends CoderApiError {
  override name = "ForbiddenError";
}
/** 403 "<Feature> is a Premium feature. Contact sales!", or a client-side entitlement check. */
export class FeatureNotEntitledError extends ForbiddenError {
  override name = "FeatureNotEntitledError";
  /** Human feature name as Coder prints it (e.g. "Template RBAC") or the feature key. */
  readonly feature: string;
  constructor(init: CoderApiErrorInit & { feature: string }) {
    super(init);
    this.feature = init.feature;
  }
}
/**
 * 403 from coderd's experiment gate (httpmw.RequireExperiment): "<Display name> functionality requires
 * enabling the '<name>' experiment." (v2.30), "This functionality requires enabling the following
 * experiments: a, b", or the mid-2025 "Experiment '<name>' is required but not enabled".
 */
export class ExperimentNotEnabledError extends ForbiddenError {
  override name = "ExperimentNotEnabledError";
  /** The experiments the route needs, e.g. ["oauth2"]. */
  readonly experiments: string[];
  constructor(init: CoderApiErrorInit & { experiments: string[] }) {
    super(init);
    this.experiments = init.experiments;
  }
}
export class ValidationFailedError extends CoderApiError {
  override name = "ValidationFailedError";
}
export class RateLimitedError extends CoderApiError {
  override name = "RateLimitedError";
  /** Seconds from the last Retry-After header, if any. */
  readonly retryAfter?: number;
  constructor(init: CoderApiErrorInit) {
    super(init);
    this.retryAfter = init.retryAfter;
  }
}
export class ServerError extends CoderApiError {
  override name = "ServerError";
}

/** Connection refused/reset, DNS failure, TLS failure, socket closed without an answer. */
export class CoderNetworkError extends CoderClientError {
  override name = "CoderNetworkError";
  readonly method: string;
  readonly path: string;
  /** e.g. ECONNREFUSED, UND_ERR_SOCKET. */
  readonly code?: string;
  readonly attempts: number;
  constructor(init: {
    method: string;
    path: string;
    code?: string;
    reason: string;
    attempts: number;
    hint?: string;
  }) {
    super(
      `${init.method} ${init.path}: network error${init.code ? ` (${init.code})` : ""}: ${init.reason}` +
        (init.attempts > 1 ? ` after ${init.attempts} attempts` : "") +
        (init.hint ? `. Hint: ${init.hint}` : ""),
    );
    this.method = init.method;
    this.path = init.path;
    this.code = init.code;
    this.attempts = init.attempts;
  }
}

/** Connect, headers or body timeout. */
export class CoderTimeoutError extends CoderNetworkError {
  override name = "CoderTimeoutError";
}

function formatApiErrorMessage(init: CoderApiErrorInit): string {
  let s = `${init.method} ${init.path} failed with HTTP ${init.status}`;
  if (init.coderMessage) s += `: ${init.coderMessage}`;
  if (init.detail) s += ` (detail: ${init.detail})`;
  if (init.validations && init.validations.length > 0) {
    s += ` [validations: ${init.validations.map((v) => `${v.field}: ${v.detail}`).join("; ")}]`;
  } else if (!init.coderMessage && init.rawBody) {
    s += `: ${init.rawBody}`;
  }
  if (init.hint) s += `. Hint: ${init.hint}`;
  return s;
}

// ---------------------------------------------------------------------------------------------
// Body parsing

const MAX_RAW_BODY = 300;

/**
 * Returns the first JSON value in `text`, tolerating trailing garbage such as a second
 * concatenated JSON document (coderd's org middleware can write two bodies) or a trailing newline.
 * Returns undefined when the text does not start with a JSON value.
 */
export function parseFirstJsonValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    // fall through: maybe several documents
  }
  const first = trimmed[0];
  if (first !== "{" && first !== "[") return undefined;
  // Scan for the end of the first balanced object/array, honouring strings and escapes.
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === "\\") escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) {
        try {
          return JSON.parse(trimmed.slice(0, i + 1));
        } catch {
          return undefined;
        }
      }
    }
  }
  return undefined;
}

/** Defensive parse of a codersdk.Response error body: empty, HTML, concatenated JSON all OK. */
export function parseErrorBody(text: string): { body: CoderErrorBody; raw?: string } {
  const value = parseFirstJsonValue(text);
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    const validations: CoderValidation[] = [];
    if (Array.isArray(o.validations)) {
      for (const v of o.validations) {
        if (v && typeof v === "object") {
          const r = v as Record<string, unknown>;
          validations.push({ field: String(r.field ?? ""), detail: String(r.detail ?? "") });
        }
      }
    }
    const message = typeof o.message === "string" && o.message !== "" ? o.message : undefined;
    const detail = typeof o.detail === "string" && o.detail !== "" ? o.detail : undefined;
    if (message || detail || validations.length > 0) return { body: { message, detail, validations } };
  }
  const raw = summarizeRawBody(text);
  return { body: { validations: [] }, raw };
}

function summarizeRawBody(text: string): string | undefined {
  let t = text.trim();
  if (t === "") return undefined;
  if (/^<!doctype html|^<html|<\/?[a-z][\s\S]*>/i.test(t)) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(t)?.[1]?.trim();
    t = `non-JSON (HTML) response${title ? ` "${title}"` : ""}`;
    return t;
  }
  t = t.replace(/\s+/g, " ");
  return t.length > MAX_RAW_BODY ? `${t.slice(0, MAX_RAW_BODY)}…` : t;
}

// ---------------------------------------------------------------------------------------------
// Classification

const PREMIUM_RE = /^(.*?) is a Premium feature/i;
const EXPERIMENT_RES = [
  /requires enabling the '([^']+)' experiment/i,
  /requires enabling the following experiments: (.+?)\.?$/i,
  /^Experiment '([^']+)' is required but not enabled/i,
];

/** The experiments a coderd experiment-gate 403 message names, or undefined for another message. */
export function experimentsInMessage(message: string | undefined): string[] | undefined {
  if (!message) return undefined;
  for (const re of EXPERIMENT_RES) {
    const m = re.exec(message);
    if (m)
      return m[1]!
        .split(",")
        .map((e) => e.trim())
        .filter((e) => e !== "");
  }
  return undefined;
}

/** What to do about a disabled experiment: coderd reads them from CODER_EXPERIMENTS at start-up. */
export function experimentHint(experiments: string[]): string {
  const list = experiments.join(",");
  return (
    `enable the ${experiments.map((e) => `'${e}'`).join(", ")} experiment on the Coder server: start coderd ` +
    `with CODER_EXPERIMENTS=${list} (or --experiments=${list}; keep any experiments already enabled) and restart it`
  );
}

export const HINT_UNAUTHORIZED = "check coderd:token / CODER_SESSION_TOKEN; the token may be expired";

/**
 * The one sentence this package uses whenever a license lacks a feature (Coder's 403, the
 * client's entitlement check and the provider's preview check), with what to do about it.
 */
export function licenseLacksFeature(args: { feature: string; key?: string; neededFor?: string }): string {
  return (
    `this deployment's license does not include ${args.feature}` +
    (args.key ? ` (feature "${args.key}")` : "") +
    (args.neededFor ? `, which ${args.neededFor} needs` : "") +
    ". Upload a license with a coderd.License resource (and list it in dependsOn of the resources " +
    "that need it) or with `coder licenses add`"
  );
}

export function featureNotEntitledHint(feature: string): string {
  return licenseLacksFeature({ feature });
}

/** Builds the right CoderApiError subclass for an HTTP error answer. */
export function errorFromResponse(args: {
  status: number;
  method: string;
  path: string;
  bodyText: string;
  retryAfter?: number;
  /** Replaces the default hint (e.g. the transport's rate-limit budget message). */
  hint?: string;
}): CoderApiError {
  const { body, raw } = parseErrorBody(args.bodyText);
  const init: CoderApiErrorInit = {
    status: args.status,
    method: args.method,
    path: args.path,
    coderMessage: body.message,
    detail: body.detail,
    validations: body.validations,
    rawBody: raw,
    retryAfter: args.retryAfter,
  };
  const s = args.status;
  if (s === 401) return new UnauthorizedError({ ...init, hint: HINT_UNAUTHORIZED });
  if (s === 403) {
    const m = body.message ? PREMIUM_RE.exec(body.message) : null;
    if (m) {
      const feature = m[1].trim();
      return new FeatureNotEntitledError({ ...init, feature, hint: featureNotEntitledHint(feature) });
    }
    const experiments = experimentsInMessage(body.message);
    if (experiments)
      return new ExperimentNotEnabledError({ ...init, experiments, hint: experimentHint(experiments) });
    return new ForbiddenError({
      ...init,
      hint: "the token's user lacks permission for this operation (most admin endpoints need the Owner role)",
    });
  }
  if (s === 404) return new NotFoundError(init);
  if (s === 409)
    return new ConflictError({
      ...init,
      hint:
        "an object with this name already exists: pick another name, or set adopt: true on the resource to " +
        "manage the existing object with Pulumi (Group and WorkspaceProxy support it; Pulumi cannot import " +
        "dynamic resources)",
    });
  if (s === 429)
    return new RateLimitedError({
      ...init,
      hint: args.hint ?? "coderd rate-limited the request; retry later",
    });
  if (s === 400 || s === 422) return new ValidationFailedError(init);
  if (s >= 500)
    return new ServerError({ ...init, hint: "coderd returned a server error; check the coderd logs" });
  return new CoderApiError(init);
}

/**
 * True for a 404 from coderd, and (like the Terraform provider's helper) for the 400 that user
 * routes answer for an unknown username: "\"user\" must be an existing uuid or username.".
 */
export function isNotFound(err: unknown): err is CoderApiError {
  if (!(err instanceof CoderApiError)) return false;
  if (err.status === 404) return true;
  return err.status === 400 && /must be an existing uuid or username/.test(err.coderMessage ?? "");
}

/**
 * A failed write whose effect is unknown: a 5xx, or a connection reset/timeout after the request
 * was sent, may come after the server applied it. Creates that cannot be blindly retried (the
 * client retries POST/PATCH on 429 and connect failures only) look up by natural key after these.
 * A connect failure means nothing was sent; the lookup is then merely unnecessary, not wrong.
 */
export function isAmbiguousFailure(err: unknown): boolean {
  return err instanceof ServerError || err instanceof CoderNetworkError;
}

// ---------------------------------------------------------------------------------------------
// Redaction

/** Builds a function that removes `secrets` (and their URL-encoded forms) from a string. */
export function makeRedactor(secrets: Array<string | undefined>): (s: string) => string {
  const list = new Set<string>();
  for (const sec of secrets) {
    if (!sec || sec.length < 4) continue;
    list.add(sec);
    list.add(encodeURIComponent(sec));
    // The secret half of a `<id>-<secret>` token alone is also sensitive.
    const dash = sec.indexOf("-");
    if (dash > 0 && sec.length - dash - 1 >= 8) list.add(sec.slice(dash + 1));
  }
  const arr = [...list].sort((a, b) => b.length - a.length);
  return (s: string) => {
    let out = s;
    for (const sec of arr) if (out.includes(sec)) out = out.split(sec).join("[REDACTED]");
    return out;
  };
}

/** A 2xx answer whose body did not have the expected shape (e.g. a proxy returned HTML). */
export class CoderUnexpectedResponseError extends CoderClientError {
  override name = "CoderUnexpectedResponseError";
  readonly method: string;
  readonly path: string;
  readonly status: number;
  constructor(init: { method: string; path: string; status: number; problem: string }) {
    super(
      `${init.method} ${init.path} returned HTTP ${init.status} with an unexpected body: ${init.problem}. ` +
        "Hint: check that coderd:url points at a Coder deployment (not a login proxy) and that its version is supported",
    );
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
  }
}
