// coderd/httpapi QueryParamParser: parse errors and ErrorExcessParams become
// 400 {"message":"Query parameters have invalid values.","validations":[...]}.

import { apiError, type ValidationError } from "../http/response";
import { parseUuid } from "../http/uuid";

export class QueryParamParser {
  readonly errors: ValidationError[] = [];
  private readonly parsed = new Set<string>();

  constructor(private readonly vals: URLSearchParams) {}

  /** ParseCustom: records the param as known; reports `Query param "x" has invalid value: <err>`. */
  custom<T>(name: string, def: T, parse: (v: string) => T | Error): T {
    this.parsed.add(name);
    if (!this.vals.has(name)) return def;
    const out = parse(this.vals.get(name) ?? "");
    if (out instanceof Error) {
      this.errors.push({
        field: name,
        detail: `Query param ${JSON.stringify(name)} has invalid value: ${out.message}`,
      });
      return def;
    }
    return out;
  }

  /** UUIDorName: a UUID, else resolved by name through `byName`. */
  uuidOrName(name: string, byName: (v: string) => string | Error): string | undefined {
    return this.custom<string | undefined>(name, undefined, (v) => {
      if (v === "") return undefined;
      const id = parseUuid(v);
      return id.ok ? id.uuid : byName(v);
    });
  }

  /** Comma-separated UUIDs. */
  uuids(name: string): string[] {
    return this.custom<string[]>(name, [], (v) => {
      const out: string[] = [];
      for (const part of v.split(",")) {
        if (part.trim() === "") continue;
        const id = parseUuid(part.trim());
        if (!id.ok) return new Error(id.error);
        out.push(id.uuid);
      }
      return out;
    });
  }

  int(name: string, def: number): number {
    return this.custom<number>(name, def, (v) => {
      if (!/^-?\d+$/.test(v))
        return new Error(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
      return Number(v);
    });
  }

  string(name: string): string {
    return this.custom<string>(name, "", (v) => v);
  }

  /** ErrorExcessParams: every param not parsed above is rejected. */
  errorExcessParams(): void {
    for (const key of [...new Set(this.vals.keys())].sort()) {
      if (!this.parsed.has(key))
        this.errors.push({ field: key, detail: `${JSON.stringify(key)} is not a valid query param` });
    }
  }

  throwIfErrors(): void {
    if (this.errors.length > 0)
      throw apiError(400, "Query parameters have invalid values.", undefined, this.errors);
  }
}
