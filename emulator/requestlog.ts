// Bounded log of /api/v2 requests (a ring buffer, so benchmarks do not grow memory without bound).
// A request gets its sequence number when it arrives and is logged when it completes; requests that
// arrived before the last clear() are never logged, so a slow request left over from an earlier test
// (e.g. one delayed by a latency fault) cannot show up in the next test's log.

export interface RequestLogEntry {
  seq: number;
  method: string;
  path: string;
  /** Raw query string without "?" ("" when none). */
  query: string;
  /** HTTP status; 0 when the connection was dropped by a fault. */
  status: number;
  durationMs: number;
  /** Faults applied, e.g. "status" or "after-drop". */
  fault?: string;
  /** True when Coder's rate limiter answered 429 (an injected 429 is a `fault` instead). */
  rateLimited?: boolean;
}

export class RequestLog {
  private readonly buf: (RequestLogEntry | undefined)[];
  private next = 0;
  private seq = 0;
  private count = 0;

  constructor(readonly capacity = 100_000) {
    this.buf = new Array(capacity);
  }

  private clearedThrough = 0;

  /** Call when a request arrives; returns its sequence number. */
  begin(): number {
    return ++this.seq;
  }

  /** Call when the request completes. */
  add(seq: number, entry: Omit<RequestLogEntry, "seq">): void {
    if (seq <= this.clearedThrough) return;
    this.buf[this.next] = { seq, ...entry };
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  entries(): RequestLogEntry[] {
    const out: RequestLogEntry[] = [];
    const start = (this.next - this.count + this.capacity) % this.capacity;
    for (let i = 0; i < this.count; i++) out.push(this.buf[(start + i) % this.capacity]!);
    return out;
  }

  /** Clears entries and ignores requests still in flight; sequence numbers keep increasing. */
  clear(): void {
    this.clearedThrough = this.seq;
    this.buf.fill(undefined);
    this.next = 0;
    this.count = 0;
  }
}
