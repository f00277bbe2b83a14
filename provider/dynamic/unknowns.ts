/**
 * During preview the engine sends values that are not known yet (outputs of resources still to be
 * created) as this sentinel string (`pulumi.runtime.unknownValue`). Validation must let them pass.
 */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN_VALUE;
}

/** True when the value is unknown or contains an unknown anywhere inside it. */
export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** True when any prefix of the path (or the value itself) is unknown. */
export function pathTouchesUnknown(root: unknown, path: readonly PropertyKey[]): boolean {
  let cur: any = root;
  if (isUnknown(cur)) return true;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return false;
    cur = cur[key as any];
    if (isUnknown(cur)) return true;
  }
  return containsUnknown(cur);
}
