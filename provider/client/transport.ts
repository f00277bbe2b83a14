// HTTP transport for the Coder API: one keep-alive undici Agent per client, timeouts, retries.
//
// Retry design: a small hand-written loop around `agent.request` rather than undici's
// `interceptors.retry` / `RetryAgent`. undici's RetryHandler turns retryable status codes into
// thrown `RequestRetryError`s, so once retries are exhausted the error *body* (Coder's
// message/detail/validations) is gone, and it has no notion of a total retry-time budget across
// attempts nor of "retry POST/PATCH on 429 only, but never on 5xx". It also hides attempts from
// us, and we need `requestCount` and the `onRequest` hook to see every attempt. The loop below
// is ~60 lines and expresses exactly the policy in `shouldRetry`.
//
// 429 is not a failure but "later": rate-limited attempts use their own time budget
// (`rateLimitWaitMs`, minutes) instead of the attempts and the 60 s of 5xx retries, and requests are
// paced per path from the X-Ratelimit-* headers of Coder's limiter (./rate-limit.ts) so that a large
// `pulumi up` sends few 429s. Every wait is reported to `onRateLimitWait` (the provider logs it).
//
// TLS: undici uses Node's TLS stack, so `NODE_EXTRA_CA_CERTS=/path/ca.pem` (set before the
// process starts, e.g. in the shell running `pulumi up`) adds a private CA for coderd.
//
// No module-level side effects: nothing here touches undici's global dispatcher.

// undici is loaded when the first request is sent (see `agent()`), not when this module is.
import type { Agent } from "undici";
import {
  type CoderApiError,
  CoderNetworkError,
  CoderTimeoutError,
  errorFromResponse,
  makeRedactor,
} from "./errors";
import { RateLimitPacer, type RateLimitWaitEvent } from "./rate-limit";

export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RetryOptions {
  /** Max attempts per call, including the first (default 5). */
  maxAttempts: number;
  /** Upper bound on the total time spent on one call including waits (default 60 000 ms). */
  maxRetryTimeMs: number;
  /** First backoff delay (default 250 ms); doubles per attempt, with jitter. */
  initialBackoffMs: number;
  /** Backoff cap (default 5 000 ms). Retry-After may exceed it, within maxRetryTimeMs. */
  maxBackoffMs: number;
  /**
   * How long one call may wait for Coder's rate limit in all (pacing and 429s), default 600 000 ms.
   * Not counted against maxAttempts/maxRetryTimeMs: a 429 means "later", not "failed".
   */
  rateLimitWaitMs: number;
}

export interface TransportOptions {
  /** Normalised base URL (no /api/v2). */
  url: string;
  token: string;
  headers?: Record<string, string>;
  /** TCP/TLS connect timeout (default 10 000 ms). */
  connectTimeoutMs?: number;
  /** Time to response headers and between body chunks (default 30 000 ms). */
  requestTimeoutMs?: number;
  retry?: Partial<RetryOptions>;
  /** Called after every attempt (including retries). Never receives headers or bodies. */
  onRequest?: (info: RequestEvent) => void;
  /** Overrides the User-Agent product version. */
  userAgent?: string;
  /** Called before every wait for the rate limit (paced or after a 429). */
  onRateLimitWait?: (event: RateLimitWaitEvent) => void;
}

/** What `onRequest` sees: safe to log (no headers, no bodies, no token). */
export interface RequestEvent {
  method: string;
  /** Path including query string, e.g. /api/v2/users/me */
  path: string;
  attempt: number;
  status?: number;
  /** Error code for network failures, e.g. ECONNRESET, UND_ERR_HEADERS_TIMEOUT. */
  errorCode?: string;
  durationMs: number;
  /** Whether the client will retry after this attempt. */
  willRetry: boolean;
  /** Delay before the next attempt when willRetry. */
  retryDelayMs?: number;
}

export interface RequestOptions {
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** This call may be repeated safely (same end state): retry it on 5xx/reset/timeout like a PUT. */
  idempotent?: boolean;
  /**
   * Recognises an error answer that repeating the call cannot change (e.g. coderd's 500 for an
   * organization delete blocked by its contents), so it is not retried.
   */
  isPermanent?: (res: RawResponse) => boolean;
}

export interface RawResponse {
  status: number;
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 5,
  maxRetryTimeMs: 60_000,
  initialBackoffMs: 250,
  maxBackoffMs: 5_000,
  rateLimitWaitMs: 600_000,
};

const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);
const RETRYABLE_5XX = new Set([500, 502, 503, 504]);

export type FailureKind =
  /** Request certainly not sent: refused, connect timeout, transient DNS. */
  | "connect"
  /** Connection reset / closed mid-request: the server may have acted. */
  | "reset"
  /** Headers/body timeout: the server may have acted. */
  | "timeout"
  /** TLS, permanent DNS, other: retrying will not help. */
  | "fatal";

export type AttemptOutcome = { status: number } | { failure: FailureKind };

/**
 * Retry policy (pure; unit tested):
 * - 429: every method (the server rejected the request before acting on it).
 * - 500/502/503/504, resets and timeouts: idempotent methods only (GET, HEAD, PUT, DELETE).
 * - connect failures (refused, connect timeout, EAI_AGAIN): every method, nothing was sent.
 * `idempotent: true` marks one call (e.g. a set-semantics PATCH) as safe to repeat: it is then
 * retried like a PUT. The method rule itself is not widened: a PATCH in general (group add_users)
 * is not idempotent.
 */
export function shouldRetry(method: string, outcome: AttemptOutcome, idempotent = false): boolean {
  const safe = idempotent || IDEMPOTENT.has(method.toUpperCase());
  if ("status" in outcome) {
    if (outcome.status === 429) return true;
    return RETRYABLE_5XX.has(outcome.status) && safe;
  }
  switch (outcome.failure) {
    case "connect":
      return true;
    case "reset":
    case "timeout":
      return safe;
    default:
      return false;
  }
}

/** Parses Retry-After (delta-seconds or HTTP-date) into milliseconds. */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now: number = Date.now(),
): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined) return undefined;
  const s = v.trim();
  if (s === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const t = Date.parse(s);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, t - now);
}

/**
 * Delay before attempt `attempt + 1` (attempt is 1-based): exponential with "equal jitter"
 * (between half and the full exponential value); Retry-After, when present, is a floor.
 */
export function backoffDelay(
  attempt: number,
  opts: Pick<RetryOptions, "initialBackoffMs" | "maxBackoffMs">,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const exp = Math.min(opts.maxBackoffMs, opts.initialBackoffMs * 2 ** (attempt - 1));
  const jittered = exp / 2 + random() * (exp / 2);
  if (retryAfterMs !== undefined) return Math.max(retryAfterMs, Math.min(jittered, retryAfterMs + 250));
  return Math.round(jittered);
}

/** Maps a thrown undici/Node error to a failure kind and a code, without keeping the object. */
export function classifyNetworkError(err: unknown): { kind: FailureKind; code?: string; reason: string } {
  const e = err as {
    code?: unknown;
    message?: unknown;
    name?: unknown;
    cause?: { code?: unknown; message?: unknown };
  };
  const code =
    (typeof e?.code === "string" && e.code) ||
    (typeof e?.cause?.code === "string" && e.cause.code) ||
    undefined;
  const reason = String(
    (typeof e?.message === "string" && e.message) ||
      (typeof e?.name === "string" && e.name) ||
      "unknown error",
  );
  switch (code) {
    case "ECONNREFUSED":
    case "UND_ERR_CONNECT_TIMEOUT":
    case "EAI_AGAIN":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return { kind: code === "UND_ERR_CONNECT_TIMEOUT" ? "timeout" : "connect", code, reason };
    case "UND_ERR_HEADERS_TIMEOUT":
    case "UND_ERR_BODY_TIMEOUT":
    case "ETIMEDOUT":
      return { kind: "timeout", code, reason };
    case "ECONNRESET":
    case "EPIPE":
    case "UND_ERR_SOCKET":
    case "UND_ERR_CLOSED":
    case "ECONNABORTED":
      return { kind: "reset", code, reason };
    default:
      return { kind: "fatal", code, reason };
  }
}

type AgentClass = new (options: Agent.Options) => Agent;
let agentClass: AgentClass | undefined;

/**
 * undici's Agent with its `request`, loaded as the two modules that make them rather than the
 * package's entry, which loads every API undici has (fetch, WebSocket, caches, mocks...): about
 * 27 ms instead of 85 ms, spent on the provider host's first request of every command (see
 * bench/load-time.ts). undici is pinned to an exact version in package.json; should these files
 * ever move, the package's entry is used.
 */
function undiciAgentClass(): AgentClass {
  if (agentClass) return agentClass;
  try {
    const Base = require("undici/lib/dispatcher/agent.js") as AgentClass;
    const apiRequest = require("undici/lib/api/api-request.js") as (this: unknown, opts: unknown) => unknown;
    if (typeof Base !== "function" || typeof apiRequest !== "function")
      throw new Error("unexpected undici layout");
    // What the package's entry does for every dispatcher (Object.assign(Dispatcher.prototype,
    // api)), done for our subclass only, so undici's shared prototype stays as it is.
    agentClass = class extends (Base as new (options: Agent.Options) => any) {
      request(opts: unknown) {
        return apiRequest.call(this, opts);
      }
    } as unknown as AgentClass;
  } catch {
    agentClass = (require("undici") as typeof import("undici")).Agent;
  }
  return agentClass;
}

let cachedVersion: string | undefined;
/** Version from package.json, found relative to this file (works from the source tree and dist/). */
export function packageVersion(): string {
  if (cachedVersion) return cachedVersion;
  cachedVersion = "0.0.0-dev";
  for (const rel of ["../../package.json", "../../../package.json"]) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const pkg = require(rel) as { name?: string; version?: string };
      if (pkg?.name === "pulumi-coderd" && typeof pkg.version === "string") {
        cachedVersion = pkg.version;
        break;
      }
    } catch {
      // try the next location
    }
  }
  return cachedVersion;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class Transport {
  readonly baseUrl: string;
  readonly retry: RetryOptions;
  /** HTTP requests actually sent (attempts, including retries). */
  requestCount = 0;
  /** 429 answers received. */
  rateLimitedCount = 0;
  /** Total time spent waiting for the rate limit (paced and after 429s), in ms. */
  rateLimitWaitedMs = 0;
  readonly #pacer = new RateLimitPacer();
  // ES private fields: invisible to util.inspect, JSON.stringify and Object.keys.
  #agent?: Agent;
  readonly #agentOptions: Agent.Options;
  readonly #headers: Record<string, string>;
  readonly #redact: (s: string) => string;
  readonly #origin: string;
  readonly #prefix: string;
  private readonly onRequest?: (info: RequestEvent) => void;
  private readonly onRateLimitWait?: (event: RateLimitWaitEvent) => void;
  private readonly requestTimeoutMs: number;

  constructor(opts: TransportOptions) {
    this.baseUrl = opts.url.replace(/\/+$/, "");
    this.retry = { ...DEFAULT_RETRY, ...(opts.retry ?? {}) };
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 30_000;
    this.onRequest = opts.onRequest;
    this.onRateLimitWait = opts.onRateLimitWait;
    // coderd:headers values are credentials too (e.g. a proxy's auth header): redacted like the token.
    this.#redact = makeRedactor([opts.token, ...Object.values(opts.headers ?? {})]);
    const u = new URL(this.baseUrl);
    this.#origin = u.origin;
    this.#prefix = u.pathname.replace(/\/+$/, "");
    this.#agentOptions = {
      connect: { timeout: opts.connectTimeoutMs ?? 10_000 },
      headersTimeout: this.requestTimeoutMs + 1_000,
      bodyTimeout: this.requestTimeoutMs + 1_000,
      // Short idle keep-alive so we rarely reuse a socket a proxy or coderd already closed (a reset
      // POST is not retried).
      keepAliveTimeout: 4_000,
    };
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.headers ?? {})) headers[k.toLowerCase()] = v;
    headers["coder-session-token"] = opts.token;
    headers.accept = "application/json";
    headers["user-agent"] = opts.userAgent ?? `pulumi-coderd/${packageVersion()}`;
    this.#headers = headers;
  }

  /** The server's clock at local time `localMs` (from its Date headers), if known. */
  serverTime(localMs: number): number | undefined {
    return this.#pacer.serverTime(localMs);
  }

  /** Prevents util.inspect / JSON.stringify from walking into headers. */
  toJSON(): Record<string, unknown> {
    return { baseUrl: this.baseUrl, requestCount: this.requestCount };
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `Transport(${this.baseUrl})`;
  }

  async close(): Promise<void> {
    await this.#agent?.close();
  }

  /**
   * The keep-alive agent, made on the first request: a command that sends none (a no-change
   * preview) never loads undici.
   */
  private agent(): Agent {
    if (!this.#agent) {
      const UndiciAgent = undiciAgentClass();
      this.#agent = new UndiciAgent(this.#agentOptions);
    }
    return this.#agent;
  }

  /**
   * Sends a request under /api/v2 with retries. Resolves with any 2xx answer; rejects with a
   * CoderApiError subclass for HTTP errors or CoderNetworkError/CoderTimeoutError.
   */
  async request(method: HttpMethod, path: string, opts: RequestOptions = {}): Promise<RawResponse> {
    let fullPath = `/api/v2${path}`;
    if (opts.query) {
      const qs = new URLSearchParams();
      for (const [k, v] of Object.entries(opts.query)) if (v !== undefined) qs.set(k, v);
      const s = qs.toString();
      if (s) fullPath += `?${s}`;
    }
    const bodyText = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const headers =
      bodyText === undefined ? this.#headers : { ...this.#headers, "content-type": "application/json" };
    const started = Date.now();
    const { maxAttempts, maxRetryTimeMs, rateLimitWaitMs } = this.retry;
    // Coder's limiter keys on the request path as the server sees it, without the query.
    const limiterPath = this.#prefix + fullPath.split("?")[0];
    // Attempts that failed other than by 429 (those count against maxAttempts), consecutive 429s,
    // and the time this call spent waiting for the rate limit (not counted against maxRetryTimeMs).
    let failures = 0;
    let limitedInARow = 0;
    let rateWaited = 0;

    for (let attempt = 1; ; attempt++) {
      const slot = await this.#pacer.reserve(limiterPath);
      if (slot.delayMs > 0) {
        if (rateWaited + slot.delayMs > rateLimitWaitMs) {
          // Not sent: tell the pacer, so requests waiting on this one's answer go on.
          this.#pacer.observe(limiterPath, slot.ticket, undefined, {}, 0, 0);
          throw this.rateLimitBudgetError(method, fullPath, limiterPath, rateWaited, undefined);
        }
        this.emitWait(method, limiterPath, slot.delayMs, "paced", rateWaited);
        rateWaited += slot.delayMs;
        this.rateLimitWaitedMs += slot.delayMs;
        await sleep(slot.delayMs);
      }
      const t0 = Date.now();
      let outcome: AttemptOutcome;
      let response: RawResponse | undefined;
      let netErr: { kind: FailureKind; code?: string; reason: string } | undefined;
      this.requestCount++;
      // Our own per-attempt deadline (native timer): undici's headers/body timeouts use coarse
      // ~1 s "fast timers", which are kept only as a backstop.
      const abort = new AbortController();
      let gotHeaders = false;
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        abort.abort();
      }, this.requestTimeoutMs);
      try {
        const res = await this.agent().request({
          origin: this.#origin,
          path: this.#prefix + fullPath,
          method,
          headers,
          body: bodyText,
          signal: abort.signal,
          headersTimeout: this.requestTimeoutMs + 1_000,
          bodyTimeout: this.requestTimeoutMs + 1_000,
          // undici 7's agent.request never throws on HTTP status (throwOnError was removed), so
          // error bodies are always readable here.
        });
        gotHeaders = true;
        const text = await res.body.text();
        response = { status: res.statusCode, text, headers: res.headers };
        outcome = { status: res.statusCode };
      } catch (err) {
        netErr = timedOut
          ? {
              kind: "timeout",
              code: gotHeaders ? "UND_ERR_BODY_TIMEOUT" : "UND_ERR_HEADERS_TIMEOUT",
              reason: `no ${gotHeaders ? "complete body" : "response"} within ${this.requestTimeoutMs} ms`,
            }
          : classifyNetworkError(err);
        outcome = { failure: netErr.kind };
      } finally {
        clearTimeout(timer);
      }

      this.#pacer.observe(
        limiterPath,
        slot.ticket,
        response?.status,
        response?.headers ?? {},
        t0,
        Date.now(),
      );
      const ok = response !== undefined && response.status >= 200 && response.status < 300;
      let willRetry = false;
      let delay: number | undefined;
      if (response?.status === 429) {
        this.rateLimitedCount++;
        limitedInARow++;
        delay = this.rateLimitDelay(limiterPath, response, limitedInARow);
        willRetry = rateWaited + delay <= rateLimitWaitMs;
        this.emit({
          method,
          path: fullPath,
          attempt,
          status: 429,
          durationMs: Date.now() - t0,
          willRetry,
          retryDelayMs: willRetry ? delay : undefined,
        });
        if (!willRetry) throw this.rateLimitBudgetError(method, fullPath, limiterPath, rateWaited, response);
        this.emitWait(method, limiterPath, delay, "429", rateWaited);
        rateWaited += delay;
        this.rateLimitWaitedMs += delay;
        await sleep(delay);
        continue;
      }
      limitedInARow = 0;
      if (!ok) failures++;
      // A status the caller knows is final (e.g. Coder's "blocked" 500 on organization delete).
      const permanent = response !== undefined && opts.isPermanent?.(response) === true;
      if (!ok && !permanent && failures < maxAttempts && shouldRetry(method, outcome, opts.idempotent)) {
        const retryAfterMs =
          response?.status === 503 ? parseRetryAfter(response.headers["retry-after"]) : undefined;
        delay = backoffDelay(failures, this.retry, retryAfterMs);
        willRetry = Date.now() + delay - started - rateWaited <= maxRetryTimeMs;
      }
      this.emit({
        method,
        path: fullPath,
        attempt,
        status: response?.status,
        errorCode: netErr?.code,
        durationMs: Date.now() - t0,
        willRetry,
        retryDelayMs: willRetry ? delay : undefined,
      });
      if (ok && response) return response;
      if (willRetry && delay !== undefined) {
        await sleep(delay);
        continue;
      }
      if (response) throw this.httpError(method, fullPath, response);
      throw this.networkError(method, fullPath, netErr!, attempt);
    }
  }

  /**
   * How long to wait after a 429 before the pacer plans the next try. With Coder's limiter headers:
   * one refill interval (window / limit), doubling per 429 in a row, at most one window; the pacer
   * then adds what its model of the window needs. Its Retry-After is always the whole window, far
   * longer than needed once the window slides. Without them (a proxy's 429): Retry-After, else backoff.
   */
  private rateLimitDelay(limiterPath: string, res: RawResponse, inARow: number): number {
    const limit = this.#pacer.limitOf(limiterPath);
    if (limit !== undefined && res.headers["x-ratelimit-limit"] !== undefined) {
      const W = this.#pacer.windowMs;
      return Math.round(Math.min(W, (W / limit) * 2 ** (inARow - 1)));
    }
    return backoffDelay(inARow, this.retry, parseRetryAfter(res.headers["retry-after"]));
  }

  private emitWait(
    method: string,
    path: string,
    waitMs: number,
    reason: RateLimitWaitEvent["reason"],
    waitedMs: number,
  ): void {
    if (!this.onRateLimitWait) return;
    try {
      this.onRateLimitWait({
        method,
        path: this.#redact(path),
        waitMs,
        reason,
        limit: this.#pacer.limitOf(path),
        windowMs: this.#pacer.windowMs,
        waitedMs,
      });
    } catch {
      // a logging hook must never break a request
    }
  }

  /** The call waited as long as it may for the rate limit: say which limit, and what to do. */
  private rateLimitBudgetError(
    method: string,
    path: string,
    limiterPath: string,
    waitedMs: number,
    res: RawResponse | undefined,
  ): CoderApiError {
    const limit = this.#pacer.limitOf(limiterPath);
    const window = `${Math.round(this.#pacer.windowMs / 1000)} s`;
    const which =
      limit !== undefined
        ? `Coder's API rate limit (${limit} requests per ${window} per client IP and path)`
        : "a rate limit (429 without Coder's X-Ratelimit headers, e.g. from a proxy)";
    const hint =
      `${which} still held after waiting ${Math.round(waitedMs / 1000)} s for this call. ` +
      "Run again later, lower `pulumi up --parallel`, allow a longer wait with coderd:rateLimitWait / " +
      "CODER_RATE_LIMIT_WAIT (seconds), or raise coderd's --api-rate-limit (CODER_API_RATE_LIMIT)";
    return errorFromResponse({
      status: 429,
      method,
      path: this.#redact(path),
      bodyText: this.#redact(res?.text ?? ""),
      retryAfter: Math.ceil((parseRetryAfter(res?.headers["retry-after"]) ?? 0) / 1000) || undefined,
      hint,
    });
  }

  private emit(ev: RequestEvent): void {
    if (!this.onRequest) return;
    try {
      this.onRequest(ev);
    } catch {
      // a logging hook must never break a request
    }
  }

  private httpError(method: string, path: string, res: RawResponse): CoderApiError {
    const ra = parseRetryAfter(res.headers["retry-after"]);
    return errorFromResponse({
      status: res.status,
      method,
      path: this.#redact(path),
      bodyText: this.#redact(res.text),
      retryAfter: ra === undefined ? undefined : Math.ceil(ra / 1000),
    });
  }

  private networkError(
    method: string,
    path: string,
    e: { kind: FailureKind; code?: string; reason: string },
    attempts: number,
  ): CoderNetworkError {
    const init = {
      method,
      path: this.#redact(path),
      code: e.code,
      reason: this.#redact(e.reason),
      attempts,
      hint: networkHint(e.code, this.baseUrl),
    };
    return e.kind === "timeout" ? new CoderTimeoutError(init) : new CoderNetworkError(init);
  }
}

function networkHint(code: string | undefined, url: string): string {
  switch (code) {
    case "ECONNREFUSED":
      return `nothing is listening at ${url}; check coderd:url / CODER_URL`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `cannot resolve the host of ${url}; check coderd:url / CODER_URL`;
    case "UND_ERR_CONNECT_TIMEOUT":
      return `could not connect to ${url} in time; check coderd:url, firewalls and proxies`;
    case "UND_ERR_HEADERS_TIMEOUT":
    case "UND_ERR_BODY_TIMEOUT":
      return "coderd did not answer in time; it may be overloaded, or raise the client request timeout";
    case "SELF_SIGNED_CERT_IN_CHAIN":
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "UNABLE_TO_GET_ISSUER_CERT_LOCALLY":
    case "CERT_HAS_EXPIRED":
    case "ERR_TLS_CERT_ALTNAME_INVALID":
      return "TLS verification failed; for a private CA set NODE_EXTRA_CA_CERTS=/path/to/ca.pem before running pulumi";
    default:
      return "check that coderd is reachable at the configured URL";
  }
}
