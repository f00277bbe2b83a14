import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { prepareE2EEnvironment, REPO_ROOT } from "./workspace";

/**
 * A Pulumi project directory and one stack of it, driven with the `pulumi` CLI exactly as a user
 * drives it: `pulumi stack init`, `pulumi config set-all`, `pulumi up/preview/refresh/destroy`,
 * `pulumi stack output/export`. The project lives inside the shared workspace, whose node_modules
 * holds `pulumi-coderd` installed from its packed tarball, so the program resolves the package as
 * an installed dependency. Used by the e2e tests, the demo and the bench.
 *
 * Machine-readable results (the change summary) come from the CLI's own `--event-log` file, the
 * same engine events the Automation API reads; the human output is kept as the CLI printed it.
 */

export interface StackTarget {
  url: string;
  token: string;
}

export interface OpResult {
  /** What the CLI printed on stdout. */
  stdout: string;
  stderr?: string;
  /** The CLI's exit code. */
  exitCode?: number | null;
  /** How the operation ended and what changed (for a preview: what would change). */
  summary: { result: "succeeded" | "failed"; resourceChanges: Record<string, number> };
  /** For preview: what would change (the same as `summary.resourceChanges`). */
  changeSummary?: Record<string, number>;
  /** For up: the stack outputs, secrets masked as `{secret: true}`. */
  outputs?: Record<string, { value?: any; secret?: boolean }>;
  /** Set when the command failed: the exit code and what the CLI printed on stderr. */
  error?: string;
}

export interface ProjectStackOptions {
  /** A program file (relative to the repo root) that becomes the project's `index.ts`... */
  program?: string;
  /** ...or a project directory to copy (Pulumi.yaml, index.ts, ...), e.g. `examples/quickstart`. */
  projectDir?: string;
  target: StackTarget;
  /** Extra stack config, e.g. `{"coderd:organization": {value: "coder"}}`. */
  config?: Record<string, { value: string; secret?: boolean }>;
  /** Set false to leave the token out of stack config (the env var path is then used). */
  tokenInConfig?: boolean;
  env?: Record<string, string>;
  /** Pulumi project name for program files. Default "coderd-e2e". */
  project?: string;
  /** Stack name. Default: a random `e2e…` name. */
  stackName?: string;
  /**
   * Install the project's package.json dependencies with a fresh `npm install` in a temporary
   * directory, `pulumi-coderd` pointed at the packed tarball (as a user installs it). Projects whose
   * dependencies are the same share one install (they are placed below it). Default: the project
   * lives inside the shared workspace and uses its node_modules.
   */
  freshInstall?: boolean;
  /**
   * Type-check the program on every run, as a plain `pulumi` run does. Default false: the runs set
   * PULUMI_NODEJS_TRANSPILE_ONLY=true (Pulumi's own switch, which users set for speed too), because
   * type checking doubles the CPU time of each run and our test programs are type-checked once by
   * `npm run typecheck`. The examples test, the type-error test and the demo keep it on.
   */
  typeCheck?: boolean;
}

const PASSPHRASE = "pulumi-coderd-e2e";

export class ProjectStack {
  /** The project directory (Pulumi.yaml, index.ts). */
  readonly dir: string;
  readonly name: string;
  private readonly backendDir: string;
  private readonly env = prepareE2EEnvironment();
  private config: Record<string, { value: string; secret?: boolean }>;
  private applied: Record<string, { value: string; secret?: boolean }> | undefined;

  constructor(private readonly opts: ProjectStackOptions) {
    this.name = opts.stackName ?? `e2e${randomBytes(4).toString("hex")}`;
    const parent =
      opts.freshInstall && opts.projectDir
        ? freshInstallOf(path.resolve(REPO_ROOT, opts.projectDir, "package.json"), this.env.tarball)
        : path.join(this.env.workspaceDir, "runs");
    this.dir = path.join(parent, `${this.name}-${randomBytes(3).toString("hex")}`);
    this.backendDir = path.join(this.dir, ".state");
    fs.mkdirSync(this.backendDir, { recursive: true });
    if (opts.projectDir) copyProject(path.resolve(REPO_ROOT, opts.projectDir), this.dir);
    else if (opts.program) this.writeProgramProject(path.join(REPO_ROOT, opts.program));
    else throw new Error("ProjectStack needs a program or a projectDir");
    this.config = {
      "coderd:url": { value: opts.target.url },
      ...(opts.tokenInConfig === false ? {} : { "coderd:token": { value: opts.target.token, secret: true } }),
      ...(opts.config ?? {}),
    };
  }

  /** Sets (or with `undefined` removes) a stack config value for the following operations. */
  setConfig(key: string, value: string | undefined, secret = false): void {
    const next = { ...this.config };
    if (value === undefined) delete next[key];
    else next[key] = { value, secret };
    this.config = next;
  }

  up(
    params: object = {},
    extra: { refresh?: boolean; expectNoChanges?: boolean; skipPreview?: boolean } = {},
  ) {
    return this.run("up", params, extra);
  }
  preview(params: object = {}, extra: { refresh?: boolean; expectNoChanges?: boolean; diff?: boolean } = {}) {
    return this.run("preview", params, extra);
  }
  refresh(params: object = {}, extra: { previewOnly?: boolean; expectNoChanges?: boolean } = {}) {
    return this.run("refresh", params, extra);
  }
  destroy(params: object = {}) {
    return this.run("destroy", params);
  }
  /** Like `run` but resolves with the failure instead of throwing. */
  tryRun(op: "up" | "preview" | "refresh" | "destroy", params: object = {}, extra: object = {}) {
    return this.run(op, params, extra, true);
  }

  /** `pulumi stack export`: what a user or a CI log sees (secrets as ciphertext). */
  async exportState(): Promise<any> {
    const res = await this.cli(["stack", "export"]);
    if (res.status !== 0) throw new Error(`pulumi stack export failed:\n${res.stderr}`);
    return JSON.parse(res.stdout);
  }
  /** Stack outputs with secret values revealed (only for tests that check secrets stay out of state). */
  async secretOutputs(): Promise<Record<string, { value?: any; secret?: boolean }>> {
    const masked = await this.outputs();
    const shown = await this.cli(["stack", "output", "--json", "--show-secrets"]);
    const values = shown.status === 0 ? JSON.parse(shown.stdout || "{}") : {};
    return Object.fromEntries(
      Object.entries(masked).map(([k, v]) => [k, { value: values[k], secret: v.secret === true }]),
    );
  }
  /** The stack's resources of one type, from the exported state. */
  async resources(type?: string): Promise<any[]> {
    const all: any[] = (await this.exportState())?.deployment?.resources ?? [];
    return type ? all.filter((r) => r.type === `pulumi-nodejs:dynamic/coderd:${type}`) : all;
  }
  /** Every file of the stack's file:// backend as text: the state as it rests on disk. */
  stateFilesText(): string {
    return walkFiles(this.backendDir)
      .map((p) => fs.readFileSync(p, "utf8"))
      .join("\n");
  }
  /** The stack's resources as stored by the file backend (secrets as ciphertext envelopes). */
  storedResources(): any[] {
    const file = walkFiles(path.join(this.backendDir, ".pulumi", "stacks")).find((p) => p.endsWith(".json"));
    const checkpoint = JSON.parse(fs.readFileSync(file!, "utf8"));
    return checkpoint.checkpoint?.latest?.resources ?? [];
  }
  /** A file test programs append revealed secrets to (`{"<what>": "<value>"}` per line). */
  get secretsSideFile(): string {
    return path.join(this.dir, "secrets.jsonl");
  }
  /** The secrets programs wrote to `secretsSideFile`, keyed `<what>#<line>`. */
  revealedSecrets(): Record<string, string> {
    if (!fs.existsSync(this.secretsSideFile)) return {};
    const lines = fs.readFileSync(this.secretsSideFile, "utf8").trim().split("\n").filter(Boolean);
    return Object.fromEntries(
      lines.map((l, i) => {
        const [k, v] = Object.entries(JSON.parse(l))[0]!;
        return [`${k}#${i}`, v as string];
      }),
    );
  }

  /** Runs `pulumi <op>`; rejects with the CLI's output when it fails (unless `allowFailure`). */
  async run(op: string, params: object, extra: object = {}, allowFailure = false): Promise<OpResult> {
    await this.ensureStack();
    const eventLog = path.join(this.dir, `events-${op}-${randomBytes(3).toString("hex")}.jsonl`);
    const args = [...opArgs(op, extra as OpFlags), "--color", "never", "--event-log", eventLog];
    const res = await this.exec([...args, "--stack", this.name], params);
    const result = resultOf(op, res, readEvents(eventLog));
    fs.rmSync(eventLog, { force: true });
    if (op === "up" && res.status === 0) result.outputs = await this.outputs();
    if (result.error && !allowFailure) {
      throw new Error(`pulumi ${op} failed:\n${result.error}\n${result.stdout}`);
    }
    return result;
  }

  /**
   * Starts `pulumi <op>` in its own process group and returns at once: `kill()` ends the CLI, the
   * language host, the program and the provider plugins together (SIGKILL, like a CI runner
   * cancelling a job), so the state is left as an interrupted `pulumi up` leaves it.
   */
  start(op: string, params: object = {}, extra: object = {}): { result: Promise<OpResult>; kill(): void } {
    let child: ChildProcess | undefined;
    let killed = false;
    const eventLog = path.join(this.dir, `events-${op}-started.jsonl`);
    const result = this.ensureStack().then(() => {
      const args = [
        ...opArgs(op, extra as OpFlags),
        "--color",
        "never",
        "--event-log",
        eventLog,
        "--stack",
        this.name,
      ];
      const running = this.spawnCli(args, params, true);
      child = running.child;
      if (killed) this.killGroup(child);
      return running.done.then((res) => resultOf(op, res, readEvents(eventLog)));
    });
    return {
      result,
      kill: () => {
        killed = true;
        if (child) this.killGroup(child);
      },
    };
  }

  /** Runs the `pulumi` CLI on this stack as a user would in the project directory. */
  cli(args: string[], params: object = {}): Promise<CliResult> {
    return this.exec([...args, "--stack", this.name], params);
  }

  /** Runs exactly `pulumi <args>` in the project directory (nothing added), as a person types it. */
  shell(args: string[]): Promise<CliResult> {
    return this.exec(args);
  }

  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** The environment every `pulumi` command of this stack runs with. */
  cliEnv(params: object = {}): NodeJS.ProcessEnv {
    return {
      ...process.env,
      ...this.opts.env,
      PATH: `${this.env.pulumiBinDir}${path.delimiter}${process.env.PATH}`,
      PULUMI_BACKEND_URL: `file://${this.backendDir}`,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_HOME: path.join(this.dir, ".pulumi-home"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
      PULUMI_CODERD_TEST_PARAMS: JSON.stringify(params),
      ...(this.opts.typeCheck ? {} : { PULUMI_NODEJS_TRANSPILE_ONLY: "true" }),
      // Makes the CLI accept `--event-log` (what the Automation API sets too); output is unchanged.
      PULUMI_DEBUG_COMMANDS: "true",
    };
  }

  private async outputs(): Promise<Record<string, { value?: any; secret?: boolean }>> {
    const res = await this.cli(["stack", "output", "--json"]);
    if (res.status !== 0) return {};
    const values = JSON.parse(res.stdout || "{}");
    return Object.fromEntries(
      Object.entries(values).map(([k, v]) => [k, v === "[secret]" ? { secret: true } : { value: v }]),
    );
  }

  /** `pulumi stack init` on first use, then `pulumi config set-all`/`rm` for what changed. */
  private async ensureStack(): Promise<void> {
    if (!this.applied) {
      const init = await this.exec(["stack", "init", this.name, "--secrets-provider", "passphrase"]);
      if (init.status !== 0) throw new Error(`pulumi stack init failed:\n${init.stderr}${init.stdout}`);
      this.applied = {};
    }
    const applied = this.applied;
    const removed = Object.keys(applied).filter((k) => !(k in this.config));
    for (const key of removed) {
      await this.mustCli(["config", "rm", key]);
      delete applied[key];
    }
    const changed = Object.entries(this.config).filter(
      ([k, v]) => applied[k]?.value !== v.value || !!applied[k]?.secret !== !!v.secret,
    );
    if (changed.length === 0) return;
    const flags = changed.flatMap(([k, v]) => [v.secret ? "--secret" : "--plaintext", `${k}=${v.value}`]);
    await this.mustCli(["config", "set-all", ...flags]);
    for (const [k, v] of changed) applied[k] = v;
  }

  private async mustCli(args: string[]): Promise<void> {
    const res = await this.cli(args);
    if (res.status !== 0) throw new Error(`pulumi ${args[0]} ${args[1]} failed:\n${res.stderr}${res.stdout}`);
  }

  private exec(args: string[], params: object = {}): Promise<CliResult> {
    return this.spawnCli(args, params, false).done;
  }

  // Asynchronous on purpose: an in-process emulator must keep answering while pulumi runs.
  private spawnCli(
    args: string[],
    params: object,
    detached: boolean,
  ): { child: ChildProcess; done: Promise<CliResult> } {
    const child = spawn("pulumi", args, {
      cwd: this.dir,
      env: this.cliEnv(params),
      stdio: ["ignore", "pipe", "pipe"],
      detached,
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    const done = new Promise<CliResult>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (status, signal) => resolve({ status, signal, stdout, stderr }));
    });
    return { child, done };
  }

  private killGroup(child: ChildProcess): void {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }

  private writeProgramProject(src: string): void {
    const ext = path.extname(src) === ".js" ? ".js" : ".ts";
    fs.copyFileSync(src, path.join(this.dir, `index${ext}`));
    const project = this.opts.project ?? "coderd-e2e";
    fs.writeFileSync(
      path.join(this.dir, "Pulumi.yaml"),
      `name: ${project}\nruntime:\n  name: nodejs\n  options:\n    typescript: ${ext === ".ts"}\n`,
    );
    // What `pulumi new typescript` writes; node_modules comes from the workspace above.
    fs.writeFileSync(
      path.join(this.dir, "package.json"),
      JSON.stringify({ name: project, main: `index${ext}`, private: true }, null, 2),
    );
  }
}

export interface CliResult {
  status: number | null;
  signal?: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

interface OpFlags {
  refresh?: boolean;
  expectNoChanges?: boolean;
  previewOnly?: boolean;
  skipPreview?: boolean;
  diff?: boolean;
}

/**
 * The CLI flags of an operation. `up`/`destroy`/`refresh` skip their interactive preview (`--yes
 * --skip-preview`, what CI jobs and the Automation API do) unless `skipPreview: false`.
 */
function opArgs(op: string, f: OpFlags): string[] {
  const noPreview = f.skipPreview === false ? ["--yes"] : ["--yes", "--skip-preview"];
  const args: string[] = [op];
  switch (op) {
    case "up":
      args.push(...noPreview);
      if (f.refresh) args.push("--refresh");
      break;
    case "preview":
      if (f.refresh) args.push("--refresh");
      if (f.diff) args.push("--diff");
      break;
    case "refresh":
      args.push(...(f.previewOnly ? ["--preview-only"] : noPreview));
      break;
    case "destroy":
      args.push(...noPreview);
      break;
    default:
      throw new Error(`unknown operation ${op}`);
  }
  if (f.expectNoChanges) args.push("--expect-no-changes");
  return args;
}

/** The engine events the CLI wrote with `--event-log` (one JSON object per line). */
function readEvents(file: string): any[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

function resultOf(op: string, res: CliResult, events: any[]): OpResult {
  const summaryEvent = events.find((e) => e.summaryEvent)?.summaryEvent;
  const resourceChanges: Record<string, number> = summaryEvent?.resourceChanges ?? {};
  const result: OpResult = {
    stdout: res.stdout,
    stderr: res.stderr,
    exitCode: res.status,
    summary: { result: res.status === 0 ? "succeeded" : "failed", resourceChanges },
  };
  if (op === "preview") result.changeSummary = resourceChanges;
  if (res.status !== 0) {
    result.error = `pulumi ${op} exited with ${res.status ?? res.signal}\n${res.stderr}`;
  }
  return result;
}

const freshInstalls = new Map<string, string>();

/**
 * A temporary directory where `npm install` installed these dependencies (from the project's
 * package.json, with `pulumi-coderd` from the tarball); made once per set of dependencies.
 */
function freshInstallOf(packageJson: string, tarball: string): string {
  const pkg = JSON.parse(fs.readFileSync(packageJson, "utf8"));
  const dependencies = { ...pkg.dependencies, "pulumi-coderd": `file:${tarball}` };
  const key = JSON.stringify(Object.entries(dependencies).sort());
  const known = freshInstalls.get(key);
  if (known) return known;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-coderd-install-"));
  if (freshInstalls.size === 0)
    process.on("exit", () => {
      for (const d of freshInstalls.values()) fs.rmSync(d, { recursive: true, force: true });
    });
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "fresh-install", private: true, dependencies }, null, 2),
  );
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], {
    cwd: dir,
    stdio: ["ignore", "ignore", "inherit"],
  });
  freshInstalls.set(key, dir);
  return dir;
}

function copyProject(src: string, dest: string): void {
  for (const entry of fs.readdirSync(src, { withFileTypes: true })) {
    // Stack config files of the example belong to its own stacks, not to this one.
    const stackFile = entry.name.startsWith("Pulumi.") && entry.name !== "Pulumi.yaml";
    if (entry.name === "node_modules" || stackFile) continue;
    const from = path.join(src, entry.name);
    const to = path.join(dest, entry.name);
    if (entry.isDirectory()) {
      fs.mkdirSync(to, { recursive: true });
      copyProject(from, to);
    } else fs.copyFileSync(from, to);
  }
}

function walkFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walkFiles(p) : [p];
  });
}
