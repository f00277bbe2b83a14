#!/usr/bin/env node
// Runs a TypeScript entry point with no extra tooling: registers a require hook that transpiles
// .ts files with the project's own `typescript` (type checking is `npm run typecheck`'s job).
// Usage: node scripts/run-ts.js <file.ts> [args...]

const path = require("node:path");
require("./ts-hook");
const [, , entry, ...rest] = process.argv;
if (!entry) {
  console.error("usage: node scripts/run-ts.js <file.ts> [args...]");
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(entry), ...rest];
require(path.resolve(entry));
