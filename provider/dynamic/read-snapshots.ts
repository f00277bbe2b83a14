/**
 * Batched reads: within one provider process, reads of objects of a list-able kind are answered
 * from one list call per (kind, scope), made on first need and shared by concurrent reads.
 *
 * Why it is safe (drift detection stays as strong as one GET per object):
 * - The dynamic-provider host is one process per `pulumi` command (every resource of every type of
 *   this package shares it), so a snapshot made in the process is never older than the command.
 * - A snapshot answers each object at most once. A second read of the same id means a later phase
 *   (or, in tests, a later command in the same process): it starts a new generation with a fresh
 *   list, so a change made in between is seen.
 * - Every write the process sends (any method but GET) drops the snapshots of what it touched
 *   (`noteRequest`, fed from the client's request hook), so a read after a write lists again.
 * - An object missing from a fresh list is gone, exactly as a 404 of its GET would say.
 *
 * When the per-object GET is used instead (kinds that have one: groups, workspace proxies, OAuth2
 * apps): a read that stays alone. The first read of a generation waits up to BATCH_WINDOW_MS for
 * company; if no other read of the same (kind, scope) arrived, it sends its GET (a stack managing
 * one group of a large organization never lists the organization). Otherwise one list serves all,
 * sent as soon as the second read arrives.
 * bench/MINIMUMS.md ("Batched reads") has the measurements behind this rule.
 */

import type { ItemsById } from "../client";

/** The list-able kinds; a scope is the organization (or OAuth2 app) the list belongs to. */
export type SnapshotKind =
  | "groups"
  | "workspace-proxies"
  | "provisioner-keys"
  | "licenses"
  | "oauth2-apps"
  | "oauth2-app-secrets";

/** How long the first read of a generation waits for others before it settles for a GET. */
export const BATCH_WINDOW_MS = 15;

interface Generation {
  /** Ids read in this generation. */
  seen: Set<string>;
  /** The shared list (an array, or by id for `one`), once a read needed it. */
  list?: Promise<unknown>;
  /** Ends the first read's wait as soon as a second read of the generation arrives. */
  company?: () => void;
}

export class ReadSnapshots {
  private readonly generations = new Map<string, Generation>();
  /** List calls made (each serves every read of its generation). */
  lists = 0;

  /**
   * The whole list of `kind` in `scope`, shared by every read of the current generation; for kinds
   * read from a list only (licenses, provisioner keys, OAuth2 app secrets).
   */
  list<T>(kind: SnapshotKind, scope: string, id: string, fetch: () => Promise<T[]>): Promise<T[]> {
    return this.shared(this.enter(kind, scope, id), fetch);
  }

  /**
   * One object by id: from the shared list when other reads of `kind` in `scope` come along,
   * otherwise with `getOne`. `undefined` when the list does not have it (the object is gone).
   * The list comes by id (a lookup per read, not a scan), its items validated as they are read.
   */
  async one<T>(
    kind: SnapshotKind,
    scope: string,
    id: string,
    opts: { fetch: () => Promise<ItemsById<T>>; getOne: () => Promise<T | undefined> },
  ): Promise<T | undefined> {
    const gen = this.enter(kind, scope, id);
    if (!gen.list && gen.seen.size === 1) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, BATCH_WINDOW_MS);
        gen.company = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      gen.company = undefined;
      // Still alone (and the generation still current): one GET is cheaper than a list.
      if (!gen.list && gen.seen.size === 1) return opts.getOne();
    }
    return (await this.shared(gen, opts.fetch)).get(id);
  }

  /** Drops every snapshot of `kind` (all scopes): the next read lists again. */
  invalidate(kind: SnapshotKind): void {
    for (const [key, gen] of this.generations) {
      if (key.startsWith(`${kind}\u0000`)) gen.list = undefined;
    }
  }

  /** Drops every snapshot. */
  invalidateAll(): void {
    for (const gen of this.generations.values()) gen.list = undefined;
  }

  /** Called for every request the client sends: a write drops the snapshots it may have changed. */
  noteRequest(method: string, path: string): void {
    if (method === "GET" || method === "HEAD") return;
    const kinds = kindsWrittenBy(path);
    if (kinds === "all") this.invalidateAll();
    else for (const kind of kinds) this.invalidate(kind);
  }

  private enter(kind: SnapshotKind, scope: string, id: string): Generation {
    const key = `${kind}\u0000${scope.toLowerCase()}`;
    const wanted = id.toLowerCase();
    let gen = this.generations.get(key);
    if (!gen || gen.seen.has(wanted)) {
      gen = { seen: new Set() };
      this.generations.set(key, gen);
    }
    gen.seen.add(wanted);
    if (gen.seen.size === 2) gen.company?.();
    return gen;
  }

  private shared<L>(gen: Generation, fetch: () => Promise<L>): Promise<L> {
    if (!gen.list) {
      this.lists++;
      const list = fetch();
      gen.list = list;
      // A failed list is not kept: the next read tries again.
      list.catch(() => {
        if (gen.list === list) gen.list = undefined;
      });
    }
    return gen.list as Promise<L>;
  }
}

/**
 * The kinds a write to `path` (under /api/v2) may change. Writes this package does not know are
 * assumed to change everything (e.g. removing an organization member also removes group members).
 */
export function kindsWrittenBy(path: string): SnapshotKind[] | "all" {
  const p = path.replace(/^\/api\/v2/, "").split("?")[0]!;
  if (/^\/organizations\/[^/]+\/groups(\/|$)/.test(p) || /^\/groups(\/|$)/.test(p)) return ["groups"];
  if (/^\/organizations\/[^/]+\/provisionerkeys(\/|$)/.test(p)) return ["provisioner-keys"];
  if (/^\/workspaceproxies(\/|$)/.test(p)) return ["workspace-proxies"];
  if (/^\/licenses(\/|$)/.test(p)) return ["licenses"];
  // Deleting an app deletes its secrets.
  if (/^\/oauth2-provider\/apps(\/|$)/.test(p)) return ["oauth2-apps", "oauth2-app-secrets"];
  // Settings and ACL writes change none of the listed kinds.
  if (/^\/organizations\/[^/]+\/settings\//.test(p) || /^\/settings\//.test(p)) return [];
  if (/^\/templates\/[^/]+\/acl$/.test(p)) return [];
  return "all";
}
