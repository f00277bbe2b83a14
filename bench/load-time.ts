// `npm run bench:load`: our share of every `pulumi` command, measured outside the engine.
//
//   1. Program: time to `require("pulumi-coderd")` in a fresh node process after `@pulumi/pulumi`
//      (what every `pulumi preview/up` pays, twice for a plain `pulumi up`), and which heavy
//      dependencies that loads.
//   2. Provider host, per resource type, each in a fresh node process with `@pulumi/pulumi` already
//      loaded (as it is in the host): time to load the shim module (what `__provider` requires)
//      and then the resource implementation (what the shim loads on the first call of that type).
//   3. Provider host, end to end: the real dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`)
//      is spawned and driven over gRPC like the engine does; a recording proxy in front of the
//      emulator timestamps the API calls. Reported: host start-up (Pulumi's), time from the first
//      `check` RPC to our first API call, and the `check` of a Group that needs the default
//      organization and the entitlements (whether those two lookups overlap).
//
// Usage: node scripts/run-ts.js bench/load-time.ts [--repeat 7] [--no-build]
// Needs the compiled package: it runs `tsc -p tsconfig.build.json` first unless --no-build.
// Each figure is the median of --repeat fresh processes.

import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../emulator/index";
import { table } from "./lib";

const REPO = path.resolve(__dirname, "..");
const REPEAT = Math.max(1, Number(argValue("repeat") ?? 7));
const TYPES = [
  "group",
  "license",
  "oauth2-app",
  "oauth2-app-secret",
  "provisioner-key",
  "workspace-proxy",
  "idp-sync-settings",
  "template-acl",
];
const HEAVY = ["zod", "undici", "re2js"];

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => x.toFixed(1);

/**
 * A directory that looks like a Pulumi project with pulumi-coderd installed: a copy of the compiled
 * package in node_modules, its dependencies and @pulumi/pulumi linked from this repository, so
 * `require` resolves exactly as in a user's program and in the provider host started there.
 */
function makeProjectDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "coderd-load-"));
  const pkgDir = path.join(dir, "node_modules", "pulumi-coderd");
  fs.mkdirSync(pkgDir, { recursive: true });
  // A copy, as npm installs it: the shims `require("pulumi-coderd/...")` from inside the package.
  fs.cpSync(path.join(REPO, "dist"), path.join(pkgDir, "dist"), { recursive: true });
  fs.copyFileSync(path.join(REPO, "package.json"), path.join(pkgDir, "package.json"));
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
  for (const dep of [...Object.keys(pkg.dependencies ?? {}), "@pulumi/pulumi"]) {
    fs.mkdirSync(path.dirname(path.join(dir, "node_modules", dep)), { recursive: true });
    fs.symlinkSync(path.join(REPO, "node_modules", dep), path.join(dir, "node_modules", dep));
  }
  return dir;
}

/** Runs `code` in a fresh node process in `cwd`; it prints one JSON line, returned parsed. */
function runNode(cwd: string, code: string): any {
  const out = execFileSync(process.execPath, ["-e", code], { cwd, encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").pop()!);
}

// Shared by the snippets: which heavy dependencies are in require.cache.
const HEAVY_LOADED = `Object.keys(require.cache).map((f) => ${JSON.stringify(HEAVY)}.find((h) => f.includes("/node_modules/" + h + "/"))).filter((h, i, a) => h && a.indexOf(h) === i)`;

function measureProgram(cwd: string) {
  const code = `
    const t0 = performance.now();
    require("@pulumi/pulumi");
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    require("pulumi-coderd");
    const t2 = performance.now();
    const c2 = process.cpuUsage(c1);
    const cpu = (c2.user + c2.system) / 1000;
    console.log(JSON.stringify({ pulumi: t1 - t0, coderd: t2 - t1, cpu, heavy: ${HEAVY_LOADED} }));`;
  const runs = Array.from({ length: REPEAT }, () => runNode(cwd, code));
  return {
    pulumiMs: median(runs.map((r) => r.pulumi)),
    coderdMs: median(runs.map((r) => r.coderd)),
    coderdCpuMs: median(runs.map((r) => r.cpu)),
    heavy: runs[0].heavy as string[],
  };
}

function measureType(cwd: string, type: string) {
  const code = `
    require("@pulumi/pulumi");
    const t0 = performance.now();
    require("pulumi-coderd/dist/provider/shims/${type}.js");
    const t1 = performance.now();
    const shimHeavy = ${HEAVY_LOADED};
    const c1 = process.cpuUsage();
    require("pulumi-coderd/dist/provider/resources/${type}.js");
    const t2 = performance.now();
    const c2 = process.cpuUsage(c1);
    const cpu = (c2.user + c2.system) / 1000;
    console.log(JSON.stringify({ shim: t1 - t0, impl: t2 - t1, cpu, shimHeavy, heavy: ${HEAVY_LOADED} }));`;
  const runs = Array.from({ length: REPEAT }, () => runNode(cwd, code));
  return {
    type,
    shimMs: median(runs.map((r) => r.shim)),
    implMs: median(runs.map((r) => r.impl)),
    implCpuMs: median(runs.map((r) => r.cpu)),
    shimHeavy: runs[0].shimHeavy as string[],
    heavy: runs[0].heavy as string[],
  };
}

function measureAllTypes(cwd: string): { ms: number; cpuMs: number } {
  const code = `
    require("@pulumi/pulumi");
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (const t of ${JSON.stringify(TYPES)}) require("pulumi-coderd/dist/provider/resources/" + t + ".js");
    const c = process.cpuUsage(c0);
    console.log(JSON.stringify({ all: performance.now() - t0, cpu: (c.user + c.system) / 1000 }));`;
  const runs = Array.from({ length: REPEAT }, () => runNode(cwd, code));
  return { ms: median(runs.map((r) => r.all)), cpuMs: median(runs.map((r) => r.cpu)) };
}

// ----- the real dynamic-provider host, over gRPC --------------------------------------------------

interface HostRun {
  /** spawn → the host printed its port (Pulumi's own start-up). */
  startMs: number;
  /** `check` RPC sent → first API request received (our module loading + start of the call). */
  firstCallMs: number;
  /** `check` RPC sent → answered. */
  checkMs: number;
  /** The requests the check made, in arrival order, with start/end relative to the RPC. */
  requests: Array<{ route: string; startMs: number; endMs: number }>;
}

/** A forwarding proxy that records when each request arrives and completes. */
async function recordingProxy(target: string) {
  const seen: Array<{ route: string; start: number; end: number }> = [];
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const entry = { route: `${req.method} ${req.url}`, start: performance.now(), end: 0 };
    seen.push(entry);
    const fwd = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
        up.on("end", () => {
          entry.end = performance.now();
        });
      },
    );
    req.pipe(fwd);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function measureHost(cwd: string, coderUrl: string, token: string, seen: any[]): Promise<HostRun> {
  // Loaded lazily: only this part needs gRPC.
  const grpc = require(path.join(REPO, "node_modules/@grpc/grpc-js"));
  const provrpc = require(path.join(REPO, "node_modules/@pulumi/pulumi/proto/provider_grpc_pb"));
  const provproto = require(path.join(REPO, "node_modules/@pulumi/pulumi/proto/provider_pb"));
  const { Struct } = require(path.join(REPO, "node_modules/google-protobuf/google/protobuf/struct_pb"));

  const hostMain = path.join(REPO, "node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js");
  const t0 = performance.now();
  const child = spawn(process.execPath, [hostMain, "127.0.0.1:1"], {
    cwd,
    env: {
      ...process.env,
      PULUMI_NODEJS_PROJECT: "load-bench",
      CODER_URL: coderUrl,
      CODER_SESSION_TOKEN: token,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  const port: string = await new Promise((resolve, reject) => {
    let buf = "";
    child.stdout.on("data", (d) => {
      buf += d;
      const line = buf.split("\n")[0]!;
      if (buf.includes("\n")) resolve(line.trim());
    });
    child.on("exit", (code) => reject(new Error(`host exited ${code}: ${stderr}`)));
  });
  const startMs = performance.now() - t0;
  const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const call = (method: string, req: unknown) =>
    new Promise<any>((resolve, reject) =>
      client[method](req, (err: Error | null, res: unknown) => (err ? reject(err) : resolve(res))),
    );
  try {
    const configure = new provproto.ConfigureRequest();
    configure.setArgs(Struct.fromJavaScript({}));
    await call("configure", configure);
    // What Pulumi stores in `__provider` for a Group of the installed package.
    const providerText =
      'exports.handler = __f0;\nfunction __f0() { return require("pulumi-coderd/dist/provider/shims/group.js"); }\n';
    const check = new provproto.CheckRequest();
    check.setUrn("urn:pulumi:bench::load-bench::pulumi-nodejs:dynamic/coderd:Group::g");
    check.setOlds(Struct.fromJavaScript({}));
    check.setNews(Struct.fromJavaScript({ __provider: providerText, name: "load-bench-group" }));
    seen.length = 0;
    const c0 = performance.now();
    const res = await call("check", check);
    const checkMs = performance.now() - c0;
    const failures = res.getFailuresList();
    if (failures.length > 0) throw new Error(`check failed: ${failures.map((f: any) => f.getReason())}`);
    const requests = seen.map((s) => ({ route: s.route, startMs: s.start - c0, endMs: s.end - c0 }));
    return { startMs, firstCallMs: requests[0]?.startMs ?? Number.NaN, checkMs, requests };
  } finally {
    client.close();
    child.kill();
  }
}

async function main(): Promise<void> {
  if (!process.argv.includes("--no-build")) {
    execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: REPO, stdio: "inherit" });
  }
  const cwd = makeProjectDir();
  const emu = await startEmulator({ license: "all" });
  const proxy = await recordingProxy(emu.url);
  try {
    console.log(
      `# pulumi-coderd load times (median of ${REPEAT} fresh node processes, Node ${process.version})\n`,
    );
    const program = measureProgram(cwd);
    console.log("## Program\n");
    console.log(
      table(
        ["what", "wall ms", "CPU ms", "heavy dependencies loaded"],
        [
          ['require("@pulumi/pulumi")', ms(program.pulumiMs), "–", "–"],
          [
            'require("pulumi-coderd") after it',
            ms(program.coderdMs),
            ms(program.coderdCpuMs),
            program.heavy.join(", ") || "none",
          ],
        ],
      ),
    );
    console.log("\n## Provider host, per resource type (fresh process, @pulumi/pulumi loaded)\n");
    const rows = TYPES.map((t) => measureType(cwd, t));
    console.log(
      table(
        ["type", "shim module ms", "shim loads", "implementation wall ms", "CPU ms", "implementation loads"],
        rows.map((r) => [
          r.type,
          ms(r.shimMs),
          r.shimHeavy.join(", ") || "nothing heavy",
          ms(r.implMs),
          ms(r.implCpuMs),
          r.heavy.join(", ") || "nothing heavy",
        ]),
      ),
    );
    const all = measureAllTypes(cwd);
    console.log(
      `\nAll ${TYPES.length} implementations in one process: ${ms(all.ms)} ms wall, ${ms(all.cpuMs)} ms CPU`,
    );

    console.log("\n## Provider host over gRPC (Group check with default organization, license check)\n");
    const runs: HostRun[] = [];
    for (let i = 0; i < REPEAT; i++) runs.push(await measureHost(cwd, proxy.url, emu.token, proxy.seen));
    const overlap = (r: HostRun) =>
      r.requests.length >= 2 && r.requests[1]!.startMs < r.requests[0]!.endMs ? "yes" : "no";
    console.log(
      table(
        ["figure", "median ms"],
        [
          ["host start-up (spawn → port printed; Pulumi's)", ms(median(runs.map((r) => r.startMs)))],
          ["check RPC sent → first API call (ours)", ms(median(runs.map((r) => r.firstCallMs)))],
          ["check RPC sent → answered", ms(median(runs.map((r) => r.checkMs)))],
        ],
      ),
    );
    const last = runs[runs.length - 1]!;
    console.log(
      `\nCalls of the last check: ${last.requests
        .map((q) => `${q.route} (${ms(q.startMs)}–${ms(q.endMs)} ms)`)
        .join(", ")}; start-up lookups overlap: ${overlap(last)}`,
    );
  } finally {
    await proxy.close();
    await emu.close();
    fs.rmSync(cwd, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
