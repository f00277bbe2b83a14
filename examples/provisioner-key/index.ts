import * as coderd from "pulumi-coderd";

// The key is shown once by Coder; Pulumi keeps it (encrypted) in state for your daemons.
const key = new coderd.ProvisionerKey("k8s-eu", { name: "k8s-eu", tags: { region: "eu", cluster: "prod" } });

export const provisionerKey = key.key; // secret: `pulumi stack output provisionerKey --show-secrets`
