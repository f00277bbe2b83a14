import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The e2e workspace: a directory whose node_modules holds `pulumi-coderd` installed from its packed
 * tarball (copied, not symlinked, exactly as on a user's machine) plus `@pulumi/pulumi`, so closure
 * serialization and `require("pulumi-coderd/...")` inside the provider host are exercised for real.
 * Built once per change of the package's contents; concurrent test files share it behind a lock.
 */
export const REPO_ROOT = path.resolve(__dirname, "../..");
const E2E_ROOT = path.join(REPO_ROOT, ".e2e");
export const WORKSPACE_DIR = path.join(E2E_ROOT, "workspace");

export interface E2EEnvironment {
  workspaceDir: string;
  pulumiBinDir: string;
}

let prepared: E2EEnvironment | undefined;

export function prepareE2EEnvironment(): E2EEnvironment {
  if (prepared) return prepared;
  fs.mkdirSync(E2E_ROOT, { recursive: true });
  const pulumiBinDir = ensurePulumi();
  // PULUMI_CODERD_E2E_PREBUILT=1 reuses the installed workspace as it is (for quick local iteration).
  if (process.env.PULUMI_CODERD_E2E_PREBUILT !== "1") withLock(path.join(E2E_ROOT, "lock"), () => installPackage());
  prepared = { workspaceDir: WORKSPACE_DIR, pulumiBinDir };
  return prepared;
}

/** Why e2e tests cannot run here, or undefined when they can. Under CI=true a missing CLI is fatal. */
export function e2eUnavailableReason(): string | undefined {
  try {
    prepareE2EEnvironment();
    return undefined;
  } catch (err) {
    if (process.env.CI === "true") throw err;
    return `Pulumi CLI unavailable (install it or Go to build it): ${(err as Error).message}`;
  }
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

function installPackage(): void {
  execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: REPO_ROOT, stdio: "inherit" });
  const packOut = execFileSync("npm", ["pack", "--silent", "--pack-destination", E2E_ROOT], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  const tarball = path.join(E2E_ROOT, packOut.trim().split("\n").pop()!);
  const digest = createHash("sha256").update(fs.readFileSync(tarball)).digest("hex");
  const stamp = path.join(WORKSPACE_DIR, ".installed");
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === digest) return;
  fs.mkdirSync(WORKSPACE_DIR, { recursive: true });
  const rootPkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
  const pkg = {
    name: "pulumi-coderd-e2e-workspace",
    private: true,
    dependencies: {
      "pulumi-coderd": `file:${tarball}`,
      "@pulumi/pulumi": rootPkg.devDependencies["@pulumi/pulumi"],
      typescript: rootPkg.devDependencies.typescript,
    },
  };
  fs.writeFileSync(path.join(WORKSPACE_DIR, "package.json"), JSON.stringify(pkg, null, 2));
  // A re-packed tarball keeps its name; drop the old copy so npm really reinstalls it.
  fs.rmSync(path.join(WORKSPACE_DIR, "node_modules", "pulumi-coderd"), { recursive: true, force: true });
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], {
    cwd: WORKSPACE_DIR,
    stdio: "inherit",
  });
  fs.writeFileSync(stamp, digest);
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
