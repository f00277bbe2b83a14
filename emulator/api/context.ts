// Per-request context shared by middleware and handlers, plus the emulator-wide dependencies.

import type { GoType } from "../http/godecode";
import { decodeGoJson, GoJsonError } from "../http/godecode";
import { invalidJson } from "../http/response";
import type { BaseContext } from "../http/router";
import type { LicenseKey } from "../licensing/jwt";
import type { GroupRecord, OrganizationRecord, TemplateRecord, UserRecord } from "../state/records";
import type { Store } from "../state/store";

/** What handlers need from the running emulator. `store` is replaced on reset, so read it per request. */
export interface EmulatorCore {
  store: Store;
  licenseKeys: LicenseKey[];
  accessUrl: string;
  /**
   * The deployment's enabled experiments (coderd's `--experiments` / CODER_EXPERIMENTS), lower-cased.
   * Deployment configuration, not state: kept across reset.
   */
  experiments: string[];
  version: string;
}

export interface RequestContext extends BaseContext {
  core: EmulatorCore;
  store: Store;
  now: number;
  /** Set by the apiKey middleware. */
  user?: UserRecord;
  organization?: OrganizationRecord;
  group?: GroupRecord;
  template?: TemplateRecord;
}

/** The authenticated user (only call after the apiKey middleware). */
export function actor(ctx: RequestContext): UserRecord {
  if (!ctx.user) throw new Error("route is missing the apiKey middleware");
  return ctx.user;
}

export function isOwner(ctx: RequestContext): boolean {
  return ctx.store.isOwner(actor(ctx));
}

/** httpapi.Read's decode step: Go JSON decoding into the request struct, 400 on any error. */
export function readBody<R>(ctx: RequestContext, type: GoType): R {
  try {
    return decodeGoJson<R>(ctx.bodyText, type);
  } catch (e) {
    if (e instanceof GoJsonError) throw invalidJson(e.message);
    throw e;
  }
}
