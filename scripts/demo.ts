// `npm run demo`: Coder administered as code, against the bundled emulator, in about a minute.
//
// Starts the emulator (unlicensed) on a free loopback port, runs examples/quickstart with the real
// Pulumi engine on a temporary file:// backend, changes things behind Pulumi's back, shows the
// drift, reconciles it, and destroys everything. Cleans up its processes and files, also on Ctrl-C.
import * as fs from "node:fs";
import * as path from "node:path";
import { type RunningEmulator, startEmulator } from "../emulator";
import { CoderClient } from "../provider/client";
import { E2EStack, type OpResult } from "../test/e2e/harness";

const started = Date.now();
let emulator: RunningEmulator | undefined;
let stack: E2EStack | undefined;
let step = 0;
const summary: string[] = [];

/** The engine counts the stack itself among the changes; people count the Coder objects. */
function resourceCount(changes: number | undefined): number {
  return Math.max(0, (changes ?? 0) - 1);
}

function say(text: string): void {
  step += 1;
  console.log(`\n\x1b[1m=== ${step}. ${text}\x1b[0m`);
}
function show(result: OpResult): void {
  console.log((result.stdout ?? "").trim());
  if (result.error) console.log(result.error.trim().split("\n").slice(0, 15).join("\n"));
}

/** The program of the repository's root Pulumi.yaml (`main:`), and its project name. */
function rootProject(): { project: string; program: string } {
  const yaml = fs.readFileSync(path.join(__dirname, "..", "Pulumi.yaml"), "utf8");
  const project = /^name:\s*(\S+)/m.exec(yaml)?.[1] ?? "quickstart";
  const main = /^main:\s*(\S+)/m.exec(yaml)?.[1] ?? "examples/quickstart/";
  return { project, program: main.endsWith(".ts") ? main : path.join(main, "index.ts") };
}

async function cleanup(): Promise<void> {
  stack?.cleanup();
  stack = undefined;
  await emulator?.close();
  emulator = undefined;
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    console.log(`\n${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

async function main(): Promise<void> {
  say("Provisioning the Pulumi CLI and packing pulumi-coderd (first run builds the CLI: minutes)");
  // Like a fresh Coder v2.30.0 started with CODER_EXPERIMENTS=oauth2 (the quickstart has an OAuth2 app).
  emulator = await startEmulator({ license: "none", experiments: ["oauth2"] });
  const seed = await emulator.control.seed();
  console.log(
    `Coder emulator at ${emulator.url} (unlicensed, like a fresh deployment; oauth2 experiment enabled)`,
  );
  const { jwt } = await emulator.control.mintLicense({});
  const { project, program } = rootProject();
  stack = new E2EStack({
    program,
    project,
    target: emulator,
    config: { [`${project}:licenseJwt`]: { value: jwt, secret: true } },
  });
  const api = new CoderClient({ url: emulator.url, token: emulator.token });

  say(
    "pulumi up: a license, groups with members, a provisioner key, a workspace proxy, an OAuth2 app and secret, IdP group sync and a template ACL",
  );
  const up = await stack.up();
  show(up);
  summary.push(`created ${resourceCount(up.summary?.resourceChanges?.create)} Coder resources`);

  say("pulumi preview: nothing to do when the deployment matches the program");
  const clean = await stack.preview({}, { expectNoChanges: true });
  show(clean);

  say("Changing things behind Pulumi's back, through the Coder API");
  const state = await stack.resources();
  const platform = state.find((r) => r.type.endsWith(":Group") && r.outputs.name === "platform");
  const key = state.find((r) => r.type.endsWith(":ProvisionerKey"));
  await api.updateGroup(platform.id, { name: "platform-renamed-by-hand" });
  console.log(`renamed group "platform" to "platform-renamed-by-hand"`);
  await api.deleteProvisionerKey(key.outputs.organizationId, key.outputs.name);
  console.log(`deleted provisioner key "${key.outputs.name}"`);
  const docker = seed.templates.find((t) => t.name === "docker")!;
  const carol = seed.users.find((u) => u.username === "carol")!;
  await api.updateTemplateAcl(docker.id, { userPerms: { [carol.id]: "admin" } });
  console.log(`granted carol "admin" on the docker template`);

  say("pulumi preview --refresh --expect-no-changes: drift detected (this failure is the point)");
  const drift = await stack.tryRun("preview", {}, { refresh: true, expectNoChanges: true, diff: true });
  show(drift);
  if (!drift.error) throw new Error("the drift was not detected");
  summary.push("drift detected: a renamed group, a deleted provisioner key, a hand-made ACL grant");

  say("pulumi up --refresh: reconciling the deployment with the program");
  const fix = await stack.up({}, { refresh: true });
  show(fix);
  const renamedBack = (await api.getGroup(platform.id)).name === "platform";
  const acl = await api.getTemplateAcl(docker.id);
  const carolGone = !acl.users.some((u) => u.id === carol.id);
  const keyBack = (await api.listProvisionerKeys(key.outputs.organizationId)).some(
    (k) => k.name === key.outputs.name,
  );
  if (!renamedBack || !carolGone || !keyBack)
    throw new Error("reconciliation did not restore the declared state");
  summary.push("reconciled: group renamed back, key recreated, carol's grant removed");
  await stack.preview({}, { expectNoChanges: true });

  say("pulumi destroy");
  const destroy = await stack.destroy();
  show(destroy);
  summary.push(`destroyed ${resourceCount(destroy.summary?.resourceChanges?.delete)} Coder resources`);
  await api.close();

  say("Summary");
  for (const line of summary) console.log(`  - ${line}`);
  console.log(`  - total time ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main()
  .then(cleanup)
  .catch(async (err) => {
    console.error(`\ndemo failed: ${err instanceof Error ? err.message : String(err)}`);
    await cleanup();
    process.exit(1);
  });
