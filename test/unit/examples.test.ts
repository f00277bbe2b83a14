import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const examplesDir = path.join(root, "examples");

// Every example is a program users copy: it must compile against the package's public API
// ("pulumi-coderd" maps to provider/index.ts in tsconfig.json, as the installed package would).
describe("examples", () => {
  const dirs = fs
    .readdirSync(examplesDir)
    .filter((d) => fs.statSync(path.join(examplesDir, d)).isDirectory());

  it.each(dirs)("%s has a Pulumi project and a program", (dir) => {
    const project = fs.readFileSync(path.join(examplesDir, dir, "Pulumi.yaml"), "utf8");
    expect(project).toMatch(/runtime:/);
    const main = /main:\s*(\S+)/.exec(project)?.[1] ?? "index.ts";
    expect(fs.existsSync(path.join(examplesDir, dir, main.endsWith(".ts") ? main : `${main}/index.ts`))).toBe(
      true,
    );
  });

  it("all type-check against the public API", () => {
    const listed = execFileSync("npx", ["tsc", "-p", "tsconfig.examples.json", "--listFilesOnly"], {
      cwd: root,
      encoding: "utf8",
    });
    for (const dir of dirs) expect(listed).toContain(`/examples/${dir}/`);
    // Throws (with the compiler's messages) when any example does not compile.
    execFileSync("npx", ["tsc", "-p", "tsconfig.examples.json"], { cwd: root, encoding: "utf8" });
  }, 120_000);
});
