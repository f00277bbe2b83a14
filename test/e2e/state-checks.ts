import { expect } from "vitest";

/** Asserts that none of the secrets occurs anywhere in the exported stack state. */
export function expectNoPlaintext(deployment: unknown, secrets: Record<string, string | undefined>): void {
  const text = JSON.stringify(deployment);
  for (const [what, secret] of Object.entries(secrets)) {
    if (!secret) continue;
    expect(text.includes(secret), `${what} appears in plaintext in the exported state`).toBe(false);
  }
}

/** Sizes of `__provider` per resource of our package; asserts each is under the 4 KB budget. */
export function providerSizes(deployment: any): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const r of deployment?.deployment?.resources ?? []) {
    if (!String(r.type).startsWith("pulumi-nodejs:dynamic/coderd:")) continue;
    const text = r.outputs?.__provider ?? r.inputs?.__provider;
    const size = Buffer.byteLength(typeof text === "string" ? text : JSON.stringify(text));
    sizes[`${r.type.split(":").pop()}/${String(r.urn).split("::").pop()}`] = size;
    expect(size, `__provider of ${r.urn}`).toBeLessThan(4096);
  }
  return sizes;
}

/** Counts API calls in the emulator's request log, as "METHOD /path" → n (ids replaced by :id). */
export function callCounts(log: Array<{ method: string; path: string }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of log) {
    const key = `${r.method} ${r.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, ":id").replace(/\/licenses\/\d+/, "/licenses/:id")}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** A secret as stored in state: the engine's secret signature plus a ciphertext, never plaintext. */
export function isEncryptedSecret(v: any): boolean {
  return (
    v?.["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270" &&
    typeof v.ciphertext === "string"
  );
}
