import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod/v3";
import type { License as CoderLicense } from "../client";
import { createConverging } from "../dynamic/converge";
import { defineResourceProvider, type InputProblem } from "../dynamic/define-provider";
import { createdSince, notCreatedByThisRun } from "../dynamic/ownership";
import { providerLog } from "../dynamic/provider-log";

/** Arguments of a {@link License}. */
export interface LicenseArgs {
  /** The license JWT from Coder. Always stored as a secret. Changing it replaces the license (new one uploaded first). */
  license: pulumi.Input<string>;
  /**
   * Take over the license already uploaded with this JWT (found by its `jti`, which is the
   * license's uuid) instead of uploading it again: Coder accepts duplicate uploads, so without
   * `adopt` the same license would be stored twice. What `pulumi-coderd export` generates.
   */
  adopt?: pulumi.Input<boolean>;
}

interface LicenseInputs {
  license: string;
  adopt?: boolean;
}

interface LicenseOutputs extends LicenseInputs {
  uuid: string;
  uploadedAt: string;
  expiresAt?: string;
  trial: boolean;
  features: Record<string, number>;
  accountType: string;
  accountId: string;
}

/** Decodes a JWT payload without verifying it (Coder verifies); undefined if it is not a JWT. *
 * @internal
 */
export function decodeJwtPayload(jwt: string): Record<string, unknown> | undefined {
  const parts = jwt.trim().split(".");
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8"));
    return payload && typeof payload === "object" && !Array.isArray(payload) ? payload : undefined;
  } catch {
    return undefined;
  }
}

// Messages never include the JWT itself: check failures are printed next to the property.
// The shape is checked on every preview; the dates only when the JWT changes (see validateChange).
const licenseInputs = z.object({
  license: z
    .string()
    .transform((s) => s.trim())
    .superRefine((jwt, ctx) => {
      const claims = decodeJwtPayload(jwt);
      if (!claims) {
        ctx.addIssue({
          code: "custom",
          message: "is not a license JWT (expected three base64url parts: header.payload.signature)",
        });
        return;
      }
      if (claims.version !== undefined && claims.version !== 3) {
        ctx.addIssue({
          code: "custom",
          message: `has version ${String(claims.version)}; Coder accepts version 3 licenses only`,
        });
      }
    }),
  adopt: z.boolean().default(false),
});

/** @internal */
export const licenseProvider = defineResourceProvider<LicenseInputs, LicenseOutputs>({
  typeName: "License",
  inputs: licenseInputs,
  // `adopt` only matters when creating: adding or removing it later is not a change.
  inputKeys: ["license"],
  replaceOn: ["license"],
  // Create the new license before deleting the old one: no gap in entitlements.
  deleteBeforeReplace: false,
  validateChange: (inputs, olds) =>
    olds.license === inputs.license ? [] : licenseDateProblems(inputs.license),
  async create(ctx, inputs) {
    // After a 5xx/reset the upload may have been applied: a license's uuid is its jti claim, so a
    // listed license with this JWT's jti uploaded after this create began (uploaded_at on the
    // server's clock; ../dynamic/ownership) is this upload: adopted, not uploaded a second time.
    // One uploaded before is someone else's upload of the same JWT: untouched.
    const jti = decodeJwtPayload(inputs.license)?.jti;
    const findUploaded = async () =>
      typeof jti === "string" ? (await ctx.client.listLicenses()).find((l) => l.uuid === jti) : undefined;
    const adopted = inputs.adopt ? await findUploaded() : undefined;
    if (adopted) return { id: String(adopted.id), outs: toOutputs(adopted, inputs.license) };
    const lic = await createConverging(
      () => ctx.client.addLicense(inputs.license),
      async (startedAt) => {
        const found = await findUploaded();
        if (!found) return undefined;
        if (createdSince(ctx.client, found.uploadedAt, startedAt)) return found;
        throw notCreatedByThisRun(
          `license ${jti}`,
          `id ${found.id}, uploaded at ${found.uploadedAt}, before this create began`,
          "Set `adopt: true` on this License to take the existing upload over, or delete it " +
            `(\`coder licenses delete ${found.id}\`, or the dashboard) and run again.`,
        );
      },
    );
    return { id: String(lic.id), outs: toOutputs(lic, inputs.license) };
  },
  async read(ctx, id, olds) {
    // Coder has no GET of one license: every License of the command shares one list.
    const all = await ctx.reads.list("licenses", "", id, () => ctx.client.listLicenses());
    const lic = all.find((l) => String(l.id) === id);
    return lic ? toOutputs(lic, olds.license) : undefined;
  },
  async update(_ctx, _id, olds, news) {
    // Only reached when the provider code changed: the JWT itself always replaces.
    return { ...olds, license: news.license };
  },
  async delete(ctx, id) {
    await ctx.client.deleteLicense(Number(id));
  },
});

/**
 * The dates of a JWT about to be uploaded, as Coder judges them (enterprise/coderd/license):
 * after `exp` the upload is rejected, an error here; after `license_expires` but before `exp` the
 * license is in its grace period, still accepted and still unlocking its features, so that is a
 * warning. Checked only when the JWT changes: a license already uploaded keeps working through
 * its grace period, and an hourly `pulumi preview --refresh --expect-no-changes` must not fail
 * because of a date (Coder's own entitlements warnings say when it lapses).
 *
 * @internal
 */
export function licenseDateProblems(jwt: string, now = Date.now() / 1000): InputProblem[] {
  const claims = decodeJwtPayload(jwt) ?? {};
  const exp = typeof claims.exp === "number" ? claims.exp : undefined;
  const licenseExpires = typeof claims.license_expires === "number" ? claims.license_expires : undefined;
  const day = (t: number) => new Date(t * 1000).toISOString();
  if (exp !== undefined && exp < now) {
    return [
      {
        property: "license",
        reason: `expired on ${day(exp)}; Coder rejects expired licenses. Ask Coder for a new license.`,
      },
    ];
  }
  if (licenseExpires !== undefined && licenseExpires < now) {
    providerLog.warn(
      `coderd:License: the license period ended on ${day(licenseExpires)}; Coder accepts the license in ` +
        `its grace period${exp !== undefined ? ` until ${day(exp)}` : ""}. Ask Coder for a new license.`,
    );
  }
  return [];
}

function toOutputs(lic: CoderLicense, jwt: string): LicenseOutputs {
  const claims = (lic.claims ?? {}) as Record<string, any>;
  const expires = typeof claims.license_expires === "number" ? claims.license_expires : claims.exp;
  return {
    license: jwt,
    uuid: lic.uuid,
    uploadedAt: lic.uploadedAt,
    expiresAt: typeof expires === "number" ? new Date(expires * 1000).toISOString() : undefined,
    trial: claims.trial === true,
    features: (claims.features ?? {}) as Record<string, number>,
    accountType: String(claims.account_type ?? ""),
    accountId: String(claims.account_id ?? ""),
  };
}
