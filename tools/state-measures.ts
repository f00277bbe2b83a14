// Measures of request logs and stack state shared by the e2e tests and the benchmark. No vitest
// here: bench/ imports this from a plain script.

/** "METHOD /path" of a logged request, with UUIDs and license ids replaced by `:id`. */
export function routeOf(r: { method: string; path: string }): string {
  const path = r.path
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ":id")
    .replace(/\/licenses\/\d+/, "/licenses/:id");
  return `${r.method} ${path}`;
}

/** Counts API calls in the emulator's request log, as `routeOf` → n. */
export function callCounts(log: Array<{ method: string; path: string }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of log) {
    const key = routeOf(r);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** `__provider` bytes of each resource of this package in an exported deployment, by "Type/name". */
export function providerBytes(deployment: any): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const r of deployment?.deployment?.resources ?? []) {
    if (!String(r.type).startsWith("pulumi-nodejs:dynamic/coderd:")) continue;
    const text = r.outputs?.__provider ?? r.inputs?.__provider;
    sizes[`${r.type.split(":").pop()}/${String(r.urn).split("::").pop()}`] = Buffer.byteLength(
      typeof text === "string" ? text : JSON.stringify(text),
    );
  }
  return sizes;
}
