import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The workspace that e2e tests, the demo and the bench run projects in: a directory whose node_modules holds `pulumi-coderd` installed from its packed
 * tarball (copied, not symlinked, exactly as on a user's machine) plus `@pulumi/pulumi`, so closure
 * serialization and `require("pulumi-coderd/...")` inside the provider host are exercised for real.
 * Built once per change of the package's contents; concurrent test files share it behind a lock.
 */
export const REPO_ROOT = path.resolve(__dirname, "..");
const E2E_ROOT = path.join(REPO_ROOT, ".e2e");

export interface E2EEnvironment {
  workspaceDir: string;
  pulumiBinDir: string;
  /** The packed package (`npm pack`), as a user would install it. */
  tarball: string;
}

let prepared: E2EEnvironment | undefined;

export function prepareE2EEnvironment(): E2EEnvironment {
  if (prepared) return prepared;
  fs.mkdirSync(E2E_ROOT, { recursive: true });
  const pulumiBinDir = ensurePulumiOnce();
  let workspaceDir = "";
  withLock(path.join(E2E_ROOT, "lock"), () => {
    workspaceDir = installPackage();
  });
  prepared = { workspaceDir, pulumiBinDir, tarball: path.join(workspaceDir, "pulumi-coderd.tgz") };
  return prepared;
}

/**
 * Why e2e tests cannot run here, or undefined when they can. Only a missing Pulumi CLI (something
 * a user supplies) makes them skip, and under CI=true even that fails the run. A build or install
 * error of the package always fails: a broken build must never look like a skipped suite.
 */
export function e2eUnavailableReason(): string | undefined {
  try {
    ensurePulumiOnce();
  } catch (err) {
    if (process.env.CI === "true") throw err;
    return `Pulumi CLI unavailable (install it, or Go to build it): ${(err as Error).message}`;
  }
  prepareE2EEnvironment();
  return undefined;
}

let pulumiBinDir: string | undefined;
function ensurePulumiOnce(): string {
  pulumiBinDir ??= ensurePulumi();
  return pulumiBinDir;
}

function ensurePulumi(): string {
  const res = spawnSync("bash", [path.join(REPO_ROOT, "scripts/ensure-pulumi.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (res.status !== 0) throw new Error(`scripts/ensure-pulumi.sh failed:\n${res.stderr}`);
  const lines = res.stdout.trim().split("\n");
  return lines[lines.length - 1]!;
}

/**
 * Builds, packs and installs the package into a workspace named after the tarball's digest, so a
 * rebuild never changes a workspace that another test process is using.
 */
function installPackage(): string {
  execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: REPO_ROOT, stdio: "inherit" });
  const packOut = execFileSync("npm", ["pack", "--silent", "--pack-destination", E2E_ROOT], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  const packed = path.join(E2E_ROOT, packOut.trim().split("\n").pop()!);
  const digest = createHash("sha256").update(fs.readFileSync(packed)).digest("hex").slice(0, 16);
  const workspaceDir = path.join(E2E_ROOT, `ws-${digest}`);
  const stamp = path.join(workspaceDir, ".installed");
  if (fs.existsSync(stamp)) return workspaceDir;
  fs.mkdirSync(workspaceDir, { recursive: true });
  const tarball = path.join(workspaceDir, "pulumi-coderd.tgz");
  fs.renameSync(packed, tarball);
  const rootPkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
  const pkg = {
    name: "pulumi-coderd-e2e-workspace",
    private: true,
    dependencies: {
      "pulumi-coderd": "file:./pulumi-coderd.tgz",
      "@pulumi/pulumi": rootPkg.devDependencies["@pulumi/pulumi"],
      typescript: rootPkg.devDependencies.typescript,
    },
  };
  fs.writeFileSync(path.join(workspaceDir, "package.json"), JSON.stringify(pkg, null, 2));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], {
    cwd: workspaceDir,
    stdio: "inherit",
  });
  fs.writeFileSync(stamp, new Date().toISOString());
  pruneOldWorkspaces(workspaceDir);
  return workspaceDir;
}

/** Removes workspaces of earlier builds that nobody touched for an hour. */
function pruneOldWorkspaces(keep: string): void {
  for (const name of fs.readdirSync(E2E_ROOT)) {
    const dir = path.join(E2E_ROOT, name);
    if (!name.startsWith("ws-") || dir === keep) continue;
    const age = Date.now() - fs.statSync(dir).mtimeMs;
    if (age > 60 * 60_000) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A cross-process lock (mkdir is atomic); stale after 10 minutes. */
function withLock(lockDir: string, fn: () => void): void {
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch {
      const age = Date.now() - (fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 10 * 60_000) fs.rmSync(lockDir, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
  try {
    fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}
