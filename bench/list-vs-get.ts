// `node scripts/run-ts.js bench/list-vs-get.ts`: the measurements behind the batched-read rule
// (bench/MINIMUMS.md, "Batched reads"): what one list of an organization's groups costs against
// one GET of a group, as the organization grows, at 0 ms and 50 ms of added latency.
//
// Groups have 3 members each. Times are medians of --repeat calls through the provider's own
// client (HTTP, JSON parsing and zod schemas included), against the emulator on loopback. `list`
// is what batched reads send: the list indexed by id and one group validated (the others are
// validated as their reads look them up); `list, all validated` parses every group at once.
//
// Usage: node scripts/run-ts.js bench/list-vs-get.ts [--sizes 10,100,1000,3000] [--repeat 5]

import { startEmulator } from "../emulator/index";
import { CoderClient } from "../provider/client";
import { table } from "./lib";

function listArg(name: string, def: number[]): number[] {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? def : process.argv[i + 1]!.split(",").map(Number);
}
const SIZES = listArg("sizes", [10, 100, 1000, 3000]);
const REPEAT = listArg("repeat", [5])[0]!;
const LATENCIES = [0, 50];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return median(samples);
}

async function main(): Promise<void> {
  const emu = await startEmulator({ license: "all" });
  const api = new CoderClient({ url: emu.url, token: emu.token });
  const rows: Array<Array<string | number>> = [];
  try {
    const seed = await emu.control.seed();
    const org = seed.defaultOrganizationId;
    const members: string[] = [];
    for (let i = 0; i < 3; i++) members.push((await emu.control.addUser({ username: `lvg-u${i}` })).id);
    const ids: string[] = [];
    for (const size of SIZES) {
      while (ids.length < size) {
        const g = await api.createGroup(org, { name: `lvg-${ids.length}` });
        await api.updateGroup(g.id, { addUsers: members });
        ids.push(g.id);
      }
      const bytes = Buffer.byteLength(JSON.stringify(await api.listGroups(org)));
      for (const latency of LATENCIES) {
        await emu.control.clearFaults();
        if (latency > 0) await emu.control.addFault({ kind: "latency", ms: latency, path: "^/api/v2/" });
        const list = await timeMs(async () => (await api.listGroupsById(org)).get(ids[0]!));
        const listAll = await timeMs(() => api.listGroups(org));
        const get = await timeMs(() => api.getGroup(ids[0]!));
        // GETs the engine runs in parallel (default --parallel on this machine is 4 × CPUs; the
        // reads of a refresh come at most that many at a time).
        const parallel = 8;
        // M GETs take about ceil(M / parallel) × get; the list wins from the M where that exceeds it.
        const breakEven = Math.ceil(list / get) * parallel;
        rows.push([
          size,
          latency,
          (bytes / 1024).toFixed(0),
          list.toFixed(1),
          listAll.toFixed(1),
          get.toFixed(1),
          (list / get).toFixed(1),
          breakEven,
        ]);
        console.log(
          `T=${size} latency=${latency}: list ${list.toFixed(1)} ms (all validated ${listAll.toFixed(1)} ms), GET ${get.toFixed(1)} ms`,
        );
      }
      await emu.control.clearFaults();
    }
  } finally {
    await api.close();
    await emu.close();
  }
  console.log(
    `\n${table(
      [
        "groups in org",
        "latency ms",
        "list KiB",
        "list ms",
        "list, all validated ms",
        "GET ms",
        "list ÷ GET",
        "GETs (parallel 8) that cost one list",
      ],
      rows,
    )}`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
