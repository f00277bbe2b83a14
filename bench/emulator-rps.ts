// Emulator throughput: GET /api/v2/users/me with 32 concurrent keep-alive clients for ~3 s.
// Usage: node scripts/run-ts.js bench/emulator-rps.ts [--seconds 3] [--concurrency 32]
// Prints `emulator: N requests/s`. Client and server share this process (and one core), so the
// figure is a lower bound for the emulator alone.

import { Pool } from "undici";
import { startEmulator } from "../emulator/index";

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : def;
  return Number.isFinite(v) && v > 0 ? v : def;
}

async function main(): Promise<void> {
  const seconds = arg("seconds", 3);
  const concurrency = arg("concurrency", 32);
  // Coder's rate limiter off: this measures the emulator's own throughput on one path.
  const emu = await startEmulator({ requestLogCapacity: 100_000, rateLimit: 0 });
  const pool = new Pool(emu.url, { connections: concurrency, pipelining: 1 });
  const headers = { "Coder-Session-Token": emu.token };
  let ok = 0;
  let failed = 0;
  const deadline = Date.now() + seconds * 1000;
  const worker = async () => {
    while (Date.now() < deadline) {
      const res = await pool.request({ path: "/api/v2/users/me", method: "GET", headers });
      await res.body.text();
      if (res.statusCode === 200) ok++;
      else failed++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  await pool.close();
  await emu.close();
  console.log(
    `emulator: ${Math.round(ok / elapsed)} requests/s (${ok} ok, ${failed} failed, ${concurrency} concurrent, ${elapsed.toFixed(2)} s)`,
  );
  if (failed > 0) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
