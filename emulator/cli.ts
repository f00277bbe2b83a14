// CLI: `npm run emulator -- --port 7080 --token T --license all|none [--host H] [--access-url U]
// [--experiments a,b] [--rate-limit N]`. Prints the URL and owner token, runs until SIGINT/SIGTERM.

import { CODER_DEFAULT_RATE_LIMIT, DEFAULT_OWNER_TOKEN, type EmulatorOptions, startEmulator } from "./index";

export const DEFAULT_CLI_PORT = 7080;

const USAGE = `usage: emulator [--port N] [--host H] [--token T] [--license all|none] [--access-url URL] [--experiments oauth2,...] [--rate-limit N]
defaults: --port ${DEFAULT_CLI_PORT} --host 127.0.0.1 --token ${DEFAULT_OWNER_TOKEN} --license none --rate-limit ${CODER_DEFAULT_RATE_LIMIT}
--rate-limit: Coder's API rate limit, requests per minute per client IP and path (0 or negative = off)`;

function fail(msg: string): never {
  console.error(`${msg}\n${USAGE}`);
  process.exit(2);
}

export function parseArgs(argv: string[]): EmulatorOptions {
  const opts: EmulatorOptions = { port: DEFAULT_CLI_PORT };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg, undefined];
    const value = () => inline ?? argv[++i] ?? fail(`${flag} needs a value`);
    switch (flag) {
      case "--port": {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535) fail("--port must be 0-65535");
        opts.port = port;
        break;
      }
      case "--host":
        opts.host = value();
        break;
      case "--token":
        opts.token = value();
        break;
      case "--license": {
        const v = value();
        if (v !== "all" && v !== "none") fail("--license must be all or none");
        opts.license = v;
        break;
      }
      case "--access-url":
        opts.accessUrl = value();
        break;
      case "--experiments":
        // Like coderd's --experiments / CODER_EXPERIMENTS: comma-separated names.
        opts.experiments = value()
          .split(",")
          .map((e) => e.trim())
          .filter((e) => e !== "");
        break;
      case "--rate-limit": {
        const v = Number(value());
        if (!Number.isInteger(v)) fail("--rate-limit must be a whole number (0 or negative = off)");
        opts.rateLimit = v;
        break;
      }
      case "-h":
      case "--help":
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        fail(`unknown argument ${arg}`);
    }
  }
  return opts;
}

async function main(): Promise<void> {
  const emu = await startEmulator(parseArgs(process.argv.slice(2)));
  console.log(`Coder emulator listening on ${emu.url}`);
  console.log(`owner token: ${emu.token}`);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`received ${signal}, shutting down`);
    emu.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

// run-ts.js requires the entry file, so require.main is the hook script; compare argv[1] too.
if (require.main === module || process.argv[1] === __filename) {
  main().catch((err) => {
    // A refused option (e.g. a malformed --token) is one line, not a stack trace.
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
