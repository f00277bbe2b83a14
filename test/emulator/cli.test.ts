import { spawn } from "node:child_process";
import { once } from "node:events";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");

describe("emulator CLI", () => {
  it("prints the URL and owner token, serves, and exits 0 on SIGTERM", async () => {
    const child = spawn(
      process.execPath,
      [
        "scripts/run-ts.js",
        "emulator/cli.ts",
        "--port",
        "0",
        "--token",
        "clitoken01-clisessionsecret000000",
        "--license",
        "all",
        "--experiments",
        "oauth2",
      ],
      {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    child.stdout.setEncoding("utf8");
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`CLI did not start: ${out}`)), 10_000);
      child.stdout.on("data", (chunk: string) => {
        out += chunk;
        const m = /Coder emulator listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
        if (m && out.includes("owner token: clitoken01-clisessionsecret000000\n")) {
          clearTimeout(timer);
          resolveUrl(m[1]!);
        }
      });
    });
    const headers = { "Coder-Session-Token": "clitoken01-clisessionsecret000000" };
    const res = await fetch(`${url}/api/v2/groups`, { headers });
    expect(res.status).toBe(200); // --license all opens the Template RBAC gate
    const experiments = await fetch(`${url}/api/v2/experiments`, { headers });
    expect(await experiments.json()).toEqual(["oauth2"]);
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
  });

  it("rejects unknown flags with exit code 2", async () => {
    const child = spawn(process.execPath, ["scripts/run-ts.js", "emulator/cli.ts", "--bogus"], {
      cwd: ROOT,
      stdio: "ignore",
    });
    const [code] = await once(child, "exit");
    expect(code).toBe(2);
  });
});
