/**
 * Makes a value safe for the dynamic-provider host, which converts results with
 * `google.protobuf.Struct.fromJavaScript`: `undefined` anywhere throws "Unexpected struct type.",
 * and a Date becomes `{}`. Undefined object keys are dropped, undefined array items become null,
 * and Dates become ISO strings.
 */
export function cleanForState<T>(value: T): T {
  return clean(value) as T;
}

function clean(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : clean(v)));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = clean(v);
    }
    return out;
  }
  if (typeof value === "bigint") return Number(value);
  return value;
}

/** Removes the engine's and our own hidden keys (`__provider`, `__license`, ...). */
export function withoutHiddenKeys<T extends Record<string, unknown>>(props: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props ?? {})) {
    if (!k.startsWith("__")) out[k] = v;
  }
  return out as T;
}
