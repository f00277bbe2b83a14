// The package as users get it before it is published (issue 19 items 10 and 12): installed from a
// tarball (`npm pack`) and from a git URL, `prepare` builds dist/, and every example type-checks
// with `tsc --noEmit` under Pulumi's TypeScript template tsconfig (no skipLibCheck, no
// esModuleInterop), which fails if the public declarations pull in zod or other internals.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const WORK = path.join(ROOT, ".e2e", "package-installs");
const rootPkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

/** compilerOptions of `pulumi new typescript`'s tsconfig.json, verbatim. */
const PULUMI_TEMPLATE_COMPILER_OPTIONS = {
  strict: true,
  outDir: "bin",
  target: "es2020",
  module: "commonjs",
  moduleResolution: "node",
  sourceMap: true,
  experimentalDecorators: true,
  pretty: true,
  noFallthroughCasesInSwitch: true,
  noImplicitReturns: true,
  forceConsistentCasingInFileNames: true,
};

const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** A fresh Pulumi TypeScript project depending on pulumi-coderd from `spec`. */
function makeProject(name: string, spec: string, extra: Record<string, unknown> = {}): string {
  const dir = path.join(WORK, name);
  fs.mkdirSync(dir, { recursive: true });
  const pkg = {
    name: `coderd-install-${name}`,
    private: true,
    main: "index.ts",
    dependencies: { "@pulumi/pulumi": rootPkg.devDependencies["@pulumi/pulumi"], "pulumi-coderd": spec },
    devDependencies: {
      typescript: rootPkg.devDependencies.typescript,
      "@types/node": rootPkg.devDependencies["@types/node"],
    },
    ...extra,
  };
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg, null, 2));
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], dir);
  return dir;
}

/** Every example's program: examples/<dir>/<main from Pulumi.yaml>. */
function examplePrograms(): { name: string; file: string }[] {
  const dirs = fs.readdirSync(path.join(ROOT, "examples")).filter((d) => {
    return fs.statSync(path.join(ROOT, "examples", d)).isDirectory();
  });
  return dirs.map((d) => {
    const project = fs.readFileSync(path.join(ROOT, "examples", d, "Pulumi.yaml"), "utf8");
    const main = /^main:\s*(\S+)/m.exec(project)?.[1] ?? "index.ts";
    return {
      name: d,
      file: path.join(ROOT, "examples", d, main.endsWith(".ts") ? main : `${main}/index.ts`),
    };
  });
}

beforeAll(() => {
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(WORK, { recursive: true });
});

describe("installing the unpublished package", () => {
  it("from a tarball: npm pack (prepare builds dist/), install, and every example passes tsc --noEmit with Pulumi's template tsconfig", () => {
    // No dist/ is removed here: e2e test files pack the package concurrently. `npm pack` runs
    // `prepare`, and the git install below builds dist/ from a clean clone.
    const packed = run("npm", ["pack", "--silent", "--pack-destination", WORK], ROOT)
      .trim()
      .split("\n")
      .pop()!;
    const dir = makeProject("tarball", `file:${path.join(WORK, packed)}`);
    const installed = path.join(dir, "node_modules", "pulumi-coderd");
    expect(fs.existsSync(path.join(installed, "dist", "provider", "index.js"))).toBe(true);
    expect(run("node", ["-e", "process.stdout.write(typeof require('pulumi-coderd').Group)"], dir)).toBe(
      "function",
    );

    // One compiler run over every example (each one a module of its own), with the template's options.
    const programs = examplePrograms();
    expect(programs.length).toBeGreaterThanOrEqual(8);
    for (const { name, file } of programs) fs.copyFileSync(file, path.join(dir, `example-${name}.ts`));
    const files = programs.map(({ name }) => `example-${name}.ts`);
    fs.writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({ compilerOptions: PULUMI_TEMPLATE_COMPILER_OPTIONS, files }, null, 2),
    );
    let listed: string;
    try {
      listed = run(
        path.join(dir, "node_modules", ".bin", "tsc"),
        ["--noEmit", "--pretty", "false", "--listFiles"],
        dir,
      );
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string };
      throw new Error(`the examples do not type-check:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
    }
    for (const f of files) expect(listed).toContain(f);
    // The public declarations pull in neither zod nor the provider's internals.
    expect(listed).not.toMatch(/node_modules\/zod\//);
    expect(listed).not.toMatch(
      /pulumi-coderd\/dist\/provider\/(client\/index|dynamic\/define-provider)\.d\.ts/,
    );
  }, 900_000);

  it("from a git URL (a git+file:// URL of this repository at HEAD): prepare builds dist/ in the clone", () => {
    const head = run("git", ["rev-parse", "HEAD"], ROOT).trim();
    // npm 11 runs a git dependency's `prepare` only when allowed (see README, Install).
    const dir = makeProject("git", `git+file://${ROOT}#${head}`, { allowScripts: { "pulumi-coderd": true } });
    const installed = path.join(dir, "node_modules", "pulumi-coderd");
    expect(fs.existsSync(path.join(installed, "dist", "provider", "index.d.ts"))).toBe(true);
    expect(
      run("node", ["-e", "process.stdout.write(typeof require('pulumi-coderd').TemplateAcl)"], dir),
    ).toBe("function");
  }, 600_000);
});
