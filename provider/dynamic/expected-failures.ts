import { CoderApiError, CoderNetworkError, CoderUnexpectedResponseError, ConfigError } from "../client";

/**
 * Failures a user causes or can fix (bad input, a missing object, 401, 403, a missing license
 * feature, an unreachable URL) are printed as one clear message, never with a stack trace.
 *
 * The dynamic-provider host prints a failed check, read or delete as `${err}: ${err.stack}`, so a
 * plain Error shows its JavaScript stack. An expected failure is rethrown as a ProviderFailure whose
 * string form is "coderd:<Type> <operation> failed" and whose `stack` is the message: the host
 * then prints `coderd:Group refresh failed: GET /api/v2/groups/… failed with HTTP 403: …`.
 * Unexpected errors (bugs) keep their stack, which is what a bug report needs.
 */
export class ProviderFailure extends Error {
  override name = "ProviderFailure";
  constructor(
    readonly summary: string,
    message: string,
  ) {
    super(message);
    this.stack = message;
  }
  override toString(): string {
    return this.summary;
  }
}

/** True for an error with a complete, actionable message of its own (see ProviderFailure). */
export function isExpectedFailure(err: unknown): boolean {
  return (
    err instanceof CoderApiError ||
    err instanceof CoderNetworkError ||
    err instanceof CoderUnexpectedResponseError ||
    err instanceof ConfigError
  );
}

/** Rethrows expected failures without a stack trace; anything else unchanged. */
export function withoutStackTrace(err: unknown, typeName: string, operation: string): unknown {
  if (!isExpectedFailure(err) || err instanceof ProviderFailure) return err;
  const failure = new ProviderFailure(`coderd:${typeName} ${operation} failed`, (err as Error).message);
  // Keep what callers inspect (e.g. a PartialCreateError's id/properties are set elsewhere).
  return Object.assign(failure, { cause: err });
}
