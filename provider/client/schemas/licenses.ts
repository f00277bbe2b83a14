import { z } from "zod/v3";
import { list, str, type WireSchema } from "./common";

/** codersdk.License: `claims` is the verbatim JWT payload (the JWT itself is never returned). */
export interface License {
  id: number;
  uuid: string;
  uploadedAt: string;
  claims: Record<string, unknown>;
}
export const LicenseSchema: WireSchema<License> = z
  .object({
    id: z.number(),
    uuid: str,
    uploaded_at: str,
    claims: z
      .record(z.string(), z.unknown())
      .nullish()
      .transform((v) => v ?? {}),
  })
  .transform((o) => ({ id: o.id, uuid: o.uuid, uploadedAt: o.uploaded_at, claims: o.claims }));
/** GET /licenses returns null when there are none. */
export const LicenseListSchema = list(LicenseSchema);
