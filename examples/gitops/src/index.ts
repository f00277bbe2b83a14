// A realistic GitOps layout: one program, one stack per Coder deployment (Pulumi.<stack>.yaml),
// CI that previews on pull requests, applies on merge and checks for drift every hour.
import * as pulumi from "@pulumi/pulumi";
import * as coderd from "pulumi-coderd";

const config = new pulumi.Config();
const memberNames = config.requireObject<string[]>("platformMembers");
const regions = config.requireObject<string[]>("proxyRegions");

const licenseJwt = config.getSecret("licenseJwt");
const license = licenseJwt ? new coderd.License("enterprise", { license: licenseJwt }) : undefined;
const licensed = license ? { dependsOn: [license] } : undefined;

const members = memberNames.map((username) => coderd.getUser({ username }).then((u) => u.id));
const platform = new coderd.Group(
  "platform",
  { name: "platform", displayName: "Platform Engineering", quotaAllowance: 40, members },
  licensed,
);

const proxies = regions.map(
  (region) =>
    new coderd.WorkspaceProxy(region, { name: region, displayName: region.toUpperCase() }, licensed),
);

export const platformGroupId = platform.id;
export const proxyTokens = pulumi.secret(proxies.map((p) => p.proxyToken));
