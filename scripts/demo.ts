// `npm run demo`: Coder administered as code, against the bundled emulator, in about a minute.
//
// Starts the emulator (unlicensed, like a fresh deployment) on a free loopback port, copies
// examples/quickstart into a new project directory (pulumi-coderd installed from its packed
// tarball), and runs the `pulumi` commands a user types, printing each command, its output and its
// exit code. Between them it changes things behind Pulumi's back, so the drift check fails as it
// would in a CI drift job, then `pulumi up --refresh` reconciles. Cleans up, also on Ctrl-C.
import { type RunningEmulator, startEmulator } from "../emulator";
import { CoderClient } from "../provider/client";
import { type CliResult, ProjectStack } from "../tools/project-stack";

const started = Date.now();
let emulator: RunningEmulator | undefined;
let project: ProjectStack | undefined;
let step = 0;
const summary: string[] = [];

function say(text: string): void {
  step += 1;
  console.log(`\n\x1b[1m=== ${step}. ${text}\x1b[0m`);
}

/**
 * Runs `pulumi <args>` in the project and prints it as a terminal would show it. `shown` replaces
 * arguments on the printed line (secrets are typed, not shown).
 */
async function pulumi(args: string[], shown: string[] = args): Promise<CliResult> {
  console.log(`\n$ pulumi ${shown.join(" ")}`);
  const res = await project!.shell(args);
  const out = `${res.stdout}${res.stderr}`.trimEnd();
  if (out) console.log(out);
  console.log(`[exit code ${res.status}]`);
  return res;
}

async function must(args: string[], shown?: string[]): Promise<CliResult> {
  const res = await pulumi(args, shown);
  if (res.status !== 0) throw new Error(`pulumi ${args[0]} failed with exit code ${res.status}`);
  return res;
}

/** The engine counts the stack itself among the changes; people count the Coder objects. */
function coderObjects(output: string, verb: string): number {
  const n = Number(new RegExp(`(\\d+) ${verb}`).exec(output)?.[1] ?? 0);
  return Math.max(0, n - 1);
}

async function cleanup(): Promise<void> {
  project?.cleanup();
  project = undefined;
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
  say("Setting up: the Pulumi CLI, a Coder emulator, and a project made from examples/quickstart");
  // Like a fresh Coder v2.30.0 started with CODER_EXPERIMENTS=oauth2 (the quickstart has an OAuth2 app).
  emulator = await startEmulator({ license: "none", experiments: ["oauth2"] });
  const seed = await emulator.control.seed();
  const { jwt } = await emulator.control.mintLicense({});
  // The constructor provisions the CLI (built once, then cached) and the packed package.
  project = new ProjectStack({
    projectDir: "examples/quickstart",
    stackName: "dev",
    target: emulator,
    typeCheck: true,
  });
  console.log(
    `Coder emulator at ${emulator.url} (unlicensed, like a fresh deployment; oauth2 experiment enabled)`,
  );
  console.log(`project directory: ${project.dir}`);
  console.log("  (a copy of examples/quickstart; pulumi-coderd is installed there from its npm tarball)");
  const api = new CoderClient({ url: emulator.url, token: emulator.token });

  say("Creating the stack and configuring it");
  await must(["stack", "init", "dev"]);
  await must(["config", "set", "coderd:url", emulator.url]);
  await must(
    ["config", "set", "--secret", "coderd:token", emulator.token],
    ["config", "set", "--secret", "coderd:token", "<owner token>"],
  );
  await must(
    ["config", "set", "--secret", "licenseJwt", jwt],
    ["config", "set", "--secret", "licenseJwt", "<license JWT>"],
  );

  say(
    "pulumi up: a license, groups with members, a provisioner key, a workspace proxy, an OAuth2 app and secret, IdP group sync, a template ACL, branding and workspace sharing",
  );
  const up = await must(["up", "--yes"]);
  summary.push(`created ${coderObjects(up.stdout, "created")} Coder resources`);

  say("pulumi preview: nothing to do when the deployment matches the program");
  await must(["preview", "--expect-no-changes"]);

  say("Changing things behind Pulumi's back, through the Coder API");
  const state = JSON.parse((await project.shell(["stack", "export"])).stdout).deployment.resources as any[];
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

  say("pulumi preview --refresh --expect-no-changes: the CI drift check fails (this failure is the point)");
  const drift = await pulumi(["preview", "--refresh", "--expect-no-changes", "--diff"]);
  if (drift.status === 0) throw new Error("the drift was not detected");
  summary.push(
    `drift detected (exit code ${drift.status}): a renamed group, a deleted provisioner key, a hand-made ACL grant`,
  );

  say("pulumi up --refresh: reconciling the deployment with the program");
  await must(["up", "--refresh", "--yes"]);
  const renamedBack = (await api.getGroup(platform.id)).name === "platform";
  const acl = await api.getTemplateAcl(docker.id);
  const carolGone = !acl.users.some((u) => u.id === carol.id);
  const keyBack = (await api.listProvisionerKeys(key.outputs.organizationId)).some(
    (k) => k.name === key.outputs.name,
  );
  if (!renamedBack || !carolGone || !keyBack)
    throw new Error("reconciliation did not restore the declared state");
  summary.push("reconciled: group renamed back, key recreated, carol's grant removed");
  await must(["preview", "--refresh", "--expect-no-changes"]);
  summary.push("the drift check passes again");

  say("pulumi destroy");
  const destroy = await must(["destroy", "--yes"]);
  summary.push(`destroyed ${coderObjects(destroy.stdout, "deleted")} Coder resources`);
  await must(["stack", "rm", "dev", "--yes"]);
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
