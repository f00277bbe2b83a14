// Values of coderd:headers are credentials too: like the token, they never reach an error.
import { createServer, type Server } from "node:http";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CoderClient, ConflictError } from "../../provider/client";

const HEADER_SECRET = "proxy-auth-s3cr3t-value";
const TOKEN = "abcdefghij-token0secret0value00";
let server: Server;
let url: string;

beforeAll(async () => {
  // A deployment behind an auth proxy that echoes what it got (some do, in error pages).
  server = createServer((req, res) => {
    const echoed = `${req.headers["x-proxy-auth"]} / ${req.headers["coder-session-token"]}`;
    if (req.url?.includes("conflict")) {
      res.writeHead(409, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: `A group named "eng" already exists (${echoed}).` }));
      return;
    }
    res.writeHead(400, { "content-type": "application/json" });
    res.end(JSON.stringify({ message: `bad request with ${echoed}`, detail: `header was ${echoed}` }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("error redaction", () => {
  it("removes coderd:headers values (and the token) from messages, JSON and inspect output", async () => {
    const c = new CoderClient({ url, token: TOKEN, headers: { "X-Proxy-Auth": HEADER_SECRET } });
    try {
      const err = await c.getMe().catch((e) => e);
      for (const text of [err.message, JSON.stringify(err), inspect(err, { depth: 5 }), String(err.stack)]) {
        expect(text).not.toContain(HEADER_SECRET);
        expect(text).not.toContain(TOKEN);
      }
      expect(err.message).toContain("[REDACTED] / [REDACTED]");
    } finally {
      await c.close();
    }
  });

  it("a 409 says what to do in Pulumi terms: another name, or adopt: true", async () => {
    const c = new CoderClient({ url, token: TOKEN });
    try {
      const err = await c.getGroup("conflict").catch((e) => e);
      expect(err).toBeInstanceOf(ConflictError);
      expect(err.message).toMatch(/pick another name, or set adopt: true/);
      expect(err.message).not.toMatch(/import it/);
    } finally {
      await c.close();
    }
  });
});
