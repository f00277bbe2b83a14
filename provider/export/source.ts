// TypeScript source for the generated program, laid out the way `biome format` lays it out (2-space
// indent, 110 columns, double quotes, trailing commas), so the generated index.ts passes
// `biome format` as written. Values are a small tree rather than strings because references are
// resolved (and so their lengths known) only after every exporter has run.

/** Maximum line width, as in the generated project's biome.json. */
export const LINE_WIDTH = 110;
const INDENT = "  ";

/** A reference to a Coder object another declaration provides or a lookup finds; see References. */
export interface Ref {
  $ref: { kind: RefKind; id: string };
}
export type RefKind = "organization" | "group" | "user" | "template" | "notificationTemplate";

/** Source text used verbatim (an expression). */
export interface Raw {
  $raw: string;
}

/** `rolesById([[id, role], ...])`: a map keyed by ids known only when the program runs. */
export interface RolesById {
  $rolesById: [Value, string][];
}

export type Value =
  | string
  | number
  | boolean
  | Raw
  | Ref
  | RolesById
  | Value[]
  | { [key: string]: Value | undefined };

export const raw = (code: string): Raw => ({ $raw: code });

/** A string literal as biome prints it (double quotes). */
export function stringLiteral(s: string): string {
  const json = JSON.stringify(s)
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
  // Like biome: double quotes, unless the string has more double than single quotes.
  const doubles = s.split('"').length - 1;
  const singles = s.split("'").length - 1;
  if (doubles <= singles) return json;
  const inner = json.slice(1, -1).replace(/\\.|'/g, (m) => (m === '\\"' ? '"' : m === "'" ? "\\'" : m));
  return `'${inner}'`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** An object key, quoted only where needed (biome's `quoteProperties: "asNeeded"`). */
export function propertyKey(key: string): string {
  return IDENTIFIER.test(key) ? key : stringLiteral(key);
}

/** Resolves a reference to the expression that denotes the object's id. */
export type RefResolver = (ref: Ref["$ref"]) => string;

/** The value on one line, or undefined when it must span several. */
export function inline(v: Value, resolve: RefResolver): string | undefined {
  if (typeof v === "string") return stringLiteral(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) {
    // Like biome: an array of several arrays/objects with several elements each always breaks.
    if (
      v.length > 1 &&
      v.every((e) => typeof e === "object" && e !== null && Array.isArray(e) && e.length > 1)
    )
      return undefined;
    const parts = v.map((e) => inline(e, resolve));
    if (parts.some((p) => p === undefined)) return undefined;
    return `[${parts.join(", ")}]`;
  }
  if ("$raw" in v) return (v as Raw).$raw;
  if ("$ref" in v) return resolve((v as Ref).$ref);
  if ("$rolesById" in v) {
    const entries = (v as RolesById).$rolesById.map(([id, role]) => [id, role] as Value[]);
    const list = inline(entries, resolve);
    return list === undefined ? undefined : `rolesById(${list})`;
  }
  const entries = Object.entries(v).filter(([, e]) => e !== undefined) as [string, Value][];
  if (entries.length === 0) return "{}";
  const parts = entries.map(([k, e]) => {
    const s = inline(e, resolve);
    return s === undefined ? undefined : `${propertyKey(k)}: ${s}`;
  });
  if (parts.some((p) => p === undefined)) return undefined;
  return `{ ${parts.join(", ")} }`;
}

/**
 * Lines of `prefix<value><suffix>` at `depth`, e.g. prefix `name: ` and suffix `,`. Objects given
 * with `expand` are always one property per line (biome keeps an object expanded when its source
 * has a line break after `{`), everything else is inline when it fits.
 */
export function renderValue(
  prefix: string,
  v: Value,
  suffix: string,
  depth: number,
  resolve: RefResolver,
  expand = false,
): string[] {
  const pad = INDENT.repeat(depth);
  const isPlainObject =
    typeof v === "object" && !Array.isArray(v) && !("$raw" in v) && !("$ref" in v) && !("$rolesById" in v);
  const one = expand && isPlainObject && Object.keys(v).length > 0 ? undefined : inline(v, resolve);
  if (one !== undefined) {
    const line = `${pad}${prefix}${one}${suffix}`;
    // A string that does not fit goes on the next line (biome's break-after-colon for strings).
    if (line.length > LINE_WIDTH && typeof v === "string" && prefix.endsWith(": ") && prefix.length > 4) {
      return [`${pad}${prefix.trimEnd()}`, `${pad}${INDENT}${one}${suffix}`];
    }
    if (line.length <= LINE_WIDTH || typeof v !== "object") return [line];
  }
  if (typeof v !== "object") return [`${pad}${prefix}${one}${suffix}`];
  if (Array.isArray(v)) {
    return [
      `${pad}${prefix}[`,
      ...v.flatMap((e) => renderValue("", e, ",", depth + 1, resolve)),
      `${pad}]${suffix}`,
    ];
  }
  if ("$rolesById" in v) {
    const entries = (v as RolesById).$rolesById.map(([id, role]) => [id, role] as Value[]);
    return [
      `${pad}${prefix}rolesById([`,
      ...entries.flatMap((e) => renderValue("", e, ",", depth + 1, resolve)),
      `${pad}])${suffix}`,
    ];
  }
  if ("$raw" in v || "$ref" in v) return [`${pad}${prefix}${inline(v, resolve)}${suffix}`];
  const entries = Object.entries(v).filter(([, e]) => e !== undefined) as [string, Value][];
  return [
    `${pad}${prefix}{`,
    ...entries.flatMap(([k, e]) => renderValue(`${propertyKey(k)}: `, e, ",", depth + 1, resolve)),
    `${pad}}${suffix}`,
  ];
}

/** `// text` lines at `depth`, wrapped at word boundaries to the line width. */
export function commentLines(text: string, depth = 0): string[] {
  const pad = INDENT.repeat(depth);
  const out: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    // A `code span` is never split across lines.
    for (const word of paragraph.match(/\S*`[^`]*`\S*|\S+/g) ?? []) {
      if (line !== "" && `${pad}// ${line} ${word}`.length > LINE_WIDTH) {
        out.push(`${pad}// ${line}`);
        line = word;
      } else line = line === "" ? word : `${line} ${word}`;
    }
    out.push(line === "" ? `${pad}//` : `${pad}// ${line}`);
  }
  return out;
}

const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally " +
    "for function if import in instanceof new null return super switch this throw true try typeof var void " +
    "while with yield let static implements interface package private protected public await any boolean " +
    "number string symbol undefined arguments eval pulumi coderd config rolesById require module exports"
  ).split(" "),
);

/** camelCase identifier from name parts, e.g. ("eu-west", "proxy") → euWestProxy. */
export function camelIdentifier(...parts: string[]): string {
  const words = parts
    .flatMap((p) => p.split(/[^A-Za-z0-9]+/))
    .filter((w) => w !== "")
    .map((w) => w.toLowerCase());
  let id = words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join("");
  if (id === "" || /^[0-9]/.test(id)) id = `x${id}`;
  return id;
}

/** Hands out unique names: variables of the program, or Pulumi resource names per type. */
export class UniqueNames {
  readonly #used = new Set<string>();
  constructor(reserved: Iterable<string> = RESERVED) {
    for (const r of reserved) this.#used.add(r);
  }
  /** The first free name among the candidates, else the last one with a number appended. */
  take(...candidates: string[]): string {
    for (const c of candidates) {
      if (!this.#used.has(c)) {
        this.#used.add(c);
        return c;
      }
    }
    const base = candidates[candidates.length - 1]!;
    for (let n = 2; ; n++) {
      if (!this.#used.has(`${base}${n}`)) {
        this.#used.add(`${base}${n}`);
        return `${base}${n}`;
      }
    }
  }
}
