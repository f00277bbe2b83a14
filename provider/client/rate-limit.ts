// Client side of Coder's API rate limiter (coderd/httpmw/ratelimit.go, go-chi/httprate).
//
// coderd counts requests per client IP + exact path in fixed windows (one minute) and judges a
// request by a sliding window: the previous window's count weighted by the part of the window still
// to come, plus the current count; over the limit it answers 429 with `Retry-After` = the whole
// window. Every answer carries X-Ratelimit-Limit, X-Ratelimit-Remaining and X-Ratelimit-Reset (unix
// seconds at the end of the current window).
//
// Waiting the full `Retry-After` after each 429 would be correct but slow, and sending blindly would
// collect a 429 for most requests of a large `pulumi up` (1000 groups are 1000 POSTs to one path).
// So this pacer keeps, per path, a model of the server's counter: how many requests we sent in each
// window (corrected upwards from X-Ratelimit-Remaining when others share the bucket), and the
// server's clock (bounded from X-Ratelimit-Reset and Date). While the server says there is room,
// requests go at once; when it says none is left, each request is given the earliest moment the
// sliding window admits it. A 429 is still possible (other clients, clock error) and is handled by
// the transport: it waits for the pacer's next slot, at least an interval that doubles per 429.

/** What a rate-limit wait looks like to a logger: no headers, no bodies, no token. */
export interface RateLimitWaitEvent {
  method: string;
  /** Path without the query string: the limiter's key (with the client IP). */
  path: string;
  waitMs: number;
  /** `paced`: held back before sending; `429`: the server refused, waiting to send again. */
  reason: "paced" | "429";
  /** The limiter's limit per window, when the server said it. */
  limit?: number;
  windowMs: number;
  /** Time this call has already waited for the rate limit, before this wait. */
  waitedMs: number;
}

type Headers = Record<string, string | string[] | undefined>;

const header = (h: Headers, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

const intHeader = (h: Headers, name: string): number | undefined => {
  const v = header(h, name);
  if (v === undefined || !/^-?\d+$/.test(v.trim())) return undefined;
  return Number(v.trim());
};

/** Coder's window (`httpmw.RateLimit(..., time.Minute)`), until the server shows another. */
export const CODER_RATE_LIMIT_WINDOW_MS = 60_000;

interface PathState {
  limit: number;
  /** X-Ratelimit-Remaining of the latest observed answer. */
  remaining: number;
  /** Requests reserved after the one whose answer set `remaining` (not counted in it yet). */
  sentSince: number;
  /** Reservations made so far (a ticket number per request). */
  tickets: number;
  /** Window index (server time / window) → requests we sent in that window. */
  sent: Map<number, number>;
  /** Local time of the latest reserved slot when paced (slots are handed out in order). */
  lastSlot: number;
  /** X-Ratelimit-Reset of the latest answer: the end of the server's current window (unix s). */
  resetSec: number;
}

/** A reserved send: when to send (delay from now) and the ticket to report the answer with. */
export interface Reservation {
  delayMs: number;
  ticket: number;
}

export class RateLimitPacer {
  /** Window length: Coder's minute until a 429's Retry-After or the Reset steps show a shorter one. */
  windowMs = CODER_RATE_LIMIT_WINDOW_MS;
  /** Whether the server has shown the window length (else it is assumed to be Coder's minute). */
  windowConfirmed = false;
  // Bounds on (server clock − local clock) in ms, narrowed by every answer.
  #offsetLo = Number.NEGATIVE_INFINITY;
  #offsetHi = Number.POSITIVE_INFINITY;
  #lastReset: number | undefined;
  #dateSeen = false;
  readonly #paths = new Map<string, PathState>();
  /** Paths whose answers carry no limiter headers (limiter off, or not a limited route). */
  readonly #unlimited = new Set<string>();
  /** First request on a path still waiting for its answer: the others wait to learn the limit. */
  readonly #probes = new Map<string, { ticket: number; done: Promise<void>; resolve: () => void }>();

  /** The limit last seen for a path (undefined before the server said one). */
  limitOf(path: string): number | undefined {
    return this.#paths.get(path)?.limit;
  }

  /**
   * Server clock − local clock. The lower bound is the safe choice: it puts window boundaries at
   * their latest possible local time, so a request planned "just after the boundary" is never early.
   */
  get offsetMs(): number {
    if (Number.isFinite(this.#offsetLo)) return this.#offsetLo;
    if (Number.isFinite(this.#offsetHi)) return this.#offsetHi - 1000;
    return 0;
  }

  /**
   * The server's clock at local time `localMs`, from its Date headers (the lower bound: the
   * server's real time is at most ~1 s later). Undefined until an answer with a Date arrived.
   */
  serverTime(localMs: number): number | undefined {
    return this.#dateSeen ? localMs + this.#offsetLo : undefined;
  }

  /**
   * Reserves the next send on `path`: delay 0 while the server says there is room. The first
   * request on a path goes alone; concurrent ones wait for its answer (one round trip), so a burst
   * of creates does not run into a limit the client has not seen yet.
   */
  async reserve(path: string, now?: number): Promise<Reservation> {
    for (;;) {
      const probe = this.#probes.get(path);
      if (probe) {
        await probe.done;
        continue;
      }
      if (this.#unlimited.has(path) || this.#paths.has(path))
        return this.reserveKnown(path, now ?? Date.now());
      this.#startProbe(path, 0);
      return { delayMs: 0, ticket: 0 };
    }
  }

  /** Until the answer to `ticket` arrives, other requests on `path` wait in `reserve`. */
  #startProbe(path: string, ticket: number): void {
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    this.#probes.set(path, { ticket, done, resolve });
  }

  /** `reserve` for a path whose answers were seen (synchronous: the model decides). */
  reserveKnown(path: string, now: number = Date.now()): Reservation {
    const st = this.#paths.get(path);
    if (!st) return { delayMs: 0, ticket: 0 };
    const ticket = ++st.tickets;
    if (st.remaining - st.sentSince > 0) {
      st.sentSince++;
      this.#count(st, now);
      return { delayMs: 0, ticket };
    }
    let t = this.#nextSlot(st, Math.max(now, st.lastSlot));
    // While the window length is only assumed, never plan past the end of the server's current
    // window (which X-Ratelimit-Reset states): the answers after it show how the window moved on.
    const knownEnd = st.resetSec * 1000 - this.offsetMs + 1;
    if (!this.windowConfirmed && t > knownEnd && knownEnd > now) {
      t = Math.max(knownEnd, st.lastSlot + 1);
      // One request goes at the window's end; the rest wait for its answer, which shows the new
      // window (and so its length) instead of all colliding with an unknown sliding count.
      this.#startProbe(path, ticket);
    }
    st.sentSince++;
    st.lastSlot = t;
    this.#count(st, t);
    return { delayMs: Math.max(0, t - now), ticket };
  }

  /**
   * Learns from an answer: the limit and what is left on its path, the window length and the
   * server's clock. `sentAt`/`receivedAt` are local times around the attempt.
   */
  observe(
    path: string,
    ticket: number,
    status: number | undefined,
    headers: Headers,
    sentAt: number,
    receivedAt: number,
  ): void {
    try {
      this.#observe(path, ticket, status, headers, sentAt, receivedAt);
    } finally {
      // Whatever the answer (or a network failure), the requests waiting on this path's first
      // answer may go on.
      const probe = this.#probes.get(path);
      if (probe && probe.ticket === ticket) {
        this.#probes.delete(path);
        probe.resolve();
      }
    }
  }

  #observe(
    path: string,
    ticket: number,
    status: number | undefined,
    headers: Headers,
    sentAt: number,
    receivedAt: number,
  ): void {
    if (status === undefined) return;
    const date = header(headers, "date");
    const d = date === undefined ? Number.NaN : Date.parse(date);
    if (!Number.isNaN(d)) {
      this.#narrowOffset(d - receivedAt, d + 1000 - sentAt);
      this.#dateSeen = true;
    }
    const limit = intHeader(headers, "x-ratelimit-limit");
    const remaining = intHeader(headers, "x-ratelimit-remaining");
    const reset = intHeader(headers, "x-ratelimit-reset");
    if (limit === undefined || remaining === undefined || reset === undefined || limit <= 0) {
      if (status !== 429 && !this.#paths.has(path)) this.#unlimited.add(path);
      return;
    }
    this.#unlimited.delete(path);
    if (status === 429) {
      // httprate always sends the whole window as Retry-After.
      const ra = intHeader(headers, "retry-after");
      if (ra !== undefined && ra > 0) {
        this.windowMs = ra * 1000;
        this.windowConfirmed = true;
      }
    } else if (this.#lastReset !== undefined && reset !== this.#lastReset) {
      // Consecutive windows end one window apart: a shorter step shows a shorter window.
      const step = Math.abs(reset - this.#lastReset) * 1000;
      if (step > 0 && step <= this.windowMs) {
        this.windowMs = step;
        this.windowConfirmed = true;
      }
    }
    this.#lastReset = reset;
    const end = reset * 1000;
    // The server answered inside the window that ends at `end`.
    this.#narrowOffset(end - this.windowMs - receivedAt, end - sentAt);

    let st = this.#paths.get(path);
    if (!st) {
      st = { limit, remaining, sentSince: 0, tickets: 0, sent: new Map(), lastSlot: 0, resetSec: reset };
      this.#paths.set(path, st);
      // This request itself was sent before we knew of the path.
      this.#count(st, sentAt);
    }
    st.limit = limit;
    st.remaining = remaining;
    st.resetSec = reset;
    st.sentSince = Math.max(0, st.tickets - ticket);
    // If the server counts more than we sent (other clients on this IP and path, or requests sent
    // before this process started), count the difference as ours in this window.
    const W = this.windowMs;
    const w = Math.round(end / W) - 1;
    const elapsed = Math.min(W, Math.max(0, receivedAt + this.offsetMs - w * W));
    const serverRate = limit - remaining - (status === 429 ? 0 : 1);
    const prev = st.sent.get(w - 1) ?? 0;
    const modelRate = Math.round((prev * (W - elapsed)) / W) + (st.sent.get(w) ?? 0);
    if (serverRate > modelRate) st.sent.set(w, (st.sent.get(w) ?? 0) + serverRate - modelRate);
    // Keep only recent windows.
    for (const k of st.sent.keys()) if (k < w - 2) st.sent.delete(k);
  }

  #narrowOffset(lo: number, hi: number): void {
    const nlo = Math.max(this.#offsetLo, lo);
    const nhi = Math.min(this.#offsetHi, hi);
    if (nlo > nhi) {
      // Inconsistent (a clock step, or the window length just changed): start over from this answer.
      this.#offsetLo = lo;
      this.#offsetHi = hi;
    } else {
      this.#offsetLo = nlo;
      this.#offsetHi = nhi;
    }
  }

  #windowIndex(localT: number): number {
    return Math.floor((localT + this.offsetMs) / this.windowMs);
  }

  #count(st: PathState, localT: number): void {
    const w = this.#windowIndex(localT);
    st.sent.set(w, (st.sent.get(w) ?? 0) + 1);
  }

  /** The earliest local time from `t` at which the sliding window admits one more request. */
  #nextSlot(st: PathState, t: number): number {
    const W = this.windowMs;
    const L = st.limit;
    const offset = this.offsetMs;
    for (let i = 0; i < 1000; i++) {
      const serverT = t + offset;
      const w = Math.floor(serverT / W);
      const elapsed = serverT - w * W;
      const prev = st.sent.get(w - 1) ?? 0;
      const curr = st.sent.get(w) ?? 0;
      if (Math.round((prev * (W - elapsed)) / W) + curr + 1 <= L) return t;
      const need = L - curr - 1;
      const nextWindow = (w + 1) * W - offset + 1;
      if (need < 0 || prev === 0) {
        t = nextWindow;
        continue;
      }
      // round(prev·(W−e)/W) <= need  ⇐  prev·(W−e)/W < need + 0.5
      const e = W - ((need + 0.5) * W) / prev;
      const at = w * W + Math.ceil(e) + 1 - offset;
      t = at >= nextWindow ? nextWindow : Math.max(at, t + 1);
    }
    return t;
  }
}
