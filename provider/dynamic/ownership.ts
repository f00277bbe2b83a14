// Ownership evidence for create recovery. After a create fails ambiguously (5xx, reset, timeout),
// an object with the same natural key found afterwards may be the one the lost attempt made, or
// one that existed before: a 502/503/504 from a load balancer, or a failure before coderd's
// uniqueness check, never reached the point where coderd would have answered 409. Recovery may
// adopt, delete, re-key or regenerate only what this run made. The evidence (docs/recovery.md):
//
// - Objects with a creation time in Coder's API (provisioner keys and workspace proxies:
//   created_at; licenses: uploaded_at): made by this run if created at or after the create's
//   first attempt started, on the server's clock (learned from the Date header of its answers).
//   No extra call: the lookup recovery makes anyway returns the time.
// - Objects without one (groups, OAuth2 apps and secrets): made by this run only if the object is
//   exactly what the lost request would have made and nothing has used it since (a group with
//   the requested settings and no members; an OAuth2 app with the requested fields and no secret).
//   A look-up before every POST would be certain, but it doubles the calls of every healthy create.
//
// Anything else is doubt: recovery leaves the object untouched and fails, naming it and saying how
// to take it over deliberately.

import type { CoderClient } from "../client";

/** Why a found object is not treated as this run's: the error text for the user. */
export class NotCreatedByThisRunError extends Error {
  override name = "NotCreatedByThisRunError";
}

/**
 * True when an object created at `createdAt` (Coder's RFC 3339 time) was created after `startedAt`
 * (local ms, the create's first attempt) by the server's clock. False when it is older, or when
 * the server's clock or the object's time is unknown (doubt).
 */
export function createdSince(client: CoderClient, createdAt: string | undefined, startedAt: number): boolean {
  const start = client.serverTime(startedAt);
  const created = createdAt ? Date.parse(createdAt) : Number.NaN;
  if (start === undefined || Number.isNaN(created)) return false;
  return created >= start;
}

/** The failure when recovery found an object it must not touch. */
export function notCreatedByThisRun(
  what: string,
  evidence: string,
  whatToDo: string,
): NotCreatedByThisRunError {
  return new NotCreatedByThisRunError(
    `the create of ${what} failed without an answer (the server may or may not have acted), and ` +
      `${what} exists, but not as this run would have made it (${evidence}). It was left untouched. ${whatToDo}`,
  );
}
