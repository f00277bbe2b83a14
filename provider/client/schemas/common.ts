// Tolerant zod building blocks. Coder responses are snake_case; schemas parse them and transform
// to the client's camelCase types. Unknown fields are ignored (zod's default `strip`), nullable or
// missing strings become "", null lists become [], null maps become {}.
//
// Every module imports Zod's v3 API ("zod/v3", shipped and kept inside the zod 4 package), never
// the package root: the root loads Zod 4's core with all 64 of its locales, 95 files and 80–100 ms,
// against 10 files and ~18 ms for v3. That load sits in front of the first answer of every
// provider host, i.e. of every `pulumi` command (bench/README, "Zod's v3 API").
// Biome's noRestrictedImports keeps it so; test/unit/load-footprint.test.ts checks what loads.
import { z } from "zod/v3";

export const str = z
  .string()
  .nullish()
  .transform((v) => v ?? "");
export const optStr = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
export const bool = z
  .boolean()
  .nullish()
  .transform((v) => v ?? false);
export const num = z
  .number()
  .nullish()
  .transform((v) => v ?? 0);
export const strList = z
  .array(z.string())
  .nullish()
  .transform((v) => v ?? []);

export function list<T extends z.ZodType>(item: T) {
  return z
    .array(item)
    .nullish()
    .transform((v): z.output<T>[] => v ?? []);
}

export const strMap = z
  .record(z.string(), z.string().nullish())
  .nullish()
  .transform((v): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [k, val] of Object.entries(v ?? {})) out[k] = val ?? "";
    return out;
  });

/** `map[string][]string` where the map and any value may be null (→ {} and []). */
export const listMap = z
  .record(z.string(), z.array(z.string()).nullish())
  .nullish()
  .transform((v): Record<string, string[]> => {
    const out: Record<string, string[]> = {};
    for (const [k, val] of Object.entries(v ?? {})) out[k] = val ?? [];
    return out;
  });

/** `{"message": "..."}` answers (DELETE group, PATCH template ACL, DELETE proxy). */
export const MessageResponseSchema = z
  .object({ message: str, detail: str })
  .transform((o) => ({ message: o.message, detail: o.detail }));
export type MessageResponse = z.output<typeof MessageResponseSchema>;

/** A schema of a Coder response: it accepts anything (`unknown`) and yields the client's `T`. */
export type WireSchema<T> = z.ZodType<T, z.ZodTypeDef, unknown>;
