import { describe, expect, it } from "vitest";
import { ItemsById } from "../../provider/client";
import { BATCH_WINDOW_MS, ReadSnapshots } from "../../provider/dynamic/read-snapshots";

// The generation logic of batched reads, without HTTP (test/resources/read-snapshots.test.ts runs
// them against the emulator).
interface Item {
  id: string;
  v: number;
}

function source(items: Item[]) {
  const calls = { lists: 0, gets: 0 };
  return {
    calls,
    opts: (id: string) => ({
      fetch: async () => {
        calls.lists++;
        return ItemsById.of(items, (i) => i.id);
      },
      getOne: async () => {
        calls.gets++;
        return items.find((i) => i.id === id);
      },
    }),
  };
}

describe("ReadSnapshots", () => {
  it("a second read ends the first one's wait: the list is sent without waiting out the window", async () => {
    const s = new ReadSnapshots();
    const { calls, opts } = source([
      { id: "a", v: 1 },
      { id: "b", v: 2 },
    ]);
    const started = performance.now();
    const first = s.one("groups", "org", "a", opts("a"));
    await new Promise((r) => setTimeout(r, 1));
    const second = s.one("groups", "org", "b", opts("b"));
    expect(await first).toEqual({ id: "a", v: 1 });
    expect(await second).toEqual({ id: "b", v: 2 });
    expect(performance.now() - started).toBeLessThan(BATCH_WINDOW_MS);
    expect(calls).toEqual({ lists: 1, gets: 0 });
  });

  it("a lone read waits the window, then sends its GET", async () => {
    const s = new ReadSnapshots();
    const { calls, opts } = source([{ id: "a", v: 1 }]);
    const started = performance.now();
    expect(await s.one("groups", "org", "a", opts("a"))).toEqual({ id: "a", v: 1 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(BATCH_WINDOW_MS - 1);
    expect(calls).toEqual({ lists: 0, gets: 1 });
  });

  it("finds ids whatever their case, says undefined for a missing one, and lists again after a write", async () => {
    const s = new ReadSnapshots();
    const items = [
      { id: "AB-1", v: 1 },
      { id: "cd-2", v: 2 },
    ];
    const { calls, opts } = source(items);
    const reads = await Promise.all([
      s.one("groups", "org", "ab-1", opts("ab-1")),
      s.one("groups", "org", "CD-2", opts("CD-2")),
      s.one("groups", "org", "gone", opts("gone")),
    ]);
    expect(reads).toEqual([{ id: "AB-1", v: 1 }, { id: "cd-2", v: 2 }, undefined]);
    expect(calls.lists).toBe(1);
    s.noteRequest("PATCH", "/api/v2/groups/ab-1");
    items[0] = { id: "AB-1", v: 3 };
    const again = await Promise.all([
      s.one("groups", "org", "AB-1", opts("AB-1")),
      s.one("groups", "org", "cd-2", opts("cd-2")),
    ]);
    expect(again[0]).toEqual({ id: "AB-1", v: 3 });
    expect(calls.lists).toBe(2);
  });
});
