/**
 * A list answer looked up by id (ids compared case-insensitively, as Coder's UUIDs are).
 *
 * `lazy` keeps the items as they came off the wire and validates one when it is looked up.
 * Why: a refresh of 1000 groups reads them from one list, and validating all 1000 at once (about
 * 100 ms in the provider host, the code still cold) held up the first read and so the engine,
 * which waits for its first reads before it sends more. Spread over the reads, the same work
 * overlaps the engine's, and a list much larger than what the stack manages is only indexed.
 */
export class ItemsById<T> {
  private constructor(
    private readonly items: Map<string, { item: unknown; index: number }>,
    private readonly parse: (raw: unknown, index: number) => T,
  ) {}

  /** Items already validated. */
  static of<T>(items: T[], idOf: (item: T) => string): ItemsById<T> {
    const byId = new Map(items.map((item, index) => [idOf(item).toLowerCase(), { item, index }]));
    return new ItemsById<T>(byId, (item) => item as T);
  }

  /**
   * Items as decoded from JSON, each with a string `id` (checked by the caller: an item without
   * one could not be found); `parse` validates one item when it is looked up, and its error is
   * thrown to that lookup only. The result is not kept (batched reads look each id up once), so
   * it dies young instead of being promoted with the list.
   */
  static lazy<T>(items: Array<{ id: string }>, parse: (raw: unknown, index: number) => T): ItemsById<T> {
    const byId = new Map(
      items.map((item, index) => [item.id.toLowerCase(), { item: item as unknown, index }]),
    );
    return new ItemsById<T>(byId, parse);
  }

  get size(): number {
    return this.items.size;
  }

  /** The item with this id, validated; `undefined` when the list does not have it. */
  get(id: string): T | undefined {
    const found = this.items.get(id.toLowerCase());
    return found && this.parse(found.item, found.index);
  }
}
