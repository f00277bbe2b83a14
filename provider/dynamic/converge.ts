import { isAmbiguousFailure } from "../client";

/** Attempts of a create (first one included) before an ambiguous failure is reported. */
export const CONVERGE_ATTEMPTS = 5;

/** Backoff before retry `attempt + 1`, like the transport's: 250 ms doubling, with jitter. */
export function convergeBackoff(attempt: number): Promise<void> {
  const exp = 250 * 2 ** (attempt - 1);
  return new Promise<void>((r) => setTimeout(r, exp / 2 + Math.random() * (exp / 2)));
}

/**
 * Runs a create the client must not blindly retry (a POST: repeating it could duplicate the
 * object), converging instead. After a failure whose effect is unknown (5xx, reset, timeout: the
 * server may have applied it), `recover` looks for what the attempt may have made, by natural key:
 * it returns the result to keep (adopt), or undefined when nothing was made (or it cleaned up what
 * was), and then the create is tried again. It must never adopt, delete or change an object this
 * run did not make (see ./ownership.ts): then it throws, naming the object, with backoff, up to CONVERGE_ATTEMPTS in all.
 * Other errors (409, 400, 403...) are thrown at once. On the healthy path this costs nothing: the
 * lookups happen only after a failure.
 */
export async function createConverging<T>(
  create: () => Promise<T>,
  recover: (startedAt: number) => Promise<T | undefined>,
  attempts = CONVERGE_ATTEMPTS,
): Promise<T> {
  // Local time before the first attempt: anything this create made was made after it (the
  // ownership evidence of ./ownership.ts).
  const startedAt = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (err) {
      if (!isAmbiguousFailure(err)) throw err;
      await convergeBackoff(attempt);
      // Also after the last attempt: what it may have made is adopted or cleaned up, not orphaned.
      const found = await recover(startedAt);
      if (found !== undefined) return found;
      if (attempt >= attempts) throw err;
    }
  }
}
