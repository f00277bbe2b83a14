// Go encoding/json decoding (BEHAVIOUR.md "Request decoding"), as coderd's httpapi.Read does it with json.NewDecoder(body).Decode(&req):
//  - only the first JSON value of the body is read (trailing bytes are ignored);
//  - syntax errors use Go's scanner wording ("invalid character 'x' looking for beginning of value",
//    "unexpected EOF", "EOF" for an empty body);
//  - object keys match struct fields exactly first, then case-insensitively; unknown keys are ignored;
//  - `null` leaves a non-pointer field at its zero value;
//  - a JSON value of the wrong kind is an UnmarshalTypeError ("json: cannot unmarshal string into Go
//    struct field X.y of type int"); a TextUnmarshaler (uuid.UUID, regexp.Regexp) returns its own error.
// Every error is surfaced by the caller as 400 "Request body must be valid JSON." with the error as detail.

import { RE2JS } from "re2js";
import { GoNumber } from "./goencode";
import { parseUuid } from "./uuid";

export type JValue =
  | { k: "null" }
  | { k: "bool"; v: boolean }
  | { k: "num"; raw: string }
  | { k: "str"; v: string }
  | { k: "arr"; v: JValue[] }
  | { k: "obj"; v: [string, JValue][] };

export class GoJsonError extends Error {}

/** Go's quoteChar: how the scanner names an offending character. */
function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return "'\"'";
  const q = JSON.stringify(c);
  return "'" + q.slice(1, -1) + "'";
}

class Parser {
  i = 0;
  constructor(private readonly s: string) {}

  private ws(): void {
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === " " || c === "\t" || c === "\n" || c === "\r") this.i++;
      else break;
    }
  }

  private eof(): never {
    throw new GoJsonError("unexpected EOF");
  }

  private bad(c: string, context: string): never {
    throw new GoJsonError(`invalid character ${quoteChar(c)} ${context}`);
  }

  top(): JValue {
    this.ws();
    if (this.i >= this.s.length) throw new GoJsonError("EOF");
    return this.value();
  }

  private value(): JValue {
    this.ws();
    if (this.i >= this.s.length) this.eof();
    const c = this.s[this.i]!;
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"') return { k: "str", v: this.string() };
    if (c === "t") return this.literal("true", { k: "bool", v: true });
    if (c === "f") return this.literal("false", { k: "bool", v: false });
    if (c === "n") return this.literal("null", { k: "null" });
    if (c === "-" || (c >= "0" && c <= "9")) return this.number();
    return this.bad(c, "looking for beginning of value");
  }

  private literal(word: string, v: JValue): JValue {
    for (let j = 0; j < word.length; j++) {
      if (this.i >= this.s.length) this.eof();
      const c = this.s[this.i]!;
      if (c !== word[j]) this.bad(c, `in literal ${word} (expecting ${quoteChar(word[j]!)})`);
      this.i++;
    }
    return v;
  }

  private digits(): void {
    if (this.i >= this.s.length) this.eof();
    const c = this.s[this.i]!;
    if (c < "0" || c > "9") this.bad(c, "in numeric literal");
    while (this.i < this.s.length && this.s[this.i]! >= "0" && this.s[this.i]! <= "9") this.i++;
  }

  private number(): JValue {
    const start = this.i;
    if (this.s[this.i] === "-") this.i++;
    if (this.s[this.i] === "0") this.i++;
    else this.digits();
    if (this.s[this.i] === ".") {
      this.i++;
      this.digits();
    }
    if (this.s[this.i] === "e" || this.s[this.i] === "E") {
      this.i++;
      if (this.s[this.i] === "+" || this.s[this.i] === "-") this.i++;
      this.digits();
    }
    return { k: "num", raw: this.s.slice(start, this.i) };
  }

  private string(): string {
    this.i++; // opening quote
    let out = "";
    for (;;) {
      if (this.i >= this.s.length) this.eof();
      const c = this.s[this.i]!;
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c.charCodeAt(0) < 0x20) this.bad(c, "in string literal");
      if (c !== "\\") {
        out += c;
        this.i++;
        continue;
      }
      this.i++;
      if (this.i >= this.s.length) this.eof();
      const e = this.s[this.i]!;
      const simple: Record<string, string> = {
        '"': '"',
        "\\": "\\",
        "/": "/",
        b: "\b",
        f: "\f",
        n: "\n",
        r: "\r",
        t: "\t",
      };
      if (e in simple) {
        out += simple[e];
        this.i++;
      } else if (e === "u") {
        this.i++;
        let code = 0;
        for (let j = 0; j < 4; j++) {
          if (this.i >= this.s.length) this.eof();
          const h = this.s[this.i]!;
          if (!/[0-9a-fA-F]/.test(h)) this.bad(h, "in \\u hexadecimal character escape");
          code = code * 16 + Number.parseInt(h, 16);
          this.i++;
        }
        out += String.fromCharCode(code);
      } else this.bad(e, "in string escape code");
    }
  }

  private object(): JValue {
    this.i++;
    const entries: [string, JValue][] = [];
    this.ws();
    if (this.i >= this.s.length) this.eof();
    if (this.s[this.i] === "}") {
      this.i++;
      return { k: "obj", v: entries };
    }
    for (;;) {
      this.ws();
      if (this.i >= this.s.length) this.eof();
      if (this.s[this.i] !== '"') this.bad(this.s[this.i]!, "looking for beginning of object key string");
      const key = this.string();
      this.ws();
      if (this.i >= this.s.length) this.eof();
      if (this.s[this.i] !== ":") this.bad(this.s[this.i]!, "after object key");
      this.i++;
      entries.push([key, this.value()]);
      this.ws();
      if (this.i >= this.s.length) this.eof();
      const c = this.s[this.i]!;
      this.i++;
      if (c === ",") continue;
      if (c === "}") return { k: "obj", v: entries };
      this.bad(c, "after object key:value pair");
    }
  }

  private array(): JValue {
    this.i++;
    const items: JValue[] = [];
    this.ws();
    if (this.i >= this.s.length) this.eof();
    if (this.s[this.i] === "]") {
      this.i++;
      return { k: "arr", v: items };
    }
    for (;;) {
      items.push(this.value());
      this.ws();
      if (this.i >= this.s.length) this.eof();
      const c = this.s[this.i]!;
      this.i++;
      if (c === ",") continue;
      if (c === "]") return { k: "arr", v: items };
      this.bad(c, "after array element");
    }
  }
}

/** Parse the first JSON value of `text` the way json.Decoder.Decode does. */
export function parseFirstJsonValue(text: string): JValue {
  return new Parser(text).top();
}

// ---- Go types ---------------------------------------------------------------------------------

export type GoType =
  | { k: "string"; name?: string }
  | { k: "int"; name: "int" | "int32" | "int64" }
  | { k: "uint64" }
  | { k: "bool" }
  | { k: "uuid" }
  | { k: "regexp" }
  | { k: "any" }
  | { k: "ptr"; elem: GoType }
  | { k: "slice"; elem: GoType }
  | { k: "map"; elem: GoType }
  | { k: "struct"; name: string; fields: { json: string; type: GoType }[] };

export const T = {
  string: { k: "string" } as GoType,
  named: (name: string): GoType => ({ k: "string", name }),
  int: { k: "int", name: "int" } as GoType,
  int32: { k: "int", name: "int32" } as GoType,
  int64: { k: "int", name: "int64" } as GoType,
  bool: { k: "bool" } as GoType,
  uuid: { k: "uuid" } as GoType,
  regexp: { k: "regexp" } as GoType,
  any: { k: "any" } as GoType,
  ptr: (elem: GoType): GoType => ({ k: "ptr", elem }),
  slice: (elem: GoType): GoType => ({ k: "slice", elem }),
  map: (elem: GoType): GoType => ({ k: "map", elem }),
  struct: (name: string, fields: Record<string, GoType>): GoType => ({
    k: "struct",
    name,
    fields: Object.entries(fields).map(([json, type]) => ({ json, type })),
  }),
};

function goTypeName(t: GoType): string {
  switch (t.k) {
    case "string":
      return t.name ?? "string";
    case "int":
      return t.name;
    case "uint64":
      return "uint64";
    case "bool":
      return "bool";
    case "uuid":
      return "uuid.UUID";
    case "regexp":
      return "regexp.Regexp";
    case "any":
      return "interface {}";
    case "ptr":
      return goTypeName(t.elem);
    case "slice":
      return "[]" + goTypeName(t.elem);
    case "map":
      return "map[string]" + goTypeName(t.elem);
    case "struct":
      return "codersdk." + t.name;
  }
}

function jsonKind(v: JValue): string {
  switch (v.k) {
    case "str":
      return "string";
    case "num":
      return "number";
    case "bool":
      return "bool";
    case "arr":
      return "array";
    case "obj":
      return "object";
    default:
      return "null";
  }
}

/** A decoded regexp field: the source string (Go's Regexp.String()), checked with RE2 syntax. */
export interface DecodedRegexp {
  source: string;
}

/** Go zero values: "" / 0 / false / nil UUID / nil (null) for slices, maps, pointers. */
export function zeroValue(t: GoType): unknown {
  switch (t.k) {
    case "string":
      return "";
    case "int":
    case "uint64":
      return 0;
    case "bool":
      return false;
    case "uuid":
      return "00000000-0000-0000-0000-000000000000";
    case "struct": {
      const o: Record<string, unknown> = {};
      for (const f of t.fields) o[f.json] = zeroValue(f.type);
      return o;
    }
    default:
      return null;
  }
}

/** Plain JS view of an `interface{}` value (objects become Maps so they re-encode with sorted keys). */
export function toAny(v: JValue): unknown {
  switch (v.k) {
    case "null":
      return null;
    case "bool":
      return v.v;
    case "num":
      return new GoNumber(v.raw);
    case "str":
      return v.v;
    case "arr":
      return v.v.map(toAny);
    case "obj": {
      const m = new Map<string, unknown>();
      for (const [k, val] of v.v) m.set(k, toAny(val));
      return m;
    }
  }
}

const INT_RANGES: Record<string, [bigint, bigint]> = {
  int: [-(2n ** 63n), 2n ** 63n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};

class Decoder {
  firstError: GoJsonError | undefined;
  constructor(private readonly rootName: string) {}

  /** Records an UnmarshalTypeError (the first one wins) and keeps the current value, like Go. */
  private typeError(v: JValue, t: GoType, path: string[], current: unknown, numText?: string): unknown {
    if (this.firstError) return current;
    const what = numText !== undefined ? `number ${numText}` : jsonKind(v);
    const where =
      path.length === 0
        ? `Go value of type ${goTypeName(t)}`
        : `Go struct field ${this.rootName}.${path.join(".")} of type ${goTypeName(t)}`;
    this.firstError = new GoJsonError(`json: cannot unmarshal ${what} into ${where}`);
    return current;
  }

  decode(v: JValue, t: GoType, path: string[], current: unknown): unknown {
    if (v.k === "null") {
      // null sets pointers/maps/slices/interfaces to nil and leaves everything else untouched.
      return t.k === "ptr" || t.k === "map" || t.k === "slice" || t.k === "any" ? null : current;
    }
    switch (t.k) {
      case "ptr":
        return this.decode(v, t.elem, path, zeroValue(t.elem));
      case "any":
        return toAny(v);
      case "string":
        if (v.k !== "str") return this.typeError(v, t, path, current);
        return v.v;
      case "bool":
        if (v.k !== "bool") return this.typeError(v, t, path, current);
        return v.v;
      case "int":
      case "uint64": {
        if (v.k !== "num") return this.typeError(v, t, path, current);
        const name = t.k === "int" ? t.name : "uint64";
        const [lo, hi] = INT_RANGES[name]!;
        if (!/^-?\d+$/.test(v.raw)) return this.typeError(v, t, path, current, v.raw);
        const n = BigInt(v.raw);
        if (n < lo || n > hi) return this.typeError(v, t, path, current, v.raw);
        return Number(n);
      }
      case "uuid":
      case "regexp": {
        // TextUnmarshalers only accept JSON strings; their own error aborts decoding.
        if (v.k !== "str") return this.typeError(v, t, path, current);
        if (t.k === "uuid") {
          const parsed = parseUuid(v.v);
          if (!parsed.ok) throw new GoJsonError(parsed.error);
          return parsed.uuid;
        }
        // regexp.Regexp.UnmarshalText is regexp.Compile: RE2 syntax, Go's error text returned as-is.
        // re2js is a port of RE2/J, whose syntax errors already read like Go's
        // ("error parsing regexp: invalid or unsupported Perl syntax: `(?=`").
        try {
          RE2JS.compile(v.v);
        } catch (e) {
          const message = (e as Error).message;
          throw new GoJsonError(
            message.startsWith("error parsing regexp: ") ? message : `error parsing regexp: ${message}`,
          );
        }
        return { source: v.v } satisfies DecodedRegexp;
      }
      case "slice": {
        if (v.k !== "arr") return this.typeError(v, t, path, current);
        return v.v.map((item) => this.decode(item, t.elem, path, zeroValue(t.elem)));
      }
      case "map": {
        if (v.k !== "obj") return this.typeError(v, t, path, current);
        // Decoding into an existing non-nil map merges; we always start from a fresh map like Go does
        // for a nil map.
        const m = current instanceof Map ? current : new Map<string, unknown>();
        for (const [key, val] of v.v) {
          // Go's error context names struct fields only, never map keys.
          m.set(key, this.decode(val, t.elem, path, m.get(key) ?? zeroValue(t.elem)));
        }
        return m;
      }
      case "struct": {
        if (v.k !== "obj") return this.typeError(v, t, path, current);
        const out = (current && typeof current === "object" ? current : zeroValue(t)) as Record<
          string,
          unknown
        >;
        for (const [key, val] of v.v) {
          const field =
            t.fields.find((f) => f.json === key) ??
            t.fields.find((f) => f.json.toLowerCase() === key.toLowerCase());
          if (!field) continue; // unknown keys are ignored
          out[field.json] = this.decode(val, field.type, [...path, field.json], out[field.json]);
        }
        return out;
      }
    }
  }
}

/**
 * Decode `text` into the Go struct type `t`. Returns the decoded object with Go zero values for
 * absent fields, or throws GoJsonError with Go's error text.
 */
export function decodeGoJson<R = Record<string, unknown>>(text: string, t: GoType): R {
  const root = parseFirstJsonValue(text);
  const name = t.k === "struct" ? t.name : goTypeName(t);
  const dec = new Decoder(name);
  const out = dec.decode(root, t, [], zeroValue(t));
  if (dec.firstError) throw dec.firstError;
  return out as R;
}
