// Tolerant zod building blocks. Coder responses are snake_case; schemas parse them and transform
// to the client's camelCase types. Unknown fields are ignored (zod's default `strip`), nullable or
// missing strings become "", null lists become [], null maps become {}.
import { z } from "zod";

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
