import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { E2EStack } from "./harness";
import { e2eUnavailableReason, REPO_ROOT } from "./workspace";

const unavailable = e2eUnavailableReason();

const examplesDir = path.join(REPO_ROOT, "examples");
const examples = fs
  .readdirSync(examplesDir)
  .filter((d) => fs.existsSync(path.join(examplesDir, d, "Pulumi.yaml")))
  .sort();

/** Config an example reads beyond coderd:* (what its README tells users to set), by project name. */
const EXTRA_CONFIG: Record<string, Record<string, string>> = {
  "coder-platform": { platformMembers: '["alice","bob"]', proxyRegions: '["eu-west"]' },
  "coderd-new-deployment": { initialPassword: "Initial-Passw0rd-For-Bruno!" },
};

// Every example is a project users copy: after a fresh `npm install` (pulumi-coderd from the packed
// tarball, everything else as its package.json says), `pulumi preview` must succeed against a
// licensed, seeded Coder, with the program type-checked as a plain `pulumi` run does.
describe.skipIf(unavailable)("engine e2e: every example previews from a fresh install", () => {
  let emu: RunningEmulator;
  let jwt: string;
  const stacks: E2EStack[] = [];

  beforeAll(async () => {
    // Coder v2.30 serves OAuth2 apps (examples/oauth2-app, quickstart) only with the oauth2 experiment.
    emu = await startEmulator({ license: "all", experiments: ["oauth2"] });
    await emu.control.seed();
    jwt = (await emu.control.mintLicense({})).jwt;
  });
  afterAll(async () => {
    for (const s of stacks) s.cleanup();
    await emu?.close();
  });

  it("finds the examples", () => {
    expect(examples).toEqual(expect.arrayContaining(["quickstart", "group", "license", "gitops"]));
  });

  it.each(examples)(
    "examples/%s: npm install, then pulumi preview succeeds",
    async (name) => {
      const yaml = fs.readFileSync(path.join(examplesDir, name, "Pulumi.yaml"), "utf8");
      const project = /^name:\s*(\S+)/m.exec(yaml)![1]!;
      const config: Record<string, { value: string; secret?: boolean }> = {
        [`${project}:licenseJwt`]: { value: jwt, secret: true },
      };
      for (const [k, v] of Object.entries(EXTRA_CONFIG[project] ?? {}))
        config[`${project}:${k}`] = { value: v };
      const stack = new E2EStack({
        projectDir: `examples/${name}`,
        target: emu,
        config,
        freshInstall: true,
        typeCheck: true,
      });
      stacks.push(stack);
      expect(fs.existsSync(path.join(stack.dir, "..", "node_modules", "pulumi-coderd", "package.json"))).toBe(
        true,
      );
      const preview = await stack.preview();
      expect(preview.exitCode).toBe(0);
      expect(Object.values(preview.changeSummary ?? {}).reduce((a, b) => a + b, 0)).toBeGreaterThan(1);
    },
    300_000,
  );

  it("a program with a TypeScript type error fails `pulumi preview` with the compiler's message", async () => {
    const stack = new E2EStack({ program: "test/e2e/programs/type-error.ts", target: emu, typeCheck: true });
    stacks.push(stack);
    const res = await stack.tryRun("preview");
    expect(res.exitCode).not.toBe(0);
    const text = `${res.stdout}\n${res.stderr}`;
    // ts-node's diagnostic, with the file, the TS code and the compiler's own text.
    expect(text).toMatch(/index\.ts\(\d+,\d+\): error TS2322: Type 'number' is not assignable to type/);
  }, 120_000);
});
