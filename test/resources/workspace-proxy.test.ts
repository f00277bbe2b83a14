// Contract tests: the WorkspaceProxy provider implementation against the emulator.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator";
import type { CoderClient } from "../../provider/client";
import { resetRuntime } from "../../provider/dynamic/runtime";
import { DEFAULT_PROXY_ICON, workspaceProxyProvider as p } from "../../provider/resources/workspace-proxy";
import { callCounts } from "../e2e/state-checks";
import { checkedInputs, startProviderEnvironment, stopProviderEnvironment } from "./provider-env";

let emu: RunningEmulator;
let api: CoderClient;
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const proxyRecord = async (id: string) =>
  ((await emu.control.state()).workspaceProxies as any[]).find((x) => x.id === id);
/** Whether `token` is the proxy's current token (the emulator stores sha256 of the part after ':'). */
const tokenWorks = async (id: string, token: string) => {
  const rec = await proxyRecord(id);
  return (rec.tokenHash ?? rec.token_hash) === sha256(token.split(":")[1]!);
};
const calls = async () => callCounts(await emu.control.requests());

const checked = (news: Record<string, unknown>) => checkedInputs(p, news);

beforeAll(async () => {
  ({ emu, api } = await startProviderEnvironment("all"));
});
afterAll(() => stopProviderEnvironment({ emu, api }));
beforeEach(async () => {
  await emu.control.clearRequests();
});

describe("WorkspaceProxy provider", () => {
  it("rejects primary, empty names and bad triggers at check, naming the property", async () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ name: "Primary" }, "name", /reserved for the primary proxy/],
      [{ name: "" }, "name", /must not be empty/],
      [{ name: "eu", regenerateToken: { a: 1 } }, "regenerateToken", /./],
      [{ name: "eu", adopt: "yes" }, "adopt", /boolean/],
    ];
    for (const [news, property, reason] of cases) {
      const res = await p.check!({}, news);
      expect(res.failures, JSON.stringify(news)).toHaveLength(1);
      expect(res.failures![0]!.property).toBe(property);
      expect(res.failures![0]!.reason).toMatch(reason);
    }
  });

  it("defaults displayName to the name and icon to a globe, so every PATCH is valid", async () => {
    const inputs = await checked({ name: "eu" });
    expect(inputs).toEqual({ name: "eu", displayName: "eu", icon: DEFAULT_PROXY_ICON, adopt: false });
    expect(
      await p.diff!("id", inputs, await checked({ name: "eu", displayName: "", icon: "" })),
    ).toMatchObject({
      changes: false,
    });
  });

  it("creates (one POST), reads (one GET) with the token carried, updates in place without losing the token", async () => {
    const inputs = await checked({ name: "eu-west", displayName: "EU West" });
    await emu.control.clearRequests();
    const created = await p.create(inputs);
    expect(await calls()).toEqual({ "POST /api/v2/workspaceproxies": 1 });
    const outs = created.outs!;
    expect(outs.proxyToken).toMatch(new RegExp(`^${created.id}:[0-9a-f]{64}$`));
    expect(await tokenWorks(created.id, outs.proxyToken)).toBe(true);
    expect(outs).toMatchObject({
      name: "eu-west",
      displayName: "EU West",
      icon: DEFAULT_PROXY_ICON,
      iconUrl: DEFAULT_PROXY_ICON,
      healthy: false,
      status: "unregistered",
      derpEnabled: true,
      derpOnly: false,
      adopt: false,
    });

    await emu.control.clearRequests();
    const read = await p.read!(created.id, outs);
    expect(await calls()).toEqual({ "GET /api/v2/workspaceproxies/:id": 1 });
    expect(read.props!.proxyToken).toBe(outs.proxyToken);
    expect(read.inputs).toEqual({
      name: "eu-west",
      displayName: "EU West",
      icon: DEFAULT_PROXY_ICON,
      // adopt only matters at creation; handed back as stored so that it never shows as a diff.
      adopt: false,
    });

    const news = await checked({ name: "eu-west-1", displayName: "Europe", icon: "/emojis/1f1ea-1f1fa.png" });
    expect(await p.diff!(created.id, inputs, news)).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    await emu.control.clearRequests();
    const updated = await p.update!(created.id, outs, news);
    expect(await calls()).toEqual({ "PATCH /api/v2/workspaceproxies/:id": 1 });
    expect(updated.outs).toMatchObject({
      name: "eu-west-1",
      displayName: "Europe",
      iconUrl: "/emojis/1f1ea-1f1fa.png",
    });
    expect(updated.outs!.proxyToken).toBe(outs.proxyToken);
    expect(await tokenWorks(created.id, outs.proxyToken)).toBe(true);

    // Rotation: a new trigger value regenerates the token in place; the old one stops working.
    const rotate = { ...news, regenerateToken: "2025-06" };
    expect(await p.diff!(created.id, news, rotate)).toMatchObject({ changes: true, replaces: [] });
    await emu.control.clearRequests();
    const rotated = await p.update!(created.id, updated.outs, rotate);
    expect(await calls()).toEqual({ "PATCH /api/v2/workspaceproxies/:id": 1 });
    expect(rotated.outs!.proxyToken).not.toBe(outs.proxyToken);
    expect(await tokenWorks(created.id, rotated.outs!.proxyToken)).toBe(true);
    expect(await tokenWorks(created.id, outs.proxyToken)).toBe(false);
    expect(rotated.outs!.regenerateToken).toBe("2025-06");

    // Soft delete: the proxy still answers GET by id (deleted=true) but counts as gone.
    await emu.control.clearRequests();
    await p.delete!(created.id, rotated.outs);
    expect(await calls()).toEqual({ "DELETE /api/v2/workspaceproxies/:id": 1 });
    expect((await api.getWorkspaceProxy(created.id)).deleted).toBe(true);
    expect(await p.read!(created.id, rotated.outs)).toEqual({});
    // A missing id is gone too, and deleting it is tolerated.
    const missing = "0f0f0f0f-0000-4000-8000-000000000000";
    expect(await p.read!(missing, rotated.outs)).toEqual({});
    await p.delete!(missing, rotated.outs);
  });

  it("suggests adopt on a duplicate name, and adopt takes over the proxy with a regenerated token", async () => {
    const existing = await api.createWorkspaceProxy({ name: "us-east", displayName: "US", icon: "/i.png" });
    const inputs = await checked({ name: "us-east", displayName: "US East" });
    await expect(p.create(inputs)).rejects.toThrow(/already exists[\s\S]*adopt: true/);

    const adopt = await checked({ name: "US-East", displayName: "US East", adopt: true });
    await emu.control.clearRequests();
    const adopted = await p.create(adopt);
    expect(await calls()).toEqual({
      "GET /api/v2/workspaceproxies": 1,
      "PATCH /api/v2/workspaceproxies/:id": 1,
    });
    expect(adopted.id).toBe(existing.proxy.id);
    expect(adopted.outs).toMatchObject({ name: "US-East", displayName: "US East", adopt: true });
    expect(await tokenWorks(adopted.id, adopted.outs!.proxyToken)).toBe(true);
    expect(await tokenWorks(adopted.id, existing.proxyToken)).toBe(false);
    await p.delete!(adopted.id, adopted.outs);
  });

  it("refuses the primary proxy at create too", async () => {
    await expect(p.create({ name: "primary", displayName: "x", icon: "y", adopt: true })).rejects.toThrow(
      /reserved for the primary proxy/,
    );
  });

  it("fails check on a deployment without Workspace Proxy", async () => {
    await emu.control.setLicenseMode("none");
    resetRuntime();
    try {
      const res = await p.check!({}, { name: "eu" });
      expect(res.failures).toHaveLength(1);
      expect(res.failures![0]!.reason).toMatch(/Workspace Proxy[\s\S]*workspace_proxy/);
    } finally {
      await emu.control.setLicenseMode("all");
      resetRuntime();
    }
  });
});
