// Go-compatible JSON encoding (BEHAVIOUR.md "Wire format"), so bodies are byte-identical to what coderd's httpapi.Write emits:
// json.Encoder with SetEscapeHTML(true) escapes <, > and & (and U+2028/U+2029), Go maps are written
// with sorted keys (we model Go maps as JS Map), struct fields keep declaration order (we model
// structs as plain objects built in Go field order; `undefined` plays the role of `omitempty`).

/** A JSON number kept as its original literal (Go's json.Number under UseNumber, e.g. license claims). */
export class GoNumber {
  constructor(readonly raw: string) {}
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: Go escapes control characters, so we must find them.
const NEEDS_ESCAPE = /[\u0000-\u001f"\\<>&\u2028\u2029\ud800-\udfff]/;

function hex4(code: number): string {
  return "\\u" + code.toString(16).padStart(4, "0");
}

/** Quote a string exactly like Go's encoding/json with HTML escaping on. */
export function goQuote(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return '"' + s + '"';
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += "\\\\";
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x0d) out += "\\r";
    else if (c === 0x09) out += "\\t";
    else if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029)
      out += hex4(c);
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += s[i]! + s[i + 1]!;
        i++;
      } else out += "\ufffd"; // Go replaces invalid UTF-8 with U+FFFD
    } else if (c >= 0xdc00 && c <= 0xdfff) out += "\ufffd";
    else out += s[i];
  }
  return out + '"';
}

export function goStringify(v: unknown): string {
  if (v === null || v === undefined) return "null";
  switch (typeof v) {
    case "string":
      return goQuote(v);
    case "number":
      return Number.isFinite(v) ? String(v) : "null";
    case "boolean":
      return v ? "true" : "false";
    case "bigint":
      return v.toString();
    default:
      break;
  }
  if (v instanceof GoNumber) return v.raw;
  if (Array.isArray(v)) {
    let out = "[";
    for (let i = 0; i < v.length; i++) out += (i ? "," : "") + goStringify(v[i]);
    return out + "]";
  }
  if (v instanceof Map) {
    const keys = [...v.keys()].map(String).sort();
    let out = "{";
    keys.forEach((k, i) => {
      out += (i ? "," : "") + goQuote(k) + ":" + goStringify(v.get(k));
    });
    return out + "}";
  }
  let out = "{";
  let first = true;
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (val === undefined) continue;
    out += (first ? "" : ",") + goQuote(k) + ":" + goStringify(val);
    first = false;
  }
  return out + "}";
}

/** Recent goTime results: a list of 1000 groups formats the same few member timestamps 3000 times. */
const goTimeCache = new Map<number, string>();

/** Go's time.Time JSON form (RFC3339Nano, UTC, trailing fractional zeros trimmed). */
export function goTime(ms: number): string {
  const hit = goTimeCache.get(ms);
  if (hit !== undefined) return hit;
  const iso = new Date(ms).toISOString(); // 2024-01-02T03:04:05.678Z
  const [main, frac] = iso.slice(0, -1).split(".");
  const trimmed = (frac ?? "").replace(/0+$/, "");
  const text = main + (trimmed ? "." + trimmed : "") + "Z";
  if (goTimeCache.size >= 4096) goTimeCache.clear();
  goTimeCache.set(ms, text);
  return text;
}

/** The zero time.Time, as Go marshals it. */
export const GO_ZERO_TIME = "0001-01-01T00:00:00Z";

/** Go's time.Time.String() for a UTC time: "2006-01-02 15:04:05.999999999 +0000 UTC". */
export function goTimeString(ms: number): string {
  const iso = goTime(ms);
  return iso.slice(0, -1).replace("T", " ") + " +0000 UTC";
}

/** Go's %q for a []string: ["a" "b"]. */
export function goQuoteSlice(items: string[]): string {
  return "[" + items.map((s) => JSON.stringify(s)).join(" ") + "]";
}
