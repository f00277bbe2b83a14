// Fault suite: the README's quickstart (examples/quickstart) `pulumi up` and `pulumi destroy`, with
// the real engine, against an emulator injecting one fault mode at a time; plus a `pulumi up`
// killed mid-way and recovered with the steps of docs/recovery.md.
//
// Each mode must converge with no help: the first `up` under the fault succeeds (it is never
// retried: a failed run is a failure), a second `up` without faults changes nothing, a refresh
// finds no drift, the server holds exactly the program's objects (no duplicates, no orphans), the
// secrets in state are the live ones (the emulator's stored hashes match), and `destroy` under the
// same fault leaves only what a fresh deployment has.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { CoderClient } from "../../provider/client";
import { E2EStack, type OpResult } from "./harness";
import { e2eUnavailableReason } from "./workspace";

const unavailable = e2eUnavailableReason();

type FaultSpec = Parameters<RunningEmulator["control"]["addFault"]>[0];

const WRITES = ["POST", "PATCH", "PUT", "DELETE"];
const READS = ["GET"];
const each = (methods: string[], f: Omit<FaultSpec, "method">): FaultSpec[] =>
  methods.map((method) => ({ ...f, method }));

/** The create route of every resource with create recovery (regular expressions on the path). */
const CREATE_ROUTES = [
  "/licenses$",
  "/groups$",
  "/provisionerkeys$",
  "/workspaceproxies$",
  "/oauth2-provider/apps$",
  "/secrets$",
];

interface Mode {
  name: string;
  /** Added before the `up` and again before the `destroy` (count-limited faults are used up). */
  faults: FaultSpec[];
}

const MODES: Mode[] = [
  {
    // Bursts: the first few requests of each method are rate limited, for 1 s each.
    name: "429 bursts with Retry-After",
    faults: [
      ...each(READS, { kind: "status", status: 429, retryAfter: 1, count: 4 }),
      ...each(WRITES, { kind: "status", status: 429, retryAfter: 1, count: 3 }),
    ],
  },
  {
    // The quickstart reads little, so 10% alone may hit nothing: the first 3 GETs fail once too.
    name: "10% 5xx on reads",
    faults: [
      { method: "GET", kind: "status", status: 503, count: 3 },
      ...each(READS, { kind: "status", status: 500, probability: 0.05 }),
      ...each(READS, { kind: "status", status: 503, probability: 0.05 }),
    ],
  },
  {
    // 10% of writes fail, and the first write to each create/member route fails once as well, so
    // every create's recovery path (lookup, then adopt or POST again) runs in every run.
    name: "10% 5xx on writes",
    faults: [
      ...CREATE_ROUTES.map(
        (path): FaultSpec => ({ method: "POST", path, kind: "status", status: 502, count: 1 }),
      ),
      { method: "PATCH", path: "^/api/v2/groups/", kind: "status", status: 502, count: 1 },
      { method: "PATCH", path: "/acl$", kind: "status", status: 502, count: 1 },
      { method: "PATCH", path: "/idpsync/", kind: "status", status: 502, count: 1 },
      ...each(WRITES, { kind: "status", status: 500, probability: 0.1 }),
    ],
  },
  {
    name: "dropped connections",
    faults: [
      ...each(WRITES, { kind: "drop", count: 3 }),
      ...each([...READS, ...WRITES], { kind: "drop", probability: 0.1 }),
    ],
  },
  { name: "300 ms latency", faults: [{ kind: "latency", ms: 300 }] },
  {
    // Applied, then the answer lost: coderd commits every first create, member, ACL and IdP write,
    // and a proxy's 502 replaces its answer. Creates must recover their own object (no duplicate,
    // no orphan, the live secret), member PATCHes recompute, idempotent PATCHes repeat.
    name: "after-commit 502 on every create, member, ACL and IdP route",
    faults: [
      ...CREATE_ROUTES.map(
        (path): FaultSpec => ({
          method: "POST",
          path,
          kind: "status",
          status: 502,
          phase: "after",
          count: 1,
        }),
      ),
      { method: "PATCH", path: "^/api/v2/groups/", kind: "status", status: 502, phase: "after", count: 1 },
      { method: "PATCH", path: "/acl$", kind: "status", status: 502, phase: "after", count: 1 },
      { method: "PATCH", path: "/idpsync/", kind: "status", status: 502, phase: "after", count: 1 },
      { method: "DELETE", kind: "status", status: 504, phase: "after", count: 2 },
    ],
  },
  {
    // The same, with the connection reset on the way back instead of a 502.
    name: "after-commit dropped connections on every create, member, ACL and IdP route",
    faults: [
      ...CREATE_ROUTES.map(
        (path): FaultSpec => ({ method: "POST", path, kind: "drop", phase: "after", count: 1 }),
      ),
      { method: "PATCH", path: "^/api/v2/groups/", kind: "drop", phase: "after", count: 1 },
      { method: "PATCH", path: "/acl$", kind: "drop", phase: "after", count: 1 },
      { method: "PATCH", path: "/idpsync/", kind: "drop", phase: "after", count: 1 },
      { method: "DELETE", kind: "drop", phase: "after", count: 2 },
    ],
  },
];

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const report: Record<string, unknown>[] = [];

interface Env {
  emu: RunningEmulator;
  jwt: string;
  stack: E2EStack;
  client?: CoderClient;
}

/** An owner client for checks (what a user would use with curl or the coder CLI). */
const api = (env: Env) => (env.client ??= new CoderClient({ url: env.emu.url, token: env.emu.token }));

async function freshEnv(program = "examples/quickstart/index.ts"): Promise<Env> {
  const emu = await startEmulator({ license: "none", experiments: ["oauth2"] });
  const jwt = (await emu.control.mintLicense({})).jwt;
  const stack = new E2EStack({
    program,
    project: "quickstart",
    target: emu,
    config: { "quickstart:licenseJwt": { value: jwt, secret: true } },
  });
  return { emu, jwt, stack };
}

async function addFaults(emu: RunningEmulator, faults: FaultSpec[]): Promise<void> {
  for (const f of faults) await emu.control.addFault(f);
}

async function faultHits(emu: RunningEmulator): Promise<number> {
  return (await emu.control.faults()).reduce((n: number, f: any) => n + (f.hits ?? 0), 0);
}

async function timed(fn: () => Promise<OpResult>): Promise<{ res: OpResult; ms: number }> {
  const t0 = Date.now();
  const res = await fn();
  return { res, ms: Date.now() - t0 };
}

/** Fails with the engine's own output: a failed run under a fault is a finding, not retried. */
function expectSucceeded(what: string, res: OpResult): void {
  expect(res.error, `${what} failed:\n${res.error}\n${res.stdout}`).toBeUndefined();
}

const byType = (resources: any[], type: string) =>
  resources.filter((r) => r.type === `pulumi-nodejs:dynamic/coderd:${type}`);

/**
 * The server holds exactly the quickstart's objects, each the one in state, and every secret in
 * state is the live one. Returns a summary for the report.
 */
async function expectConverged(
  env: Env,
): Promise<{ duplicates: number; orphans: number; staleInState: number; secretsOk: boolean }> {
  const { emu, stack, jwt } = env;
  const dep = await stack.exportState();
  const resources: any[] = dep.deployment.resources ?? [];
  expect(dep.deployment.pending_operations ?? [], "pending operations left in state").toEqual([]);
  const s: any = await emu.control.state();
  const seed: any = await emu.control.seed();
  const user = (name: string) => seed.users.find((u: any) => u.username === name).id;
  const outputs = await stack.secretOutputs();

  const groups = (s.groups as any[]).filter((g) => g.name !== "Everyone");
  const proxies = (s.workspaceProxies as any[]).filter((p) => !p.deleted);
  const found = {
    groups: groups.map((g) => g.id).sort(),
    licenses: (s.licenses as any[]).map((l) => String(l.id)),
    oauth2Apps: (s.oauth2Apps as any[]).map((a) => a.id),
    oauth2Secrets: (s.oauth2Secrets as any[]).map((x) => x.id),
    provisionerKeys: (s.provisionerKeys as any[]).map((k) => k.id),
    workspaceProxies: proxies.map((p) => p.id),
  };
  const inState = {
    groups: byType(resources, "Group")
      .map((r) => r.id)
      .sort(),
    licenses: byType(resources, "License").map((r) => r.id),
    oauth2Apps: byType(resources, "OAuth2App").map((r) => r.id),
    oauth2Secrets: byType(resources, "OAuth2AppSecret").map((r) => r.id),
    provisionerKeys: byType(resources, "ProvisionerKey").map((r) => r.id),
    workspaceProxies: byType(resources, "WorkspaceProxy").map((r) => r.id),
  };
  // Orphans: on the server, not in state. Stale: in state, gone from the server. Duplicates: more
  // objects of a kind than the program declares (2 groups, 1 of everything else).
  let orphans = 0;
  let staleInState = 0;
  let duplicates = Math.max(0, groups.length - 2);
  for (const k of Object.keys(found) as (keyof typeof found)[]) {
    orphans += found[k].filter((id) => !inState[k].includes(id)).length;
    staleInState += inState[k].filter((id) => !found[k].includes(id)).length;
    if (k !== "groups") duplicates += Math.max(0, found[k].length - 1);
  }
  // One of each, except the two groups; every one in state (no orphans), every state id live.
  expect(found, "objects on the server vs the ids in state").toEqual(inState);
  expect(groups.map((g) => g.name).sort()).toEqual(["contractors", "platform"]);
  expect(found.licenses).toHaveLength(1);
  expect(s.licenses[0].jwt ?? jwt).toBe(jwt);
  expect(found.oauth2Apps).toHaveLength(1);
  expect(found.oauth2Secrets).toHaveLength(1);
  expect(found.provisionerKeys).toHaveLength(1);
  expect(found.workspaceProxies).toHaveLength(1);
  const platform = groups.find((g) => g.name === "platform");
  expect([...platform.memberIds].sort()).toEqual([user("alice"), user("bob")].sort());
  expect(groups.find((g) => g.name === "contractors").memberIds).toEqual([]);

  // Template ACL: exactly platform=admin (declared entries are the whole ACL: Everyone's default
  // `use` is removed), no user entries.
  const docker = seed.templates.find((t: any) => t.name === "docker");
  const acl = (await api(env).getTemplateAcl(docker.id)) as any;
  expect(acl.users).toEqual([]);
  expect(acl.groups.map((g: any) => `${g.name}=${g.role}`).sort()).toEqual(["platform=admin"]);
  // IdP group sync: engineering → platform, exactly once.
  const idp = await api(env).getGroupSyncSettings(seed.defaultOrganizationId);
  expect(idp.mapping).toEqual({ engineering: [platform.id] });

  // Secrets: present, and the live ones (the emulator keeps sha256 of each secret's secret part).
  const key = String(outputs.provisionerKey?.value ?? "");
  const token = String(outputs.proxyToken?.value ?? "");
  const clientSecret = String(outputs.grafanaClientSecret?.value ?? "");
  const secretsOk =
    key !== "" &&
    token !== "" &&
    clientSecret !== "" &&
    s.provisionerKeys[0].hashedSecret === sha256(key) &&
    proxies[0].tokenHash === sha256(token.split(":")[1] ?? "") &&
    s.oauth2Secrets[0].hashedSecret === sha256(clientSecret.split("_")[2] ?? "");
  expect(secretsOk, "secret outputs are the live secrets").toBe(true);
  return { duplicates, orphans, staleInState, secretsOk };
}

/** What a fresh deployment has: the seeded Everyone groups and default ACLs, nothing else. */
async function expectClean(env: Env): Promise<void> {
  const s: any = await env.emu.control.state();
  expect(s.licenses).toEqual([]);
  expect(s.oauth2Apps).toEqual([]);
  expect(s.oauth2Secrets).toEqual([]);
  expect(s.provisionerKeys).toEqual([]);
  expect((s.workspaceProxies as any[]).filter((p) => !p.deleted)).toEqual([]);
  expect((s.groups as any[]).map((g) => g.name).sort()).toEqual(["Everyone", "Everyone"]);
  // Every template's ACL is Coder's default again: Everyone (id = organization id) → use. Read
  // from the emulator's state: without a license the ACL API answers 403.
  const seed: any = await env.emu.control.seed();
  for (const t of seed.templates) {
    const acl = (s.templateAcls as any[]).find((a) => a.templateId === t.id);
    expect({ users: acl.users, groups: acl.groups }, `ACL of template ${t.name}`).toEqual({
      users: {},
      groups: { [t.organizationId]: "use" },
    });
  }
  expect((await env.stack.exportState()).deployment.resources ?? []).toEqual([]);
}

describe.skipIf(unavailable)("fault suite: the quickstart converges under faults", () => {
  const envs: Env[] = [];
  afterAll(async () => {
    console.log("fault suite:\n" + JSON.stringify(report, null, 1));
    fs.mkdirSync(path.join(__dirname, "../../.e2e"), { recursive: true });
    fs.writeFileSync(path.join(__dirname, "../../.e2e/faults-report.json"), JSON.stringify(report, null, 2));
    for (const e of envs) {
      await e.client?.close();
      e.stack.cleanup();
      await e.emu.close();
    }
  });

  for (const mode of MODES) {
    it(`${mode.name}: up and destroy succeed first time, no duplicates, no orphans, no lost secrets`, async () => {
      const env = await freshEnv();
      envs.push(env);
      const row: Record<string, unknown> = { mode: mode.name };
      report.push(row);

      await addFaults(env.emu, mode.faults);
      const up = await timed(() => env.stack.tryRun("up"));
      row.upMs = up.ms;
      row.upFaultHits = await faultHits(env.emu);
      row.upOk = !up.res.error;
      expectSucceeded(`pulumi up under "${mode.name}"`, up.res);
      // The stack and the quickstart's 11 resources.
      expect(up.res.summary.resourceChanges).toEqual({ create: 12 });
      await env.emu.control.clearFaults();

      await env.stack.up({}, { expectNoChanges: true });
      await env.stack.preview({}, { refresh: true, expectNoChanges: true });
      row.rerunNoChanges = true;
      Object.assign(row, await expectConverged(env));

      await addFaults(env.emu, mode.faults);
      const destroy = await timed(() => env.stack.tryRun("destroy"));
      row.destroyMs = destroy.ms;
      row.destroyFaultHits = await faultHits(env.emu);
      row.destroyOk = !destroy.res.error;
      expectSucceeded(`pulumi destroy under "${mode.name}"`, destroy.res);
      await env.emu.control.clearFaults();
      await expectClean(env);
      row.clean = true;
      // Four engine runs (up, up, preview, destroy), two of them under faults: slow on a loaded machine.
    }, 300_000);
  }
});

describe.skipIf(unavailable)(
  "fault suite: an interrupted `pulumi up`, recovered as docs/recovery.md says",
  () => {
    let env: Env | undefined;
    afterAll(async () => {
      await env?.client?.close();
      env?.stack.cleanup();
      await env?.emu.close();
    });

    it("kill mid-way, then clear pending creates, remove what cannot be adopted, adopt the rest: same end state", async () => {
      env = await freshEnv();
      const { emu, stack } = env;
      const row: Record<string, unknown> = { mode: "interrupted up (killed mid-way, 300 ms latency)" };
      report.push(row);

      // Slow enough that the kill lands with creates in flight.
      await emu.control.addFault({ kind: "latency", ms: 300 });
      const run = stack.start("up");
      const t0 = Date.now();
      for (;;) {
        const s: any = await emu.control.state();
        if ((s.groups as any[]).some((g) => g.name !== "Everyone")) break;
        if (Date.now() - t0 > 60_000) throw new Error("the up created no group within 60 s");
        await new Promise((r) => setTimeout(r, 100));
      }
      run.kill();
      const killed = await run.result;
      row.killedAfterMs = Date.now() - t0;
      expect(killed.error).toBeDefined();
      // Requests already at the server finish there (it applies them; only the client is gone).
      await new Promise((r) => setTimeout(r, 1000));
      await emu.control.clearFaults();

      const exported = JSON.parse((await stack.cli(["stack", "export"])).stdout);
      row.pendingOperations = (exported.deployment.pending_operations ?? []).map(
        (p: any) => `${p.type} ${String(p.resource.urn).split("::").pop()}`,
      );
      row.resourcesInState = (exported.deployment.resources ?? []).length;
      console.log("after the kill:", row);

      // Step 1: the killed run's lock stays on a file backend: a new `up` says "the stack is
      // currently locked"; `pulumi cancel` removes the lock (nothing else is running).
      const locked = await stack.cli(["up", "--yes", "--skip-preview"]);
      expect(locked.status).not.toBe(0);
      expect(locked.stderr + locked.stdout).toMatch(/currently locked/);
      const cancel = await stack.cli(["cancel", "--yes"]);
      expect(cancel.status, cancel.stderr).toBe(0);

      // Step 2: drop the pending creates from state (the engine cannot know their ids).
      const refresh = await stack.cli(["refresh", "--clear-pending-creates", "--yes", "--skip-preview"]);
      expect(refresh.status, refresh.stderr + refresh.stdout).toBe(0);
      const after = JSON.parse((await stack.cli(["stack", "export"])).stdout);
      expect(after.deployment.pending_operations ?? []).toEqual([]);

      // Step 3: what the killed run made but state lacks. Groups and the proxy are adopted in step 4;
      // the rest cannot be (secrets shown once; OAuth2 app names are not unique; a license would be
      // uploaded twice) and are deleted, as with `coder provisioner keys delete`, the API or the UI.
      const inState = (type: string) =>
        byType(after.deployment.resources ?? [], type).map((r: any) => String(r.id));
      const s: any = await emu.control.state();
      const client = api(env);
      const removed: string[] = [];
      for (const l of s.licenses as any[]) {
        if (!inState("License").includes(String(l.id))) {
          await client.deleteLicense(l.id);
          removed.push(`license ${l.id}`);
        }
      }
      for (const k of s.provisionerKeys as any[]) {
        if (!inState("ProvisionerKey").includes(k.id)) {
          await client.deleteProvisionerKey(k.organizationId, k.name);
          removed.push(`provisioner key ${k.name}`);
        }
      }
      for (const a of s.oauth2Apps as any[]) {
        if (!inState("OAuth2App").includes(a.id)) {
          await client.deleteOAuth2App(a.id);
          removed.push(`OAuth2 app ${a.name}`);
        }
      }
      const apps = inState("OAuth2App");
      for (const x of s.oauth2Secrets as any[]) {
        if (apps.includes(x.appId) && !inState("OAuth2AppSecret").includes(x.id)) {
          await client.deleteOAuth2AppSecret(x.appId, x.id);
          removed.push(`OAuth2 secret ${x.truncated}`);
        }
      }
      row.removedOrphans = removed;
      row.adoptedCandidates = [
        ...(s.groups as any[])
          .filter((g) => g.name !== "Everyone" && !inState("Group").includes(g.id))
          .map((g) => `group ${g.name}`),
        ...(s.workspaceProxies as any[])
          .filter((p) => !p.deleted && !inState("WorkspaceProxy").includes(p.id))
          .map((p) => `proxy ${p.name}`),
      ];

      // Step 4: `up` with adopt: true on the Groups and the WorkspaceProxy, then without it again.
      stack.setConfig("quickstart:adopt", "true");
      const recovered = await stack.up();
      row.recoveryChanges = recovered.summary.resourceChanges;
      stack.setConfig("quickstart:adopt", "false");
      await stack.up({}, { expectNoChanges: true });
      await stack.preview({}, { refresh: true, expectNoChanges: true });
      row.rerunNoChanges = true;
      Object.assign(row, await expectConverged(env));
      await stack.destroy();
      await expectClean(env);
      row.clean = true;
      console.log("interrupted run recovered:", row);
    });
  },
);
