// The exporters, one per resource kind, in the order their declarations appear in index.ts. A kind
// must come after the kinds it references: Group before IdpSyncSettings and TemplateAcl, whose
// mappings and grants point at group variables.
//
// To add a kind: write `kinds/<kind>.ts` exporting a ResourceExporter (read with ctx.client,
// ctx.declare each object with `adopt: true` where the resource can adopt, ctx.provide its id when
// others may reference it, ctx.ref for what it points to, ctx.secret for write-once secrets,
// ctx.note for what cannot be brought over), then add it to this list.

import { groupExporter } from "./kinds/group";
import { idpSyncSettingsExporter } from "./kinds/idp-sync-settings";
import { licenseExporter } from "./kinds/license";
import { oauth2AppExporter } from "./kinds/oauth2-app";
import { provisionerKeyExporter } from "./kinds/provisioner-key";
import { templateAclExporter } from "./kinds/template-acl";
import { workspaceProxyExporter } from "./kinds/workspace-proxy";
import type { ResourceExporter } from "./model";

export const EXPORTERS: readonly ResourceExporter[] = [
  licenseExporter,
  groupExporter,
  workspaceProxyExporter,
  idpSyncSettingsExporter,
  templateAclExporter,
  oauth2AppExporter,
  provisionerKeyExporter,
];
