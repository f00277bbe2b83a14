import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

// What each entry point loads, checked in fresh node processes (the source transpiled on the fly by
// scripts/ts-hook.js, so no build is needed). bench/load-time.ts measures the time; this guards the
// structure that makes it small: a program's `require("pulumi-coderd")` loads no validation or HTTP
// library, and a resource implementation loads undici only when it sends its first request (and
// then only the two modules of undici it uses).

const ROOT = path.resolve(__dirname, "../..");
const HEAVY = ["zod", "undici", "re2js"];

/** Runs `code` in a fresh node process at the repo root; returns the JSON of its last output line. */
function inFreshNode(code: string): any {
  const out = execFileSync(process.execPath, ["-r", "./scripts/ts-hook.js", "-e", code], {
    cwd: ROOT,
    encoding: "utf8",
  });
  return JSON.parse(out.trim().split("\n").pop()!);
}

/** Heavy dependencies in require.cache after requiring `modules` (after @pulumi/pulumi). */
function heavyLoaded(modules: string[], then = ""): string[] {
  return inFreshNode(`(async () => {
    require("@pulumi/pulumi");
    for (const m of ${JSON.stringify(modules)}) require(m);
    ${then}
    const heavy = ${JSON.stringify(HEAVY)};
    const loaded = heavy.filter((h) => Object.keys(require.cache).some((f) => f.includes("/node_modules/" + h + "/")));
    console.log(JSON.stringify(loaded));
  })();`);
}

describe("load footprint", () => {
  it("the program entry loads only @pulumi/pulumi and our small modules", () => {
    expect(heavyLoaded(["./provider/index.ts"])).toEqual([]);
  });

  // re2js: names are validated with Go's regexp semantics (provider/dynamic/validation.ts).
  it("the resource implementations load zod and re2js, but not undici before a request", () => {
    const all = ["group", "license", "oauth2-app", "oauth2-app-secret", "provisioner-key"];
    all.push("workspace-proxy", "template-acl", "idp-sync-settings");
    expect(heavyLoaded(all.map((t) => `./provider/resources/${t}.ts`))).toEqual(["zod", "re2js"]);
  });

  // Zod's v3 API is 10 files; the package root would load Zod 4's core and its 64 locales (~70 ms).
  it("the resource implementations load Zod's v3 API, not Zod 4's core and locales", () => {
    const loaded = inFreshNode(`require("@pulumi/pulumi");
      require("./provider/resources/group.ts");
      require("./provider/resources/idp-sync-settings.ts");
      const zod = Object.keys(require.cache).filter((f) => f.includes("/node_modules/zod/"));
      console.log(JSON.stringify({ files: zod.length, v4: zod.filter((f) => f.includes("/zod/v4/")) }));`);
    expect(loaded.v4).toEqual([]);
    expect(loaded.files).toBeGreaterThan(0);
    expect(loaded.files).toBeLessThanOrEqual(15);
  });

  // A refresh or destroy of groups never checks a name: Go's regexps are compiled on first use.
  it("the Group and TemplateAcl implementations load re2js only when a name is first checked", () => {
    const mods = ["./provider/resources/group.ts", "./provider/resources/template-acl.ts"];
    expect(heavyLoaded(mods)).toEqual(["zod"]);
    const check = `require("./provider/dynamic/validation.ts").nameProblem("devs", 36);`;
    expect(heavyLoaded(mods, check)).toEqual(["zod", "re2js"]);
  });

  it("the first request loads undici's Agent and request, not the whole package, and they work", () => {
    const result = inFreshNode(`(async () => {
          const http = require("node:http");
          const server = http.createServer((req, res) => {
            res.writeHead(401, { "content-type": "application/json" });
            res.end(JSON.stringify({ message: "seen " + req.method + " " + req.url }));
          });
          await new Promise((r) => server.listen(0, "127.0.0.1", r));
          const { CoderClient } = require("./provider/client/index.ts");
          const url = "http://127.0.0.1:" + server.address().port;
          const err = await new CoderClient({ url, token: "t", retry: { maxAttempts: 1 } }).getMe().catch((e) => e);
          server.close();
          const files = Object.keys(require.cache).filter((f) => f.includes("/node_modules/undici/"));
          console.log(JSON.stringify({
            status: err.status,
            message: err.coderMessage,
            entry: files.some((f) => f.endsWith("/node_modules/undici/index.js")),
            agent: files.some((f) => f.endsWith("/undici/lib/dispatcher/agent.js")),
          }));
        })();`);
    expect(result).toEqual({
      status: 401,
      message: "seen GET /api/v2/users/me",
      entry: false,
      agent: true,
    });
  });
});
