// Bench: `pulumi up` of N groups (default 1000) against the emulator's Coder rate limiter at
// Coder's default, 512 requests per minute per client IP and path. Every group is a POST to the
// same path (`/organizations/{org}/groups`), so the limiter decides the wall time: the sliding
// window admits the first 512 at once and then about 512 per minute, so N requests need at least
// (N − limit) / limit windows: the floor printed below. Measures: zero failures, how many 429s the
// provider collected, and the wall time against that floor. Takes minutes; not part of `npm test`.
// Two measurements: the client alone (N concurrent creates through CoderClient: how close pacing
// gets to the floor, without the engine's own time), then a real `pulumi up`.
//
// Usage: node scripts/run-ts.js bench/rate-limit.ts [--n 1000] [--limit 512] [--window-ms 60000] [--no-md]
// Writes (unless --no-md) its section of bench/RESULTS.md, between the markers below.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../emulator/index";
import { CoderClient } from "../provider/client";
import { ProjectStack as E2EStack } from "../tools/project-stack";
import { prepareE2EEnvironment } from "../tools/workspace";
import { secs, table, withRateLimitSection } from "./lib";

function numArg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return def;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} wants a positive whole number`);
  return v;
}

const N = numArg("n", 1000);
const LIMIT = numArg("limit", 512);
const WINDOW_MS = numArg("window-ms", 60_000);
const WRITE_MD = !process.argv.includes("--no-md");
const started = Date.now();
const log = (msg: string) =>
  console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s] ${msg}`);

/** N concurrent group creates through the client alone (no engine) against a fresh limiter. */
async function clientOnly(floorMs: number) {
  const emu = await startEmulator({ license: "all", rateLimit: LIMIT, rateLimitWindowMs: WINDOW_MS });
  const client = new CoderClient({ url: emu.url, token: emu.token });
  try {
    const org = (await emu.control.seed()).defaultOrganizationId;
    await emu.control.clearRequests();
    const t0 = performance.now();
    const results = await Promise.allSettled(
      Array.from({ length: N }, (_, i) => client.createGroup(org, { name: `rl-${i}` })),
    );
    const ms = performance.now() - t0;
    const reqLog = await emu.control.requests();
    const row = {
      ok: results.every((r) => r.status === "fulfilled"),
      groupsCreated: results.filter((r) => r.status === "fulfilled").length,
      requests: reqLog.length,
      rateLimited: reqLog.filter((r) => r.rateLimited).length,
      otherErrors: reqLog.filter((r) => r.status >= 400 && !r.rateLimited).length,
      ms,
    };
    log(
      `client only: ${row.groupsCreated} groups in ${secs(ms)} s, ${row.requests} requests, ` +
        `${row.rateLimited} answered 429; floor ${secs(floorMs)} s`,
    );
    return row;
  } finally {
    await client.close();
    await emu.close();
  }
}

async function main(): Promise<void> {
  prepareE2EEnvironment();
  const client = await clientOnly((Math.max(0, N - LIMIT) / LIMIT) * WINDOW_MS);
  const emu = await startEmulator({ license: "all", rateLimit: LIMIT, rateLimitWindowMs: WINDOW_MS });
  const stack = new E2EStack({
    program: "bench/programs/rate-limit-groups.ts",
    target: emu,
    project: "coderd-bench-rl",
  });
  const params = { n: N, prefix: "rl-" };
  // The fewest windows the sliding window needs for N requests on one path, from an empty counter.
  const floorMs = (Math.max(0, N - LIMIT) / LIMIT) * WINDOW_MS;
  try {
    log(`pulumi up: ${N} groups, limiter ${LIMIT} per ${WINDOW_MS / 1000} s (floor ${secs(floorMs)} s)`);
    await emu.control.clearRequests();
    const t0 = performance.now();
    const up = await stack.tryRun("up", params);
    const upMs = performance.now() - t0;
    const upLog = await emu.control.requests();
    const groups = ((await emu.control.state()).groups as { name: string }[]).filter((g) =>
      g.name.startsWith("rl-"),
    );
    const posts = upLog.filter((r) => r.method === "POST" && r.path.endsWith("/groups"));
    const row = {
      ok: !up.error,
      groupsCreated: groups.length,
      requests: upLog.length,
      groupPosts: posts.length,
      rateLimited: upLog.filter((r) => r.rateLimited).length,
      otherErrors: upLog.filter((r) => r.status >= 400 && !r.rateLimited).length,
      upMs,
      floorMs,
    };
    log(
      `up ${row.ok ? "succeeded" : `FAILED: ${up.error}`} in ${secs(upMs)} s: ${row.groupsCreated} groups, ` +
        `${row.requests} requests (${row.groupPosts} group POSTs), ${row.rateLimited} answered 429, ` +
        `${row.otherErrors} other errors; floor ${secs(floorMs)} s`,
    );
    log("pulumi destroy (DELETE /groups/{id}: one path per group, the limiter does not bind)");
    await emu.control.clearRequests();
    const t1 = performance.now();
    const destroy = await stack.tryRun("destroy", params);
    const destroyMs = performance.now() - t1;
    const destroyLimited = (await emu.control.requests()).filter((r) => r.rateLimited).length;
    log(
      `destroy ${destroy.error ? `FAILED: ${destroy.error}` : "succeeded"} in ${secs(destroyMs)} s, ${destroyLimited} 429s`,
    );

    const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GB`;
    const md = [
      "## Coder's rate limiter: pulumi up of many groups",
      "",
      `Generated by \`node scripts/run-ts.js bench/rate-limit.ts ${process.argv.slice(2).join(" ")}\` on ` +
        `${new Date().toISOString()} (${machine}). The emulator limits like coderd's \`--api-rate-limit\`: ` +
        `${LIMIT} requests per ${WINDOW_MS / 1000} s per client IP and path, sliding window. All ${N} creates ` +
        "are POSTs to one path. Floor = (N − limit) / limit windows: the least time the limiter allows for N " +
        "requests on one path starting from an empty counter, when the first burst ends just as a window ends; " +
        "started elsewhere in a window, the limiter's own minimum is up to one window longer. The client-only run " +
        "shows how close pacing gets to it; the `pulumi up` run adds the engine's own time for N resources " +
        "(see the scale table above for `up` without the limiter on this machine).",
      "",
      table(
        [
          "run",
          "N",
          "limit",
          "result",
          "groups made",
          "requests",
          "429s",
          "other errors",
          "s",
          "floor s",
          "÷ floor",
          "destroy s",
        ],
        [
          [
            "client only (N concurrent creates)",
            String(N),
            `${LIMIT}/${WINDOW_MS / 1000} s`,
            client.ok ? "pass" : "FAIL",
            String(client.groupsCreated),
            String(client.requests),
            String(client.rateLimited),
            String(client.otherErrors),
            secs(client.ms),
            secs(floorMs),
            floorMs > 0 ? (client.ms / floorMs).toFixed(2) : "–",
            "–",
          ],
          [
            "`pulumi up` (engine)",
            String(N),
            `${LIMIT}/${WINDOW_MS / 1000} s`,
            row.ok && !destroy.error ? "pass" : "FAIL",
            String(row.groupsCreated),
            String(row.requests),
            String(row.rateLimited),
            String(row.otherErrors),
            secs(upMs),
            secs(floorMs),
            floorMs > 0 ? (upMs / floorMs).toFixed(2) : "–",
            secs(destroyMs),
          ],
        ],
      ),
    ].join("\n");
    console.log(`\n${md}\n`);
    if (WRITE_MD) {
      const file = path.join(__dirname, "RESULTS.md");
      const existing = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
      fs.writeFileSync(file, withRateLimitSection(existing, md));
      log(`wrote ${path.relative(process.cwd(), file)}`);
    }
    if (!row.ok || !client.ok || destroy.error || row.groupsCreated !== N || row.otherErrors > 0)
      process.exitCode = 1;
  } finally {
    stack.cleanup();
    await emu.close();
  }
}

if (require.main === module || process.argv[1] === __filename) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
