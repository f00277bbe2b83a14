// Transport behaviour against a tiny scripted loopback server (independent of the emulator).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CoderClient,
  CoderNetworkError,
  CoderTimeoutError,
  CoderUnexpectedResponseError,
  RateLimitedError,
  ServerError,
} from "../../provider/client";

const TOKEN = "abcdefghij-ThisIsTheSecretPartOfTheToken123";
type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
let script: Handler[] = [];
let seen: Array<{ method: string; url: string; headers: IncomingMessage["headers"]; body: string }> = [];
let server: Server;
let base: string;

const json =
  (status: number, v: unknown, headers: Record<string, string> = {}): Handler =>
  (_q, res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(`${JSON.stringify(v)}\n`);
  };

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      const h = script.shift() ?? json(500, { message: "script exhausted" });
      h(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  script = [];
  seen = [];
});

const client = (extra: Partial<ConstructorParameters<typeof CoderClient>[0]> = {}) =>
  new CoderClient({
    url: base,
    token: TOKEN,
    retry: { initialBackoffMs: 5, maxBackoffMs: 20, maxAttempts: 4, maxRetryTimeMs: 5_000 },
    ...extra,
  });

const me = { id: "u1", username: "admin", organization_ids: ["o1"], roles: [{ name: "owner" }] };

describe("transport (scripted server)", () => {
  it("sends the session token, Accept, User-Agent and extra headers", async () => {
    script = [json(200, me)];
    const c = client({ headers: { "X-Extra": "1" } });
    const u = await c.getMe();
    expect(u).toMatchObject({ id: "u1", username: "admin", organizationIds: ["o1"] });
    expect(seen[0].url).toBe("/api/v2/users/me");
    expect(seen[0].headers["coder-session-token"]).toBe(TOKEN);
    expect(seen[0].headers.accept).toBe("application/json");
    expect(seen[0].headers["user-agent"]).toMatch(/^pulumi-coderd\/\d+\.\d+\.\d+/);
    expect(seen[0].headers["x-extra"]).toBe("1");
    expect(c.requestCount).toBe(1);
    await c.close();
  });
  it("keeps a base path prefix and adds /api/v2 once", async () => {
    script = [json(200, me)];
    const c = client({ url: `${base}/coder/api/v2/` });
    await c.getMe().catch(() => undefined);
    expect(seen[0].url).toBe("/coder/api/v2/users/me");
  });
  it("sends snake_case bodies and camelCases answers", async () => {
    script = [json(201, { id: "g", name: "devs", display_name: "Devs", quota_allowance: 3, members: [] })];
    const g = await client().createGroup("o1", { name: "devs", displayName: "Devs", quotaAllowance: 3 });
    expect(JSON.parse(seen[0].body)).toEqual({ name: "devs", display_name: "Devs", quota_allowance: 3 });
    expect(seen[0].headers["content-type"]).toBe("application/json");
    expect(g).toMatchObject({ id: "g", displayName: "Devs", quotaAllowance: 3 });
  });
  it("retries GET on 503 then succeeds; onRequest sees each attempt", async () => {
    script = [json(503, { message: "busy" }), json(502, { message: "busy" }), json(200, me)];
    const events: unknown[] = [];
    const c = client({ onRequest: (e) => events.push(e) });
    await c.getMe();
    expect(c.requestCount).toBe(3);
    expect(events).toHaveLength(3);
    expect(JSON.stringify(events)).not.toContain(TOKEN);
  });
  it("does not retry POST on 500", async () => {
    script = [json(500, { message: "An internal server error occurred.", detail: "boom" })];
    const c = client();
    const err = await c.createOAuth2App({ name: "a", callbackUrl: "http://x" }).catch((e) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect(err.detail).toBe("boom");
    expect(c.requestCount).toBe(1);
  });
  it("retries POST on 429 beyond maxAttempts: a 429 means later, not failed", async () => {
    script = [
      ...Array.from({ length: 6 }, () => json(429, { message: "slow down" }, { "retry-after": "0" })),
      json(201, { id: "a1", name: "a", callback_url: "http://x", icon: "", endpoints: {} }),
    ];
    const c = client();
    const app = await c.createOAuth2App({ name: "a", callbackUrl: "http://x" });
    expect(app.id).toBe("a1");
    expect(c.requestCount).toBe(7);
    expect(c.rateLimitStats.rateLimited).toBe(6);
  });
  it("stops waiting when the rate-limit wait budget would be exceeded, naming the limit and the fix", async () => {
    script = [json(429, { message: "slow" }, { "retry-after": "10" })];
    const c = client({ retry: { rateLimitWaitMs: 5_000 } });
    const t0 = Date.now();
    const err = await c.getMe().catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.retryAfter).toBe(10);
    expect(err.message).toMatch(
      /failed with HTTP 429: slow\. Hint: .*after waiting 0 s.*coderd:rateLimitWait/,
    );
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(c.requestCount).toBe(1);
  });
  it("retries a dropped connection on GET, not on POST", async () => {
    const drop: Handler = (req) => req.socket.destroy();
    script = [drop, json(200, me)];
    const c = client();
    await c.getMe();
    expect(c.requestCount).toBe(2);
    script = [drop, json(201, {})];
    const c2 = client();
    const err = await c2.createOAuth2AppSecret("app").catch((e) => e);
    expect(err).toBeInstanceOf(CoderNetworkError);
    expect(c2.requestCount).toBe(1);
  });
  it("times out a slow server", async () => {
    const slow: Handler = (_q, res) => setTimeout(() => json(200, me)(_q, res, ""), 400);
    script = [slow, slow];
    const c = client({
      requestTimeoutMs: 100,
      retry: { maxAttempts: 2, initialBackoffMs: 1, maxBackoffMs: 1 },
    });
    const err = await c.getMe().catch((e) => e);
    expect(err).toBeInstanceOf(CoderTimeoutError);
    expect(err.message).toMatch(/UND_ERR_HEADERS_TIMEOUT/);
    expect(c.requestCount).toBe(2);
  });
  it("connection refused is a CoderNetworkError with a hint", async () => {
    const c = new CoderClient({ url: "http://127.0.0.1:1", token: TOKEN, retry: { maxAttempts: 1 } });
    const err = await c.getMe().catch((e) => e);
    expect(err).toBeInstanceOf(CoderNetworkError);
    expect(err.code).toBe("ECONNREFUSED");
    expect(err.message).toContain("check coderd:url");
  });
  it("a 2xx with an HTML body is a CoderUnexpectedResponseError", async () => {
    script = [(_q, res) => res.writeHead(200, { "content-type": "text/html" }).end("<html>login</html>")];
    const err = await client()
      .getMe()
      .catch((e) => e);
    expect(err).toBeInstanceOf(CoderUnexpectedResponseError);
  });
  it("a group list by id validates each group when it is looked up: a bad one fails only its own lookup", async () => {
    const group = (id: string, name: unknown) => ({
      id,
      name,
      organization_id: "o1",
      members: null,
      source: "user",
    });
    // Members are checked for their ids only (what a refresh compares).
    const withMember = { ...group("AA-1", "one"), members: [{ id: "U-1", username: 7 }] };
    script = [json(200, [withMember, group("bb-2", 42), group("cc-3", "three")])];
    const byId = await client().listGroupsById("o1");
    expect(seen[0].url).toBe("/api/v2/organizations/o1/groups");
    expect(byId.size).toBe(3);
    expect(byId.get("aa-1")).toMatchObject({ id: "AA-1", name: "one", members: [{ id: "U-1" }] });
    expect(byId.get("CC-3")).toMatchObject({ id: "cc-3", name: "three", members: [] });
    expect(byId.get("dd-4")).toBeUndefined();
    const err = (() => {
      try {
        byId.get("bb-2");
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(CoderUnexpectedResponseError);
    expect(err?.message).toContain("1.name");
  });
  it("a group list by id without an id in an item, or not a list, fails at once", async () => {
    script = [json(200, [{ name: "no id" }]), json(200, { groups: [] }), json(200, null)];
    const c = client();
    const noId = await c.listGroupsById("o1").catch((e) => e);
    expect(noId).toBeInstanceOf(CoderUnexpectedResponseError);
    expect(noId.message).toContain("0.id");
    const notList = await c.listGroupsById("o1").catch((e) => e);
    expect(notList).toBeInstanceOf(CoderUnexpectedResponseError);
    expect(notList.message).toContain("expected an array");
    expect((await c.listGroupsById("o1")).size).toBe(0);
  });
  it("never leaks the token, even when the server echoes it", async () => {
    script = [json(400, { message: `bad token ${TOKEN}`, detail: TOKEN.split("-")[1] })];
    const err = await client()
      .getMe()
      .catch((e) => e);
    for (const s of [err.message, err.stack, JSON.stringify(err), inspect(err, { depth: null })]) {
      expect(s).not.toContain(TOKEN);
      expect(s).not.toContain(TOKEN.split("-")[1]);
    }
    const c = client();
    expect(inspect(c, { depth: null, showHidden: true })).not.toContain(TOKEN.split("-")[1]);
    expect(JSON.stringify(c)).not.toContain(TOKEN.split("-")[1]);
  });
});
