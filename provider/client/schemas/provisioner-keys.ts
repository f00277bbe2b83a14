import { z } from "zod/v3";
import { list, str, strList, strMap, type WireSchema } from "./common";

/** codersdk.ProvisionerKey; the wire field `organization` becomes `organizationId`. */
export interface ProvisionerKey {
  id: string;
  createdAt: string;
  organizationId: string;
  /** Stored lower-cased by the server. */
  name: string;
  tags: Record<string, string>;
}
export const ProvisionerKeySchema: WireSchema<ProvisionerKey> = z
  .object({ id: z.string(), created_at: str, organization: str, name: str, tags: strMap })
  .transform((o) => ({
    id: o.id,
    createdAt: o.created_at,
    organizationId: o.organization,
    name: o.name,
    tags: o.tags,
  }));
export const ProvisionerKeyListSchema = list(ProvisionerKeySchema);

/** POST returns only the secret (43 chars), shown once. */
export interface CreateProvisionerKeyResponse {
  key: string;
}
export const CreateProvisionerKeyResponseSchema: WireSchema<CreateProvisionerKeyResponse> = z
  .object({ key: z.string() })
  .transform((o) => ({ key: o.key }));

export interface ProvisionerDaemon {
  id: string;
  name: string;
  organizationId: string;
  keyId: string;
  version: string;
  apiVersion: string;
  provisioners: string[];
  tags: Record<string, string>;
  status: string;
  createdAt: string;
  lastSeenAt: string;
}
const ProvisionerDaemonSchema: WireSchema<ProvisionerDaemon> = z
  .object({
    id: z.string(),
    name: str,
    organization_id: str,
    key_id: str,
    version: str,
    api_version: str,
    provisioners: strList,
    tags: strMap,
    status: str,
    created_at: str,
    last_seen_at: str,
  })
  .transform((o) => ({
    id: o.id,
    name: o.name,
    organizationId: o.organization_id,
    keyId: o.key_id,
    version: o.version,
    apiVersion: o.api_version,
    provisioners: o.provisioners,
    tags: o.tags,
    status: o.status,
    createdAt: o.created_at,
    lastSeenAt: o.last_seen_at,
  }));

export interface ProvisionerKeyDaemons {
  key: ProvisionerKey;
  daemons: ProvisionerDaemon[];
}
export const ProvisionerKeyDaemonsListSchema = list(
  z
    .object({ key: ProvisionerKeySchema, daemons: list(ProvisionerDaemonSchema) })
    .transform((o): ProvisionerKeyDaemons => ({ key: o.key, daemons: o.daemons })),
);

export interface CreateProvisionerKeyRequest {
  name: string;
  tags?: Record<string, string>;
}
