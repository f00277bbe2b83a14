// Contract of the `pulumi-coderd export` command: help, exit codes and messages a script can rely
// on, against the emulator over real HTTP. The round trip through the Pulumi engine is in
// test/e2e/export.test.ts.

import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { EXIT, runExport } from "../../provider/cli/export";

const REPO_ROOT = path.resolve(__dirname, "../..");

/**
 * Runs the real command (the bin entry point) in a child process. Asynchronously: the emulator
 * answers from this process, so a blocking spawn would starve it.
 */
function runCli(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ["scripts/run-ts.js", "provider/cli/main.ts", ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("pulumi-coderd export: command line contract", () => {
  let emu: RunningEmulator;
  let tmp: string;
  const run = async (args: string[], env: Record<string, string | undefined>) => {
    let stdout = "";
    let stderr = "";
    const code = await runExport(args, {
      env,
      stdout: (t) => {
        stdout += t;
      },
      stderr: (t) => {
        stderr += t;
      },
      cwd: tmp,
    });
    return { code, stdout, stderr };
  };
  const creds = () => ({ CODER_URL: emu.url, CODER_SESSION_TOKEN: emu.token });

  beforeAll(async () => {
    emu = await startEmulator({ license: "all" });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "coderd-export-cli-"));
  });
  afterAll(async () => {
    fs.rmSync(tmp, { recursive: true, force: true });
    await emu?.close();
  });

  it("--help prints usage with the exit codes and exits 0 (real process)", async () => {
    const r = await runCli(["export", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: pulumi-coderd export [options]");
    expect(r.stdout).toMatch(/Exit codes:\n {2}0 {2}the project was written/);
    for (const flag of [
      "--url",
      "--token",
      "--organization",
      "--all-organizations",
      "--out",
      "--include-defaults",
    ])
      expect(r.stdout).toContain(flag);
  });

  it("exits 2 on bad usage, naming the problem", async () => {
    const r = await run(["--bogus"], creds());
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain("Unknown option '--bogus'");
    const badUrl = await run(["--url", "ftp://coder.example.com"], { CODER_SESSION_TOKEN: "t" });
    expect(badUrl.code).toBe(EXIT.usage);
    expect(badUrl.stderr).toContain("scheme must be http or https");
    const badHeader = await run(["--header", "no-equals-sign"], creds());
    expect(badHeader.code).toBe(EXIT.usage);
    expect(badHeader.stderr).toContain("--header: expected Header-Name=value, got an entry without a name");
    const both = await run(["--organization", "coder", "--all-organizations"], creds());
    expect(both.code).toBe(EXIT.usage);
    expect(both.stderr).toContain("--organization and --all-organizations cannot be combined");
  });

  it("exits 3 without credentials, and when Coder rejects the token (writing nothing)", async () => {
    const noUrl = await run([], {});
    expect(noUrl.code).toBe(EXIT.credentials);
    expect(noUrl.stderr).toContain("no Coder URL: pass --url or set CODER_URL");
    const noToken = await run(["--url", emu.url], {});
    expect(noToken.code).toBe(EXIT.credentials);
    expect(noToken.stderr).toContain("no session token: set CODER_SESSION_TOKEN");

    const out = path.join(tmp, "rejected");
    const bad = await runCli(["export", "--out", out], {
      CODER_URL: emu.url,
      CODER_SESSION_TOKEN: "abcdefghij-0123456789abcdefghijk",
    });
    expect(bad.code).toBe(EXIT.credentials);
    expect(bad.stderr).toContain("Coder rejected the session token");
    expect(bad.stderr).toContain("401");
    expect(bad.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(bad.stderr).not.toContain("abcdefghij-0123456789abcdefghijk");
    expect(fs.existsSync(out)).toBe(false);
  });

  it("exits 4 for a non-owner token and for an unknown organization", async () => {
    const seed = await emu.control.seed();
    const alice = seed.users.find((u) => u.username === "alice")!;
    const member = await run(["--out", path.join(tmp, "member")], {
      CODER_URL: emu.url,
      CODER_SESSION_TOKEN: alice.token,
    });
    expect(member.code).toBe(EXIT.forbidden);
    expect(member.stderr).toContain("alice is not an owner");

    const unknown = await run(["--organization", "nope", "--out", path.join(tmp, "nope")], creds());
    expect(unknown.code).toBe(EXIT.forbidden);
    expect(unknown.stderr).toContain(
      'no organization "nope" on this deployment (visible to this token: coder, research)',
    );
  });

  it("exits 5 when --out is not empty, unless --force", async () => {
    const out = path.join(tmp, "busy");
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, "notes.txt"), "mine");
    const busy = await run(["--out", out], creds());
    expect(busy.code).toBe(EXIT.outputExists);
    expect(busy.stderr).toContain("exists and is not empty");
    const forced = await run(["--out", out, "--force"], creds());
    expect(forced.code).toBe(EXIT.ok);
    expect(fs.readFileSync(path.join(out, "notes.txt"), "utf8")).toBe("mine");
    expect(fs.existsSync(path.join(out, "index.ts"))).toBe(true);
  });

  it("exits 6 when Coder cannot be reached", async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    const r = await run(["--out", path.join(tmp, "down")], {
      CODER_URL: `http://127.0.0.1:${port}`,
      CODER_SESSION_TOKEN: emu.token,
    });
    expect(r.code).toBe(EXIT.unreachable);
    expect(r.stderr).toContain(`cannot reach Coder at http://127.0.0.1:${port}`);
  });

  it("--organization exports one organization; --include-defaults adds the objects at Coder's defaults", async () => {
    const out = path.join(tmp, "defaults");
    const r = await run(["--organization", "coder", "--include-defaults", "--out", out], creds());
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(r.stdout).toBe(`${out}\n`);
    expect(r.stderr).toContain("exporting organization coder");
    const index = fs.readFileSync(path.join(out, "index.ts"), "utf8");
    // Only organization coder: its Everyone group and its templates' default ACLs.
    expect(index).toContain('const everyoneGroup = new coderd.Group("everyone", {');
    expect(index).toContain('const dockerAcl = new coderd.TemplateAcl("docker", {');
    expect(index).toContain('const kubernetesAcl = new coderd.TemplateAcl("kubernetes", {');
    expect(index).toContain('everyone: "use",');
    expect(index).not.toContain("notebook");
    expect(index).not.toContain("research");
    // Without --include-defaults the same deployment gives an empty program.
    const plain = await run(["--organization", "coder", "--out", path.join(tmp, "plain")], creds());
    expect(plain.code).toBe(EXIT.ok);
    expect(fs.readFileSync(path.join(tmp, "plain", "index.ts"), "utf8")).not.toContain("new coderd.");
    const readme = fs.readFileSync(path.join(tmp, "plain", "README.md"), "utf8");
    expect(readme).toContain(
      '**TemplateAcl of template "docker" (organization coder)**: at Coder\'s default',
    );
    for (const dir of [out, path.join(tmp, "plain")]) {
      execFileSync(path.join(REPO_ROOT, "node_modules/.bin/biome"), ["format", "."], {
        cwd: dir,
        stdio: "pipe",
      });
    }
  });

  it("on a deployment without a license, exports what it can and notes the rest (exit 0)", async () => {
    const bare = await startEmulator({ license: "none" });
    try {
      const out = path.join(tmp, "unlicensed");
      const r = await run(["--out", out], { CODER_URL: bare.url, CODER_SESSION_TOKEN: bare.token });
      expect(r.code, r.stderr).toBe(EXIT.ok);
      expect(r.stderr).toMatch(/skipped Group: .*Premium feature/);
      const readme = fs.readFileSync(path.join(out, "README.md"), "utf8");
      expect(readme).toMatch(/- \*\*Group objects\*\*: could not be read: .*Premium feature/);
    } finally {
      await bare.close();
    }
  });
});
