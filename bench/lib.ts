// Helpers of bench/run.ts: request-log accounting, state sizes, statistics and tables.

import * as fs from "node:fs";
import * as path from "node:path";
import { providerBytes, routeOf } from "../tools/state-measures";

/**
 * Installs the control's providers (bench/noop-provider) as the package `coderd-bench-noop` in the
 * workspace where pulumi-coderd is installed, so the control's `__provider` is a `require` of an
 * installed module, like ours.
 */
export function installControlProvider(workspaceDir: string): void {
  const from = path.join(__dirname, "noop-provider");
  const to = path.join(workspaceDir, "node_modules", "coderd-bench-noop");
  fs.mkdirSync(to, { recursive: true });
  for (const f of fs.readdirSync(from)) fs.copyFileSync(path.join(from, f), path.join(to, f));
}

export interface LoggedRequest {
  method: string;
  path: string;
  status?: number;
}

/**
 * Calls the provider makes once per provider process (per `pulumi` run), not per resource: the
 * entitlement check (cached 10 s) and the default-organization lookup (cached per process).
 */
export const OVERHEAD_ROUTES = new Set([
  "GET /api/v2/entitlements",
  "GET /api/v2/users/me",
  "GET /api/v2/experiments",
]);

/** `routeOf` (as the e2e tests count calls), with provisioner key names also collapsed to :name. */
export function routeKey(r: LoggedRequest): string {
  return routeOf(r).replace(/\/provisionerkeys\/[^/]+$/, "/provisionerkeys/:name");
}

export interface CallSplit {
  /** Calls attributable to the resource, route → count. */
  resource: Record<string, number>;
  resourceTotal: number;
  /** Per-run overhead (OVERHEAD_ROUTES), route → count. */
  overhead: Record<string, number>;
  overheadTotal: number;
  /** Requests answered with an error status (should be none). */
  errors: number;
}

export function splitCalls(log: LoggedRequest[]): CallSplit {
  const split: CallSplit = { resource: {}, resourceTotal: 0, overhead: {}, overheadTotal: 0, errors: 0 };
  for (const r of log) {
    const key = routeKey(r);
    if (OVERHEAD_ROUTES.has(key)) {
      split.overhead[key] = (split.overhead[key] ?? 0) + 1;
      split.overheadTotal++;
    } else {
      split.resource[key] = (split.resource[key] ?? 0) + 1;
      split.resourceTotal++;
    }
    if ((r.status ?? 200) >= 400) split.errors++;
  }
  return split;
}

export function formatCalls(calls: Record<string, number>): string {
  const entries = Object.entries(calls);
  if (entries.length === 0) return "none";
  return entries
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => (n > 1 ? `${n}× ${k.replace("/api/v2", "")}` : k.replace("/api/v2", "")))
    .join(", ");
}

/**
 * `__provider` bytes per resource of this package (providerBytes, as the e2e tests measure it) and
 * state bytes per resource.
 */
export function stateSizes(deployment: any): {
  resources: number;
  coderdResources: number;
  providerBytes: { min: number; max: number; mean: number };
  stateBytes: number;
  stateBytesPerResource: number;
} {
  const all: any[] = deployment?.deployment?.resources ?? [];
  const sizes = Object.values(providerBytes(deployment));
  const stateBytes = Buffer.byteLength(JSON.stringify(deployment));
  return {
    resources: all.length,
    coderdResources: sizes.length,
    providerBytes: {
      min: sizes.length ? Math.min(...sizes) : 0,
      max: sizes.length ? Math.max(...sizes) : 0,
      mean: sizes.length ? Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length) : 0,
    },
    stateBytes,
    stateBytesPerResource: all.length ? Math.round(stateBytes / all.length) : 0,
  };
}

/** Least-squares fit y = slope·x + intercept, with r². */
export function linearFit(points: Array<[number, number]>): { slope: number; intercept: number; r2: number } {
  const n = points.length;
  if (n < 2) return { slope: Number.NaN, intercept: Number.NaN, r2: Number.NaN };
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  }
  const slope = sxx === 0 ? Number.NaN : sxy / sxx;
  const intercept = my - slope * mx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { slope, intercept, r2 };
}

/** A Markdown table (also readable on a terminal). */
export function table(headers: string[], rows: Array<Array<string | number>>): string {
  const cells = rows.map((r) => r.map((c) => String(c)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(headers), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...cells.map(line)].join(
    "\n",
  );
}

export function secs(ms: number): string {
  return (ms / 1000).toFixed(2);
}

export const RATE_LIMIT_SECTION_START = "<!-- bench/rate-limit.ts: start -->";
export const RATE_LIMIT_SECTION_END = "<!-- bench/rate-limit.ts: end -->";

/** Replaces (or appends) this bench's section of RESULTS.md, leaving the rest as bench/run.ts wrote it. */
export function withRateLimitSection(existing: string, section: string): string {
  const block = `${RATE_LIMIT_SECTION_START}\n${section.trim()}\n${RATE_LIMIT_SECTION_END}`;
  const a = existing.indexOf(RATE_LIMIT_SECTION_START);
  const b = existing.indexOf(RATE_LIMIT_SECTION_END);
  if (a >= 0 && b > a)
    return existing.slice(0, a) + block + existing.slice(b + RATE_LIMIT_SECTION_END.length);
  return `${existing.trimEnd()}\n\n${block}\n`;
}
