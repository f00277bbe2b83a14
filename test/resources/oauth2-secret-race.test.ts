// Issue 19 item 6: two OAuth2AppSecrets of one app created concurrently, the first POST failing
// with a 5xx (its effect unknown) while the sibling's POST has been applied but not yet answered.
// The recovery of the first must not delete the sibling's brand-new secret.
import { createServer, request, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator";
import type { CoderClient } from "../../provider/client";
import { resetRuntime } from "../../provider/dynamic/runtime";
import { oauth2AppProvider } from "../../provider/resources/oauth2-app";
import { oauth2AppSecretProvider } from "../../provider/resources/oauth2-app-secret";
import { checkedInputs, startProviderEnvironment, stopProviderEnvironment } from "./provider-env";

let emu: RunningEmulator;
let api: CoderClient;
let proxy: Server;
let secretPosts = 0;

/**
 * A loopback proxy in front of the emulator: the first secret POST answers 502 without reaching
 * Coder; the second reaches Coder (the secret exists) and its answer is held back for 1.5 s.
 */
function startProxy(target: URL): Promise<string> {
  proxy = createServer((req, res) => {
    const isSecretPost = req.method === "POST" && /\/secrets$/.test(req.url ?? "");
    const n = isSecretPost ? ++secretPosts : 0;
    if (n === 1) {
      res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: "bad gateway" }));
      return;
    }
    const upstream = request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (up) => {
        const chunks: Buffer[] = [];
        up.on("data", (c: Buffer) => chunks.push(c));
        up.on("end", () => {
          const send = () => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            res.end(Buffer.concat(chunks));
          };
          if (n === 2) setTimeout(send, 1500);
          else send();
        });
      },
    );
    req.pipe(upstream);
  });
  return new Promise((r) =>
    proxy.listen(0, "127.0.0.1", () => r(`http://127.0.0.1:${(proxy.address() as { port: number }).port}`)),
  );
}

beforeAll(async () => {
  ({ emu, api } = await startProviderEnvironment("all", { experiments: ["oauth2"] }));
  process.env.CODER_URL = await startProxy(new URL(emu.url));
  resetRuntime();
});
afterAll(async () => {
  await new Promise<void>((r) => proxy.close(() => r()));
  await stopProviderEnvironment({ emu, api });
});

describe("concurrent OAuth2AppSecret creation", () => {
  it("a failed create's recovery never deletes a sibling secret whose POST is in flight", async () => {
    const app = await oauth2AppProvider.create!(
      await checkedInputs(oauth2AppProvider, { name: "race", callbackUrl: "https://race.example.com/cb" }),
    );
    const inputs = await checkedInputs(oauth2AppSecretProvider, { appId: app.id });
    const [a, b] = await Promise.all([
      oauth2AppSecretProvider.create!(inputs),
      oauth2AppSecretProvider.create!(inputs),
    ]);

    const live = (await api.listOAuth2AppSecrets(app.id)).map((s) => s.id).sort();
    expect(live).toEqual([a.id, b.id].sort());
    expect(a.id).not.toBe(b.id);
  });
});
