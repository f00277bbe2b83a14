import { type CoderClient, isNotFound } from "../client";

/** A CheckFailure found at `check`: the property it is about and what is wrong with it. */
export interface InputProblem {
  property: string;
  reason: string;
}

/**
 * Thrown by a resource's server-side check steps (`resolveDefaults`, `validateRemote`) when an
 * input is wrong: `check` reports the problems as check failures naming the property, like a
 * schema error, instead of failing with an exception.
 */
export class InputProblemError extends Error {
  override name = "InputProblemError";
  constructor(readonly problems: InputProblem[]) {
    super(problems.map((p) => `${p.property}: ${p.reason}`).join("; "));
  }
}

/**
 * An input that names another Coder object by id. `check` looks it up when it is new (creating, or
 * its value changed since the previous inputs) and reports a missing object as a problem of
 * `property`: `<what> with ID <id> does not exist`, Coder's own wording.
 */
export interface Reference {
  property: string;
  /** How to call the object in a message, e.g. "template", "organization". */
  what: string;
  id: string;
  get(client: CoderClient): Promise<unknown>;
}

export function missingObject(ref: Pick<Reference, "property" | "what" | "id">): InputProblem {
  return { property: ref.property, reason: `${ref.what} with ID ${ref.id} does not exist` };
}

/** Fetches a referenced object; a 404 becomes an InputProblemError about `property`. */
export async function fetchReferenced<T>(
  ref: Pick<Reference, "property" | "what" | "id">,
  get: () => Promise<T>,
): Promise<T> {
  try {
    return await get();
  } catch (err) {
    if (isNotFound(err)) throw new InputProblemError([missingObject(ref)]);
    throw err;
  }
}

/** The problems of the given references: one lookup each, in parallel. */
export async function missingReferences(client: CoderClient, refs: Reference[]): Promise<InputProblem[]> {
  const found = await Promise.all(
    refs.map(async (ref) => {
      try {
        await fetchReferenced(ref, () => ref.get(client));
        return [];
      } catch (err) {
        if (err instanceof InputProblemError) return err.problems;
        throw err;
      }
    }),
  );
  return found.flat();
}

/**
 * A check failure about a value inside a property (a map entry, a list item). The engine prints a
 * failure as `property <p> value {<inputs[p]>} has a problem: <reason>`, looking `p` up as a
 * top-level key only: for `users.3fa85f64-…` it finds nothing and prints `value {<nil>}`. So the
 * failure names the top-level property, and the reason starts with the path inside it, e.g.
 * property `users`, reason `["3fa85f64-…"]: user with ID 3fa85f64-… does not exist`.
 */
export function problemAt(path: readonly PropertyKey[], reason: string): InputProblem {
  const [top, ...inner] = path;
  const where = inner.map((seg) =>
    typeof seg === "number" ? `[${seg}]` : `[${JSON.stringify(String(seg))}]`,
  );
  return {
    property: top === undefined ? "" : String(top),
    reason: where.length ? `${where.join("")}: ${reason}` : reason,
  };
}

/** An explicit `organizationId` input. */
export function organizationReference(id: string | undefined): Reference[] {
  if (id === undefined) return [];
  return [{ property: "organizationId", what: "organization", id, get: (c) => c.getOrganization(id) }];
}
