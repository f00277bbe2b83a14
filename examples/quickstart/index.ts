// Quickstart: one of every pulumi-coderd resource, against a Coder deployment (or the bundled
// emulator: `npm run demo`). Configure with:
//   pulumi config set coderd:url https://coder.example.com
//   pulumi config set --secret coderd:token <session token>
//   pulumi config set --secret licenseJwt <license JWT>
import * as pulumi from "@pulumi/pulumi";
import * as coderd from "pulumi-coderd";

const config = new pulumi.Config();
// `pulumi config set adopt true` takes over groups and the proxy that already exist by name, e.g.
// after an interrupted `pulumi up` (see docs/recovery.md). It changes nothing once they are managed.
const adopt = config.getBoolean("adopt") ?? false;

// 1. The license comes first: everything else below needs Enterprise features.
const license = new coderd.License("enterprise", { license: config.requireSecret("licenseJwt") });
const licensed = { dependsOn: [license] };

// 2. People are found by name; the API wants ids.
const alice = coderd.getUser({ username: "alice" });
const bob = coderd.getUser({ username: "bob" });
const docker = coderd.getTemplate({ name: "docker" });

// 3. Groups with members.
const platform = new coderd.Group(
  "platform",
  {
    name: "platform",
    displayName: "Platform Engineering",
    quotaAllowance: 20,
    members: [alice.then((u) => u.id), bob.then((u) => u.id)],
    adopt,
  },
  licensed,
);
const contractors = new coderd.Group("contractors", { name: "contractors", members: [], adopt }, licensed);

// 4. A provisioner key for external provisioner daemons (e.g. in Kubernetes).
const k8sKey = new coderd.ProvisionerKey("k8s", { name: "k8s-eu", tags: { region: "eu" } }, licensed);

// 5. A workspace proxy for users in Europe.
const euProxy = new coderd.WorkspaceProxy(
  "eu",
  { name: "eu-west", displayName: "EU West", icon: "/emojis/1f1ea-1f1fa.png", adopt },
  licensed,
);

// 6. Coder as an OAuth2 provider for Grafana, with a client secret. Coder v2.30 serves OAuth2 apps
//    only with the `oauth2` experiment enabled on the server (CODER_EXPERIMENTS=oauth2); `npm run demo`
//    starts its emulator that way, and preview says so when a real deployment has it off.
const grafana = new coderd.OAuth2App("grafana", {
  name: "grafana",
  callbackUrl: "https://grafana.example.com/login/generic_oauth",
});
const grafanaSecret = new coderd.OAuth2AppSecret("grafana", { appId: grafana.id });

// 7. IdP group sync: the IdP's "engineering" group lands in the platform group.
new coderd.IdpSyncSettings(
  "group-sync",
  {
    kind: "group",
    field: "groups",
    mapping: { engineering: [platform.id] },
    autoCreateMissingGroups: false,
  },
  licensed,
);

// 8. Who may use and administer the docker template. Declared entries are the whole ACL.
new coderd.TemplateAcl(
  "docker",
  {
    templateId: docker.then((t) => t.id),
    // Map keys must be known strings, so build the map inside apply().
    groups: platform.id.apply((id) => ({ [id]: "admin" as const })),
    users: {},
  },
  licensed,
);

// 9. The deployment's branding and an announcement banner (needs the license's `appearance`).
new coderd.Appearance(
  "branding",
  {
    applicationName: "Acme Dev",
    announcementBanners: [{ message: "Maintenance window: Fridays 18:00 UTC", backgroundColor: "#004852" }],
  },
  licensed,
);

// 10. Only service accounts' workspaces may be shared in the default organization. (Setting this
// to "none" or "service_accounts" makes Coder delete existing shares of other workspaces.)
new coderd.WorkspaceSharingSettings("sharing", { shareableWorkspaceOwners: "service_accounts" });

export const platformGroupId = platform.id;
export const contractorsGroupId = contractors.id;
export const provisionerKey = k8sKey.key; // secret
export const proxyToken = euProxy.proxyToken; // secret
export const grafanaClientId = grafana.clientId;
export const grafanaClientSecret = grafanaSecret.clientSecret; // secret
export const licenseExpires = license.expiresAt;
