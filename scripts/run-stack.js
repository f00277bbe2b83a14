#!/usr/bin/env node
// Runs one Pulumi operation on a TypeScript/JavaScript Pulumi program with the real `pulumi` engine.
//
// Why this exists: the Pulumi CLI we build from the Go module proxy has no Node.js language host
// (its module is not served), so `pulumi up` on a project directory cannot start a Node program.
// The Automation API's inline-program path needs only the `pulumi` binary: the SDK's own language
// runtime runs in this process and the engine drives it over gRPC, exactly as the language host
// would. Dynamic providers still run in the engine's `pulumi-resource-pulumi-nodejs` host process.
//
// The program file is `require`d like the language host does (its module exports become stack
// outputs), from a directory whose node_modules holds `pulumi-coderd` and `@pulumi/pulumi`.
//
// Usage: node scripts/run-stack.js <spec.json>   (or the spec as JSON on stdin)
// spec: { workDir, program, project, stack, backendUrl, passphrase?, config?: {key: {value, secret?}},
//         op: "up"|"preview"|"refresh"|"destroy"|"export"|"outputs"|"remove",
//         refresh?, expectNoChanges?, previewOnly?, color?, stream?, env? }
// Prints the engine output as it runs (when stream) and a final line `__RESULT__ <json>`.

const fs = require("node:fs");
const path = require("node:path");
const { createRequire } = require("node:module");
require("./ts-hook");

const collected = [];

async function main() {
  const raw = process.argv[2] ? fs.readFileSync(process.argv[2], "utf8") : fs.readFileSync(0, "utf8");
  const spec = JSON.parse(raw);
  const workDir = path.resolve(spec.workDir);
  const programPath = path.resolve(spec.program);
  const req = createRequire(path.join(workDir, "package.json"));
  const auto = req("@pulumi/pulumi/automation");

  const program = async () => {
    delete require.cache[programPath];
    const mod = req(programPath);
    return typeof mod === "function" ? mod() : mod;
  };
  const env = {
    PULUMI_CONFIG_PASSPHRASE: spec.passphrase ?? "pulumi-coderd-e2e",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    PULUMI_HOME: spec.pulumiHome ?? path.join(workDir, ".pulumi-home"),
    ...(spec.env ?? {}),
  };
  const stack = await auto.LocalWorkspace.createOrSelectStack(
    { stackName: spec.stack, projectName: spec.project, program },
    {
      workDir,
      envVars: env,
      secretsProvider: "passphrase",
      projectSettings: { name: spec.project, runtime: "nodejs", backend: { url: spec.backendUrl } },
    },
  );
  if (spec.config && Object.keys(spec.config).length > 0) {
    await stack.setAllConfig(spec.config);
  }
  const out = collected;
  const onOutput = (s) => {
    out.push(s);
    if (spec.stream) process.stdout.write(s);
  };
  const color = spec.color ?? "never";
  let result;
  switch (spec.op) {
    case "up": {
      const r = await stack.up({
        onOutput,
        color,
        refresh: spec.refresh,
        expectNoChanges: spec.expectNoChanges,
      });
      result = { summary: r.summary, outputs: plainOutputs(r.outputs) };
      break;
    }
    case "preview": {
      const r = await stack.preview({
        onOutput,
        color,
        refresh: spec.refresh,
        expectNoChanges: spec.expectNoChanges,
        diff: spec.diff,
      });
      result = { changeSummary: r.changeSummary };
      break;
    }
    case "refresh": {
      const r = await stack.refresh({
        onOutput,
        color,
        previewOnly: spec.previewOnly,
        expectNoChanges: spec.expectNoChanges,
      });
      result = { summary: r.summary };
      break;
    }
    case "destroy": {
      const r = await stack.destroy({ onOutput, color });
      result = { summary: r.summary };
      break;
    }
    case "export": {
      // Not stack.exportStack(): the Automation API exports with --show-secrets. This is what
      // `pulumi stack export` prints, i.e. what a user or CI log would see.
      const { execFileSync } = require("node:child_process");
      const text = execFileSync("pulumi", ["stack", "export", "--stack", spec.stack], {
        cwd: workDir,
        env: { ...process.env, ...env },
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
      });
      result = { deployment: JSON.parse(text) };
      break;
    }
    case "outputs": {
      result = { outputs: plainOutputs(await stack.outputs()) };
      break;
    }
    case "secret-outputs": {
      // For tests that prove secrets are absent from state: they need the real values.
      const outs = await stack.outputs();
      result = {
        outputs: Object.fromEntries(
          Object.entries(outs).map(([k, v]) => [k, { value: v.value, secret: v.secret }]),
        ),
      };
      break;
    }
    case "remove": {
      await stack.workspace.removeStack(spec.stack, { force: true });
      result = {};
      break;
    }
    default:
      throw new Error(`unknown op ${spec.op}`);
  }
  result.stdout = out.join("");
  process.stdout.write(`\n__RESULT__ ${JSON.stringify(result)}\n`);
}

// Secret outputs stay masked: the runner reports `{secret: true}` instead of the value.
function plainOutputs(outputs) {
  const res = {};
  for (const [k, v] of Object.entries(outputs ?? {}))
    res[k] = v.secret ? { secret: true } : { value: v.value };
  return res;
}

main().catch((err) => {
  const message =
    err && (err.stderr || err.message)
      ? `${err.message}\n${err.stderr ?? ""}\n${err.stdout ?? ""}`
      : String(err);
  process.stdout.write(`\n__RESULT__ ${JSON.stringify({ error: message, stdout: collected.join("") })}\n`);
  process.exitCode = 1;
});
