// Contract tests: the OAuth2App and OAuth2AppSecret provider implementations against the emulator.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator";
import type { CoderClient } from "../../provider/client";
import { oauth2AppProvider as app } from "../../provider/resources/oauth2-app";
import { oauth2AppSecretProvider as secret } from "../../provider/resources/oauth2-app-secret";
import { callCounts } from "../e2e/state-checks";
import { checkedInputs, startProviderEnvironment, stopProviderEnvironment } from "./provider-env";

let emu: RunningEmulator;
let api: CoderClient;
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const calls = async () => callCounts(await emu.control.requests());
const secretRecord = async (id: string) =>
  ((await emu.control.state()).oauth2Secrets as any[]).find((x) => x.id === id);

const checked = (provider: typeof app, news: Record<string, unknown>) => checkedInputs(provider, news);

beforeAll(async () => {
  // OAuth2 apps are not licensed: an unlicensed deployment must work.
  // Coder v2.30.0 gates OAuth2 apps behind the oauth2 experiment: enabled here explicitly.
  ({ emu, api } = await startProviderEnvironment("none", { experiments: ["oauth2"] }));
});
afterAll(() => stopProviderEnvironment({ emu, api }));
beforeEach(async () => {
  await emu.control.clearRequests();
});

describe("OAuth2App provider", () => {
  it("rejects bad names and callback URLs at check, naming the property", async () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ name: "bad name", callbackUrl: "https://x.test/cb" }, "name", /alphanumeric/],
      [{ name: "x".repeat(33), callbackUrl: "https://x.test/cb" }, "name", /at most 32/],
      [{ name: "new", callbackUrl: "https://x.test/cb" }, "name", /reserved/],
      [{ name: "ok", callbackUrl: "ftp://x.test/cb" }, "callbackUrl", /http/],
      [{ name: "ok", callbackUrl: "/relative" }, "callbackUrl", /absolute/],
      [{ name: "ok" }, "callbackUrl", /./],
    ];
    for (const [news, property, reason] of cases) {
      const res = await app.check!({}, news);
      expect(res.failures, JSON.stringify(news)).toHaveLength(1);
      expect(res.failures![0]!.property).toBe(property);
      expect(res.failures![0]!.reason).toMatch(reason);
    }
  });

  it("creates (POST), reads (GET), updates with a full PUT, and deletes (DELETE)", async () => {
    const inputs = await checked(app, { name: "grafana", callbackUrl: "https://grafana.test/cb" });
    expect(inputs).toEqual({ name: "grafana", callbackUrl: "https://grafana.test/cb", icon: "" });
    await emu.control.clearRequests();
    const created = await app.create(inputs);
    expect(await calls()).toEqual({ "POST /api/v2/oauth2-provider/apps": 1 });
    expect(created.outs).toMatchObject({ ...inputs, clientId: created.id });
    expect(created.outs!.endpoints).toEqual({
      authorization: `${emu.url}/oauth2/authorize`,
      token: `${emu.url}/oauth2/tokens`,
      tokenRevoke: `${emu.url}/oauth2/revoke`,
      deviceAuthorization: "",
    });

    await emu.control.clearRequests();
    const read = await app.read!(created.id, created.outs);
    expect(await calls()).toEqual({ "GET /api/v2/oauth2-provider/apps/:id": 1 });
    expect(read.props).toEqual(created.outs);
    expect(await app.diff!(created.id, inputs, read.inputs)).toMatchObject({ changes: false });

    const news = await checked(app, {
      name: "grafana-2",
      callbackUrl: "https://g.test/cb",
      icon: "/icon/grafana.svg",
    });
    expect(await app.diff!(created.id, inputs, news)).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    await emu.control.clearRequests();
    const updated = await app.update!(created.id, created.outs, news);
    expect(await calls()).toEqual({ "PUT /api/v2/oauth2-provider/apps/:id": 1 });
    expect(updated.outs).toMatchObject(news);
    expect((await api.getOAuth2App(created.id)).icon).toBe("/icon/grafana.svg");

    await emu.control.clearRequests();
    await app.delete!(created.id, updated.outs);
    expect(await calls()).toEqual({ "DELETE /api/v2/oauth2-provider/apps/:id": 1 });
    expect(await app.read!(created.id, updated.outs)).toEqual({});
    await app.delete!(created.id, updated.outs);
  });

  it("explains a 403 from the OAuth2 gate", async () => {
    await emu.control.addFault({
      method: "POST",
      path: "/oauth2-provider/apps$",
      kind: "status",
      status: 403,
      body: { message: "Experiment 'oauth2' is required but not enabled" },
      count: 1,
    } as any);
    try {
      await expect(app.create({ name: "x", callbackUrl: "https://x.test", icon: "" })).rejects.toThrow(
        /Coder refused to create an OAuth2 app[\s\S]*oauth2[\s\S]*experiment/,
      );
    } finally {
      await emu.control.clearFaults();
    }
  });
});

describe("OAuth2AppSecret provider", () => {
  it("rejects a non-UUID appId at check", async () => {
    const res = await secret.check!({}, { appId: "nope" });
    expect(res.failures).toMatchObject([{ property: "appId" }]);
  });

  it("creates (one POST), reads from the app's secret list with the secret carried, rotates via keepers", async () => {
    const a = await api.createOAuth2App({ name: "argo", callbackUrl: "https://argo.test/cb" });
    const inputs = await checked(secret as any, { appId: a.id.toUpperCase(), keepers: { v: 1 } });
    expect(inputs).toEqual({ appId: a.id, keepers: { v: 1 } });
    await emu.control.clearRequests();
    const created = await secret.create(inputs);
    expect(await calls()).toEqual({ "POST /api/v2/oauth2-provider/apps/:id/secrets": 1 });
    const outs = created.outs!;
    expect(outs.clientSecret).toMatch(/^coder_[A-Za-z0-9]{10}_[A-Za-z0-9]{40}$/);
    expect(outs.clientSecretTruncated).toBe(outs.clientSecret.slice(-6));
    expect(outs.lastUsedAt).toBeNull();
    const rec = await secretRecord(created.id);
    expect(rec.hashedSecret ?? rec.hashed_secret).toBe(sha256(outs.clientSecret.split("_")[2]));

    await emu.control.clearRequests();
    const read = await secret.read!(created.id, outs);
    expect(await calls()).toEqual({ "GET /api/v2/oauth2-provider/apps/:id/secrets": 1 });
    expect(read.props).toEqual(outs);
    expect(read.inputs).toEqual(inputs);

    expect(await secret.diff!(created.id, inputs, { ...inputs, keepers: { v: 2 } })).toEqual({
      changes: true,
      replaces: ["keepers"],
      deleteBeforeReplace: false,
    });
    expect(await secret.diff!(created.id, inputs, { appId: inputs.appId })).toMatchObject({
      replaces: ["keepers"],
    });
    expect(await secret.diff!(created.id, { appId: a.id }, { appId: a.id })).toMatchObject({
      changes: false,
    });

    // Deleted out of band → gone; delete tolerates it.
    await api.deleteOAuth2AppSecret(a.id, created.id);
    expect(await secret.read!(created.id, outs)).toEqual({});
    await secret.delete!(created.id, outs);

    // The app deleted → its secrets are gone too.
    const second = await secret.create(inputs);
    await emu.control.clearRequests();
    await secret.delete!(second.id, second.outs);
    expect(await calls()).toEqual({ "DELETE /api/v2/oauth2-provider/apps/:id/secrets/:id": 1 });
    const third = await secret.create(inputs);
    await api.deleteOAuth2App(a.id);
    expect(await secret.read!(third.id, third.outs)).toEqual({});
    await secret.delete!(third.id, third.outs);
  });
});
