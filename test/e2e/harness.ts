import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { prepareE2EEnvironment, REPO_ROOT } from "./workspace";

export interface StackTarget {
  url: string;
  token: string;
}

export interface OpResult {
  stdout: string;
  summary?: any;
  changeSummary?: Record<string, number>;
  outputs?: Record<string, { value?: any; secret?: boolean }>;
  deployment?: any;
  error?: string;
}

export interface StackOptions {
  /** Program file (TypeScript or JavaScript), relative to the repo root. */
  program: string;
  target: StackTarget;
  /** Extra stack config, e.g. `{"coderd:organization": {value: "coder"}}`. */
  config?: Record<string, { value: string; secret?: boolean }>;
  /** Set false to leave the token out of stack config (the env var path is then used). */
  tokenInConfig?: boolean;
  env?: Record<string, string>;
  /** Pulumi project name (program config keys live under it). Default "coderd-e2e". */
  project?: string;
}

/**
 * A Pulumi stack driven by the real engine (`scripts/run-stack.js`), on a temporary `file://`
 * backend, against an emulator (or a real Coder). Program parameters travel in the env var
 * PULUMI_CODERD_TEST_PARAMS as JSON so each run can change the desired state.
 */
export class E2EStack {
  readonly dir: string;
  readonly name = `e2e${randomBytes(4).toString("hex")}`;
  private readonly backendDir: string;
  private readonly programFile: string;
  private readonly env = prepareE2EEnvironment();

  constructor(private readonly opts: StackOptions) {
    this.dir = path.join(this.env.workspaceDir, "runs", this.name);
    this.backendDir = path.join(this.dir, "state");
    fs.mkdirSync(this.backendDir, { recursive: true });
    const src = path.join(REPO_ROOT, opts.program);
    this.programFile = path.join(this.dir, `program${path.extname(src)}`);
    fs.copyFileSync(src, this.programFile);
  }

  /** Sets (or with `undefined` removes) a stack config value for the following operations. */
  setConfig(key: string, value: string | undefined, secret = false): void {
    const config = { ...(this.opts.config ?? {}) };
    if (value === undefined) delete config[key];
    else config[key] = { value, secret };
    (this.opts as { config?: StackOptions["config"] }).config = config;
  }

  up(params: object = {}, extra: { refresh?: boolean; expectNoChanges?: boolean } = {}) {
    return this.run("up", params, extra);
  }
  preview(params: object = {}, extra: { refresh?: boolean; expectNoChanges?: boolean } = {}) {
    return this.run("preview", params, extra);
  }
  refresh(params: object = {}, extra: { previewOnly?: boolean; expectNoChanges?: boolean } = {}) {
    return this.run("refresh", params, extra);
  }
  destroy(params: object = {}) {
    return this.run("destroy", params);
  }
  async exportState(): Promise<any> {
    return (await this.run("export", {})).deployment;
  }
  /** Stack outputs with secret values revealed (only for tests that check secrets stay out of state). */
  async secretOutputs(): Promise<Record<string, { value?: any; secret?: boolean }>> {
    return (await this.run("secret-outputs", {})).outputs ?? {};
  }
  /** Every file of the stack's file:// backend as text: the state as it rests on disk. */
  stateFilesText(): string {
    const parts: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(p);
        else parts.push(fs.readFileSync(p, "utf8"));
      }
    };
    walk(this.backendDir);
    return parts.join("\n");
  }
  /** The stack's resources as stored by the file backend (secrets as ciphertext envelopes). */
  storedResources(): any[] {
    const stacksDir = path.join(this.backendDir, ".pulumi", "stacks");
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(p);
        else if (p.endsWith(".json")) files.push(p);
      }
    };
    walk(stacksDir);
    const checkpoint = JSON.parse(fs.readFileSync(files[0]!, "utf8"));
    return checkpoint.checkpoint?.latest?.resources ?? [];
  }
  /**
   * A file test programs append revealed secrets to (`{"<what>": "<value>"}` per line), so tests
   * know the values to search the state for.
   */
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
  /** The stack's resources of one type, from the exported state. */
  async resources(type?: string): Promise<any[]> {
    const dep = await this.exportState();
    const all: any[] = dep?.deployment?.resources ?? [];
    return type ? all.filter((r) => r.type === `pulumi-nodejs:dynamic/coderd:${type}`) : all;
  }

  /** Runs an operation; rejects with the engine output when it fails (unless `allowFailure`). */
  async run(op: string, params: object, extra: object = {}, allowFailure = false): Promise<OpResult> {
    const { specFile, env } = this.prepareRun(op, params, extra);
    const result = await runNode([path.join(REPO_ROOT, "scripts/run-stack.js"), specFile], env);
    fs.rmSync(specFile, { force: true });
    if (result.error && !allowFailure) {
      throw new Error(`pulumi ${op} failed:\n${result.error}\n${result.stdout ?? ""}`);
    }
    return result;
  }

  /**
   * Starts an operation in its own process group and returns at once: `kill()` ends run-stack.js,
   * its `pulumi` child and the provider plugin together (SIGKILL, like a CI runner cancelling a
   * job), so the state is left as an interrupted `pulumi up` leaves it. `result` settles when the
   * process exits: the result, or `{error}` when it died without one.
   */
  start(op: string, params: object = {}, extra: object = {}): { result: Promise<OpResult>; kill(): void } {
    const { specFile, env } = this.prepareRun(op, params, extra);
    const child = spawn(process.execPath, [path.join(REPO_ROOT, "scripts/run-stack.js"), specFile], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const result = new Promise<OpResult>((resolve) => {
      child.on("close", (code, signal) => {
        fs.rmSync(specFile, { force: true });
        const marker = out.lastIndexOf("__RESULT__ ");
        if (marker >= 0) resolve(JSON.parse(out.slice(marker + "__RESULT__ ".length).split("\n")[0]!));
        else
          resolve({
            stdout: out,
            error: `run-stack exited (code ${code}, signal ${signal}) without a result`,
          });
      });
    });
    return {
      result,
      kill: () => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // already gone
        }
      },
    };
  }

  /**
   * Runs the `pulumi` CLI on this stack as a user would in the project directory (same backend,
   * PULUMI_HOME and passphrase as the runs), e.g. `["stack", "export", "--file", "s.json"]`.
   */
  cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
    // Asynchronous on purpose: an in-process emulator must keep answering while pulumi runs.
    const child = spawn("pulumi", [...args, "--stack", this.name], {
      cwd: this.dir,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        PATH: `${this.env.pulumiBinDir}${path.delimiter}${process.env.PATH}`,
        PULUMI_CONFIG_PASSPHRASE: "pulumi-coderd-e2e",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
        PULUMI_HOME: path.join(this.dir, ".pulumi-home"),
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    return new Promise((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
  }

  private prepareRun(
    op: string,
    params: object,
    extra: object,
  ): { specFile: string; env: NodeJS.ProcessEnv } {
    const config: Record<string, { value: string; secret?: boolean }> = {
      "coderd:url": { value: this.opts.target.url },
      ...(this.opts.tokenInConfig === false
        ? {}
        : { "coderd:token": { value: this.opts.target.token, secret: true } }),
      ...(this.opts.config ?? {}),
    };
    const spec = {
      workDir: this.dir,
      program: this.programFile,
      project: this.opts.project ?? "coderd-e2e",
      stack: this.name,
      backendUrl: `file://${this.backendDir}`,
      config,
      op,
      ...extra,
    };
    const specFile = path.join(this.dir, `spec-${op}.json`);
    fs.writeFileSync(specFile, JSON.stringify(spec));
    const env = {
      ...process.env,
      ...this.opts.env,
      PATH: `${this.env.pulumiBinDir}${path.delimiter}${process.env.PATH}`,
      PULUMI_CODERD_TEST_PARAMS: JSON.stringify(params),
    };
    return { specFile, env };
  }

  /** Like `run` but resolves with the failure instead of throwing. */
  tryRun(op: "up" | "preview" | "refresh" | "destroy", params: object = {}, extra: object = {}) {
    return this.run(op, params, extra, true);
  }

  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

function runNode(args: string[], env: NodeJS.ProcessEnv): Promise<OpResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", () => {
      const marker = out.lastIndexOf("__RESULT__ ");
      if (marker < 0) {
        reject(new Error(`run-stack produced no result.\nstdout:\n${out}\nstderr:\n${err}`));
        return;
      }
      const parsed = JSON.parse(out.slice(marker + "__RESULT__ ".length).split("\n")[0]!);
      if (!parsed.stdout) parsed.stdout = out.slice(0, marker);
      if (err.trim()) parsed.stderr = err;
      resolve(parsed);
    });
  });
}

/** Parameters for the program, as the program sees them. */
export function testParams<T>(): T {
  return JSON.parse(process.env.PULUMI_CODERD_TEST_PARAMS ?? "{}") as T;
}
