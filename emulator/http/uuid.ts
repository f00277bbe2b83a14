// github.com/google/uuid Parse semantics (used for path params, query params and JSON uuid fields):
// accepts the 36-char dashed form, 32 hex digits, {braced} and urn:uuid: forms; any hex case.
// Error texts match the library so "detail" fields read like coderd's.

export const NIL_UUID = "00000000-0000-0000-0000-000000000000";

export type UuidParse = { ok: true; uuid: string } | { ok: false; error: string };

const HEX32 = /^[0-9a-fA-F]{32}$/;

export function parseUuid(raw: string): UuidParse {
  let s = raw;
  switch (s.length) {
    case 36:
      break;
    case 36 + 9:
      if (s.slice(0, 9).toLowerCase() !== "urn:uuid:")
        return { ok: false, error: `invalid urn prefix: "${s.slice(0, 9)}"` };
      s = s.slice(9);
      break;
    case 36 + 2:
      s = s.slice(1, -1);
      break;
    case 32:
      if (!HEX32.test(s)) return { ok: false, error: "invalid UUID format" };
      s = `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
      return { ok: true, uuid: s.toLowerCase() };
    default:
      return { ok: false, error: `invalid UUID length: ${Buffer.byteLength(raw)}` };
  }
  if (s[8] !== "-" || s[13] !== "-" || s[18] !== "-" || s[23] !== "-")
    return { ok: false, error: "invalid UUID format" };
  const hex = s.slice(0, 8) + s.slice(9, 13) + s.slice(14, 18) + s.slice(19, 23) + s.slice(24);
  if (!HEX32.test(hex)) return { ok: false, error: "invalid UUID format" };
  return { ok: true, uuid: s.toLowerCase() };
}
