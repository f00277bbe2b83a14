// Where an engine e2e test file runs its stacks: the bundled emulator (default), or a real Coder
// deployment when PULUMI_CODERD_E2E_TARGET=real with CODER_URL and CODER_SESSION_TOKEN (an owner's
// token). Against a real deployment a test file:
//   - names everything it creates uniquely for the run (`name("eng")` → `e2e-3f9a1c-eng`), so runs
//     never collide with each other or with the deployment's own objects;
//   - creates the users and the second organization it needs, and puts back what it changed
//     (deleted users/organizations/groups, restored IdP sync settings and Everyone quotas) in `close()`;
//   - skips, with a reason naming the missing license feature or experiment, what the deployment
//     cannot do (`missing`, applied with `skipUnlessReady` in a beforeEach);
//   - asserts call counts and emulator-only state only when `emulator` is set.

import { randomBytes } from "node:crypto";
import { type RequestLogEntry, type RunningEmulator, startEmulator } from "../../emulator";
import { CoderClient, humanizeFeature } from "../../provider/client";
import type { StackTarget } from "./harness";
import { callCounts } from "./state-checks";

export type E2ETargetKind = "emulator" | "real";

/** What a test file needs from its target. */
export interface E2ENeeds {
  /** License mode of the emulator (ignored on a real deployment). Default "none". */
  license?: "all" | "none";
  /** Coder license features the file's resources need (checked on a real deployment). */
  features?: string[];
  /** Coder experiments the file needs (enabled on the emulator, checked on a real deployment). */
  experiments?: string[];
  /** Handles of member users (`alice`, `bob`…): seeded on the emulator, created on a real deployment. */
  users?: string[];
  /** A second organization: `research` on the emulator, created on a real deployment. */
  secondOrganization?: boolean;
}

export interface E2ETarget extends StackTarget {
  kind: E2ETargetKind;
  /** The emulator when the target is one: control API, request log, raw state. */
  emulator?: RunningEmulator;
  /** An owner client of the target. */
  api: CoderClient;
  defaultOrganizationId: string;
  /** Set when `secondOrganization` was asked for and the target has one. */
  secondOrganizationId?: string;
  /** Why the file's tests cannot run on this target (a missing feature or experiment), if so. */
  missing?: string;
  /** A name unique to this run on a real deployment; `base` itself on the emulator. */
  name(base: string): string;
  /** The id of a user asked for in `needs.users`. */
  user(handle: string): string;
  /** The request log since the last `clearCalls()` (emulator only; undefined on a real deployment). */
  requests(): Promise<RequestLogEntry[] | undefined>;
  /** Calls per route since the last `clearCalls()` (emulator only). */
  calls(): Promise<Record<string, number> | undefined>;
  clearCalls(): Promise<void>;
  /** Registers something to put back in `close()` (run in reverse order). */
  onClose(restore: () => Promise<unknown>): void;
  /** Puts back what the run changed, deletes what it created, stops the emulator. */
  close(): Promise<void>;
}

/** The target the environment asks for. */
export function e2eTargetKind(): E2ETargetKind {
  return process.env.PULUMI_CODERD_E2E_TARGET === "real" ? "real" : "emulator";
}

/** A configuration error of the opt-in real run (fails loudly: the user asked for it). */
export function realTargetConfigError(): string | undefined {
  if (e2eTargetKind() !== "real") return undefined;
  const missing = ["CODER_URL", "CODER_SESSION_TOKEN"].filter((v) => !process.env[v]);
  return missing.length > 0
    ? `PULUMI_CODERD_E2E_TARGET=real needs ${missing.join(" and ")} (the deployment and an owner's session token)`
    : undefined;
}

/** vitest beforeEach hook body: skips the test, naming what the target lacks. */
export function skipUnlessReady(target: E2ETarget | undefined, ctx: { skip(note?: string): never }): void {
  if (target?.missing) ctx.skip(target.missing);
}

export async function openE2ETarget(needs: E2ENeeds = {}): Promise<E2ETarget> {
  return e2eTargetKind() === "real" ? openReal(needs) : openEmulator(needs);
}

async function openEmulator(needs: E2ENeeds): Promise<E2ETarget> {
  const emu = await startEmulator({ license: needs.license ?? "none", experiments: needs.experiments });
  const seed = await emu.control.seed();
  const api = new CoderClient({ url: emu.url, token: emu.token });
  const restores: Array<() => Promise<unknown>> = [];
  return {
    kind: "emulator",
    url: emu.url,
    token: emu.token,
    emulator: emu,
    api,
    defaultOrganizationId: seed.defaultOrganizationId,
    secondOrganizationId: needs.secondOrganization
      ? seed.organizations.find((o) => o.name === "research")!.id
      : undefined,
    name: (base) => base,
    user: (handle) => {
      const u = seed.users.find((x) => x.username === handle);
      if (!u) throw new Error(`no seeded emulator user ${handle}`);
      return u.id;
    },
    requests: () => emu.control.requests(),
    calls: async () => callCounts(await emu.control.requests()),
    clearCalls: async () => {
      await emu.control.clearRequests();
    },
    onClose: (r) => restores.push(r),
    close: async () => {
      for (const r of restores.reverse()) await r();
      await api.close();
      await emu.close();
    },
  };
}

async function openReal(needs: E2ENeeds): Promise<E2ETarget> {
  const configError = realTargetConfigError();
  if (configError) throw new Error(configError);
  const url = process.env.CODER_URL!.replace(/\/+$/, "");
  const token = process.env.CODER_SESSION_TOKEN!;
  const api = new CoderClient({ url, token });
  const run = randomBytes(3).toString("hex");
  const name = (base: string) => `e2e-${run}-${base}`;
  const restores: Array<() => Promise<unknown>> = [];
  const users = new Map<string, string>();
  const close = async () => {
    const errors: string[] = [];
    for (const r of restores.reverse()) {
      try {
        await r();
      } catch (err) {
        errors.push((err as Error).message);
      }
    }
    await api.close();
    if (errors.length > 0) throw new Error(`cleaning up the real deployment failed:\n${errors.join("\n")}`);
  };

  const missing = await missingOnReal(api, needs);
  const defaultOrganizationId = await api.resolveOrganizationId(undefined);
  let secondOrganizationId: string | undefined;
  if (!missing) {
    try {
      if (needs.secondOrganization) {
        const org = await rawCall<{ id: string }>(url, token, "POST", "/organizations", {
          name: name("org"),
          display_name: `pulumi-coderd e2e ${run}`,
        });
        secondOrganizationId = org.id;
        restores.push(() => rawCall(url, token, "DELETE", `/organizations/${org.id}`));
      }
      for (const handle of needs.users ?? []) {
        const username = name(handle);
        const u = await rawCall<{ id: string }>(url, token, "POST", "/users", {
          username,
          email: `${username}@example.com`,
          name: `e2e ${handle}`,
          login_type: "none",
          organization_ids: [defaultOrganizationId],
        });
        users.set(handle, u.id);
        restores.push(() => rawCall(url, token, "DELETE", `/users/${u.id}`));
      }
    } catch (err) {
      await close();
      throw err;
    }
  }
  return {
    kind: "real",
    url,
    token,
    api,
    defaultOrganizationId,
    secondOrganizationId,
    missing,
    name,
    user: (handle) => {
      const id = users.get(handle);
      if (!id) throw new Error(`user ${handle} was not asked for in the e2e needs`);
      return id;
    },
    requests: async () => undefined,
    calls: async () => undefined,
    clearCalls: async () => {},
    onClose: (r) => restores.push(r),
    close,
  };
}

/** The first thing the deployment lacks, as a skip reason naming the license feature or experiment. */
async function missingOnReal(api: CoderClient, needs: E2ENeeds): Promise<string | undefined> {
  const features = [...(needs.features ?? [])];
  if (needs.secondOrganization && !features.includes("multiple_organizations"))
    features.push("multiple_organizations");
  const lacking: string[] = [];
  for (const f of features) if (!(await api.isEntitled(f))) lacking.push(`${humanizeFeature(f)} (${f})`);
  if (lacking.length > 0)
    return `the deployment's license does not include ${lacking.join(", ")}; upload a license that does`;
  for (const e of needs.experiments ?? []) {
    if (e === "oauth2" && (await api.isOAuth2ExperimentGated()))
      return "the deployment has the 'oauth2' experiment disabled; start coderd with CODER_EXPERIMENTS=oauth2";
    if (e !== "oauth2" && !(await api.getExperiments()).includes(e))
      return `the deployment has the '${e}' experiment disabled; start coderd with CODER_EXPERIMENTS=${e}`;
  }
  return undefined;
}

/** Plain HTTP for the set-up calls the provider's client does not offer (users, organizations). */
async function rawCall<T = unknown>(
  url: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${url}/api/v2${path}`, {
    method,
    headers: { "Coder-Session-Token": token, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} /api/v2${path}: ${res.status} ${text.trim()}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
