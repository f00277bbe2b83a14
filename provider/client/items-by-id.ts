/**
 * A list answer looked up by id (ids compared case-insensitively, as Coder's UUIDs are).
 *
 * `lazy` keeps the items as they came off the wire and validates one when it is first looked up.
 * Why: a refresh of 1000 groups reads them from one list, and validating all 1000 at once (about
 * 100 ms in the provider host, the code still cold) held up the first read and so the engine,
 * which waits for its first reads before it sends more. Spread over the reads, the same work
 * overlaps the engine's own, and a list much larger than what the stack manages is only indexed.
 */
export class ItemsById<T> {
  private readonly parsed = new Map<string, T>();

  private constructor(
    private readonly raw: Map<string, unknown>,
    private readonly parse: (raw: unknown, index: number) => T,
    private readonly indexOf: Map<string, number>,
  ) {}

  /** Items already validated. */
  static of<T>(items: T[], idOf: (item: T) => string): ItemsById<T> {
    const byId = new ItemsById<T>(new Map(), (raw) => raw as T, new Map());
    for (const item of items) byId.parsed.set(idOf(item).toLowerCase(), item);
    return byId;
  }

  /**
   * Items as decoded from JSON, each with a string `id` (checked here: an item without one could
   * not be found); `parse` validates one item when it is first looked up, and its error is thrown
   * to that lookup only.
   */
  static lazy<T>(items: Array<{ id: string }>, parse: (raw: unknown, index: number) => T): ItemsById<T> {
    const raw = new Map<string, unknown>();
    const indexOf = new Map<string, number>();
    items.forEach((item, index) => {
      const key = item.id.toLowerCase();
      raw.set(key, item);
      indexOf.set(key, index);
    });
    return new ItemsById<T>(raw, parse, indexOf);
  }

  get size(): number {
    return this.parsed.size + this.raw.size;
  }

  /** The item with this id, validated; `undefined` when the list does not have it. */
  get(id: string): T | undefined {
    const key = id.toLowerCase();
    const done = this.parsed.get(key);
    if (done !== undefined) return done;
    if (!this.raw.has(key)) return undefined;
    const item = this.parse(this.raw.get(key), this.indexOf.get(key)!);
    this.parsed.set(key, item);
    this.raw.delete(key);
    return item;
  }
}
