import { z } from "zod/v3";
import { list, optStr, str, type WireSchema } from "./common";

import type { OAuth2AppEndpoints } from "./entities";

export type { OAuth2AppEndpoints } from "./entities";
export interface OAuth2App {
  id: string;
  name: string;
  callbackUrl: string;
  icon: string;
  endpoints: OAuth2AppEndpoints;
}
const EndpointsSchema = z
  .object({ authorization: str, token: str, token_revoke: str, device_authorization: str })
  .nullish()
  .transform(
    (o): OAuth2AppEndpoints => ({
      authorization: o?.authorization ?? "",
      token: o?.token ?? "",
      tokenRevoke: o?.token_revoke ?? "",
      deviceAuthorization: o?.device_authorization ?? "",
    }),
  );
export const OAuth2AppSchema: WireSchema<OAuth2App> = z
  .object({ id: z.string(), name: str, callback_url: str, icon: str, endpoints: EndpointsSchema })
  .transform((o) => ({
    id: o.id,
    name: o.name,
    callbackUrl: o.callback_url,
    icon: o.icon,
    endpoints: o.endpoints,
  }));
export const OAuth2AppListSchema = list(OAuth2AppSchema);

export interface OAuth2AppSecret {
  id: string;
  lastUsedAt: string | null;
  clientSecretTruncated: string;
}
export const OAuth2AppSecretSchema: WireSchema<OAuth2AppSecret> = z
  .object({ id: z.string(), last_used_at: optStr, client_secret_truncated: str })
  .transform((o) => ({
    id: o.id,
    lastUsedAt: o.last_used_at,
    clientSecretTruncated: o.client_secret_truncated,
  }));
export const OAuth2AppSecretListSchema = list(OAuth2AppSecretSchema);

/** Returned once, on creation. */
export interface OAuth2AppSecretFull {
  id: string;
  clientSecretFull: string;
}
export const OAuth2AppSecretFullSchema: WireSchema<OAuth2AppSecretFull> = z
  .object({ id: z.string(), client_secret_full: z.string() })
  .transform((o) => ({ id: o.id, clientSecretFull: o.client_secret_full }));

export interface OAuth2AppRequest {
  name: string;
  callbackUrl: string;
  icon?: string;
}
