// Bounded log of /api/v2 requests (a ring buffer, so benchmarks do not grow memory without bound).

export interface RequestLogEntry {
  seq: number;
  method: string;
  path: string;
  /** Raw query string without "?" ("" when none). */
  query: string;
  /** HTTP status; 0 when the connection was dropped by a fault. */
  status: number;
  durationMs: number;
  fault?: string;
}

export class RequestLog {
  private readonly buf: (RequestLogEntry | undefined)[];
  private next = 0;
  private seq = 0;
  private count = 0;

  constructor(readonly capacity = 100_000) {
    this.buf = new Array(capacity);
  }

  add(entry: Omit<RequestLogEntry, "seq">): void {
    this.seq++;
    this.buf[this.next] = { seq: this.seq, ...entry };
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  entries(): RequestLogEntry[] {
    const out: RequestLogEntry[] = [];
    const start = (this.next - this.count + this.capacity) % this.capacity;
    for (let i = 0; i < this.count; i++) out.push(this.buf[(start + i) % this.capacity]!);
    return out;
  }

  /** Clears entries; sequence numbers keep increasing so entries stay distinguishable. */
  clear(): void {
    this.buf.fill(undefined);
    this.next = 0;
    this.count = 0;
  }
}
