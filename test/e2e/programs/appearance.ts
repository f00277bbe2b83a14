// E2E program: the deployment's Appearance (optionally after a License it depends on).
import * as pulumi from "@pulumi/pulumi";
import * as coderd from "pulumi-coderd";

interface Params {
  license?: string;
  appearance?: coderd.AppearanceArgs;
}

const params: Params = JSON.parse(process.env.PULUMI_CODERD_TEST_PARAMS ?? "{}");
const license = params.license ? new coderd.License("license", { license: params.license }) : undefined;

const outputs: Record<string, pulumi.Output<unknown>> = {};
if (params.appearance) {
  const a = new coderd.Appearance(
    "branding",
    params.appearance,
    license ? { dependsOn: license } : undefined,
  );
  outputs.appearance = pulumi
    .all([a.id, a.applicationName, a.logoUrl, a.announcementBanners])
    .apply(([id, applicationName, logoUrl, announcementBanners]) => ({
      id,
      applicationName,
      logoUrl,
      announcementBanners,
    }));
}
export = outputs;
