// Bench program (bench/run.ts): any pulumi-coderd resources, one spec each, driven by parameters.
// Each spec names the class and passes its args verbatim; other objects it needs (templates,
// groups, OAuth2 apps) are made out of band, so each stack holds exactly the resource measured.
import type * as pulumi from "@pulumi/pulumi";
import * as coderd from "pulumi-coderd";

type Kind =
  | "Group"
  | "License"
  | "OAuth2App"
  | "OAuth2AppSecret"
  | "ProvisionerKey"
  | "WorkspaceProxy"
  | "IdpSyncSettings"
  | "TemplateAcl";

interface Params {
  resources?: Array<{ type: Kind; name: string; args: any }>;
}

const classes: Record<Kind, new (name: string, args: any) => pulumi.CustomResource> = {
  Group: coderd.Group,
  License: coderd.License,
  OAuth2App: coderd.OAuth2App,
  OAuth2AppSecret: coderd.OAuth2AppSecret,
  ProvisionerKey: coderd.ProvisionerKey,
  WorkspaceProxy: coderd.WorkspaceProxy,
  IdpSyncSettings: coderd.IdpSyncSettings,
  TemplateAcl: coderd.TemplateAcl,
};

const params: Params = JSON.parse(process.env.PULUMI_CODERD_TEST_PARAMS ?? "{}");
const outputs: Record<string, pulumi.Output<unknown>> = {};
for (const { type, name, args } of params.resources ?? []) {
  const r = new classes[type](name, args);
  outputs[name] = r.id;
}
export = outputs;
