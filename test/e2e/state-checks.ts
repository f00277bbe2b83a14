import { expect } from "vitest";
import { providerBytes } from "./state-measures";

export { callCounts } from "./state-measures";

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
  const sizes = providerBytes(deployment);
  for (const [name, size] of Object.entries(sizes)) expect(size, `__provider of ${name}`).toBeLessThan(4096);
  return sizes;
}

/** A secret as stored in state: the engine's secret signature plus a ciphertext, never plaintext. */
export function isEncryptedSecret(v: any): boolean {
  return (
    v?.["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270" &&
    typeof v.ciphertext === "string"
  );
}
