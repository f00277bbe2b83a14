#!/usr/bin/env node
// The `pulumi-coderd` command (package.json `bin`). Subcommands: `export`.

import { runExport } from "./export";

const USAGE = `Usage: pulumi-coderd <command> [options]

Commands:
  export    Write a Pulumi program that manages a live Coder deployment as it is
            (\`pulumi-coderd export --help\` for its options)
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "export") {
    return runExport(rest, {
      env: process.env,
      stdout: (t) => process.stdout.write(t),
      stderr: (t) => process.stderr.write(t),
      cwd: process.cwd(),
    });
  }
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  process.stderr.write(`pulumi-coderd: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`pulumi-coderd: ${(err as Error).stack ?? err}\n`);
    process.exitCode = 1;
  },
);
