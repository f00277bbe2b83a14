import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { kindsWrittenBy } from "../../provider/dynamic/read-snapshots";
import { resetRuntime } from "../../provider/dynamic/runtime";
import { groupProvider } from "../../provider/resources/group";
import { oauth2AppProvider } from "../../provider/resources/oauth2-app";
import { workspaceProxyProvider } from "../../provider/resources/workspace-proxy";
import { callCounts } from "../e2e/state-measures";
import { type ProviderEnvironment, startProviderEnvironment, stopProviderEnvironment } from "./provider-env";

// Batched reads (provider/dynamic/read-snapshots.ts) through the Group provider, against the
// emulator: concurrent reads share one list, a lone read is one GET, and nothing stale is served.

let env: ProviderEnvironment;
let org: string;
let users: string[];

beforeAll(async () => {
  env = await startProviderEnvironment("all", { experiments: ["oauth2"] });
  const seed = await env.emu.control.seed();
  org = seed.defaultOrganizationId;
  users = seed.users.slice(0, 3).map((u) => u.id);
});
afterAll(() => stopProviderEnvironment(env));
beforeEach(async () => {
  // A fresh provider process for every test.
  resetRuntime();
  await env.emu.control.clearRequests();
});

async function makeGroups(prefix: string, n: number) {
  const out: Array<{ id: string; props: any }> = [];
  for (let i = 0; i < n; i++) {
    const g = await env.api.createGroup(org, { name: `${prefix}${i}` });
    await env.api.updateGroup(g.id, { addUsers: [users[i % users.length]!] });
    out.push({
      id: g.id,
      props: {
        organizationId: org,
        name: g.name,
        displayName: "",
        avatarUrl: "",
        quotaAllowance: 0,
        members: [users[i % users.length]!],
        adopt: false,
      },
    });
  }
  await env.emu.control.clearRequests();
  return out;
}

const requests = async () => callCounts(await env.emu.control.requests());

describe("batched reads", () => {
  it("a refresh of 20 groups of one organization is one list call", async () => {
    const groups = await makeGroups("snap-a-", 20);
    const results = await Promise.all(groups.map((g) => groupProvider.read!(g.id, g.props)));
    expect(results.map((r) => r.id)).toEqual(groups.map((g) => g.id));
    expect(results.every((r, i) => r.props.members[0] === groups[i]!.props.members[0])).toBe(true);
    expect(await requests()).toEqual({ "GET /api/v2/organizations/:id/groups": 1 });
  });

  it("a lone read is one GET of that group, not a list of the organization", async () => {
    const [g] = await makeGroups("snap-b-", 1);
    const r = await groupProvider.read!(g!.id, g!.props);
    expect(r.id).toBe(g!.id);
    expect(await requests()).toEqual({ "GET /api/v2/groups/:id": 1 });
  });

  it("finds out-of-band deletes, renames and member changes made after an earlier read", async () => {
    const groups = await makeGroups("snap-c-", 4);
    await Promise.all(groups.map((g) => groupProvider.read!(g.id, g.props)));
    // Out of band, after the first refresh in this same process.
    await env.api.deleteGroup(groups[0]!.id);
    await env.api.updateGroup(groups[1]!.id, { name: "snap-c-renamed" });
    await env.api.updateGroup(groups[2]!.id, { addUsers: [users[0]!, users[1]!] });
    await env.emu.control.clearRequests();
    const again = await Promise.all(groups.map((g) => groupProvider.read!(g.id, g.props)));
    expect(again[0]).toEqual({});
    expect(again[1]!.props.name).toBe("snap-c-renamed");
    expect(again[2]!.props.members).toEqual([...users].sort());
    expect(again[3]!.props).toEqual(expect.objectContaining({ name: "snap-c-3" }));
    // The repeated ids started a new generation: one fresh list served the second refresh.
    expect(await requests()).toEqual({ "GET /api/v2/organizations/:id/groups": 1 });
  });

  it("a write in the process drops the snapshot, so a later read sees it", async () => {
    const groups = await makeGroups("snap-d-", 3);
    await Promise.all(groups.slice(0, 2).map((g) => groupProvider.read!(g.id, g.props)));
    // The provider's own update (a PATCH through the same client) touches the groups.
    await groupProvider.update!(
      groups[2]!.id,
      { ...groups[2]!.props },
      {
        ...groups[2]!.props,
        quotaAllowance: 9,
      },
    );
    await env.emu.control.clearRequests();
    const r = await groupProvider.read!(groups[2]!.id, groups[2]!.props);
    expect(r.props.quotaAllowance).toBe(9);
    expect(await requests()).toEqual({ "GET /api/v2/organizations/:id/groups": 1 });
  });

  it("workspace proxies and OAuth2 apps read from their list exactly as from their GET", async () => {
    const proxies = [];
    const apps = [];
    for (let i = 0; i < 2; i++) {
      const p = await env.api.createWorkspaceProxy({
        name: `snap-p${i}`,
        displayName: `P ${i}`,
        icon: "/i.png",
      });
      proxies.push({ id: p.proxy.id, props: { name: `snap-p${i}`, proxyToken: p.proxyToken } });
      const a = await env.api.createOAuth2App({
        name: `snap-a${i}`,
        callbackUrl: "https://x.example.com/cb",
      });
      apps.push({ id: a.id, props: {} });
    }
    // Lone reads (one GET each), then both together (one list each kind).
    const byGet = [];
    for (const p of proxies) {
      resetRuntime();
      byGet.push(await workspaceProxyProvider.read!(p.id, p.props));
    }
    for (const a of apps) {
      resetRuntime();
      byGet.push(await oauth2AppProvider.read!(a.id, a.props));
    }
    resetRuntime();
    await env.emu.control.clearRequests();
    const byList = await Promise.all([
      ...proxies.map((p) => workspaceProxyProvider.read!(p.id, p.props)),
      ...apps.map((a) => oauth2AppProvider.read!(a.id, a.props)),
    ]);
    expect(await requests()).toEqual({
      "GET /api/v2/workspaceproxies": 1,
      "GET /api/v2/oauth2-provider/apps": 1,
    });
    expect(byList).toEqual(byGet);
    expect(byList[0]!.props.proxyToken).toBe(proxies[0]!.props.proxyToken);
  });

  it("maps write routes to the kinds they change", () => {
    expect(kindsWrittenBy("/api/v2/groups/abc")).toEqual(["groups"]);
    expect(kindsWrittenBy("/api/v2/organizations/o/groups")).toEqual(["groups"]);
    expect(kindsWrittenBy("/api/v2/organizations/o/provisionerkeys/k")).toEqual(["provisioner-keys"]);
    expect(kindsWrittenBy("/api/v2/oauth2-provider/apps/a")).toEqual(["oauth2-apps", "oauth2-app-secrets"]);
    expect(kindsWrittenBy("/api/v2/templates/t/acl")).toEqual([]);
    expect(kindsWrittenBy("/api/v2/organizations/o/members/u")).toBe("all");
  });
});
