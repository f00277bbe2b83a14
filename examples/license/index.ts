import * as pulumi from "@pulumi/pulumi";
import * as coderd from "pulumi-coderd";

// pulumi config set --secret licenseJwt <JWT from Coder>
const config = new pulumi.Config();
const license = new coderd.License("enterprise", { license: config.requireSecret("licenseJwt") });

// Licensed resources list the License in dependsOn, so one `pulumi up` works on a fresh deployment.
new coderd.Group("eng", { name: "eng" }, { dependsOn: [license] });

export const expiresAt = license.expiresAt;
export const features = license.features;
