// A new Coder deployment set up from nothing: the license, an organization, its people and their
// roles, groups made of those people and the IdP group sync that maps onto them. Every reference
// is an output of another resource: no lookups, nothing created by hand first. Configure with:
//   pulumi config set coderd:url https://coder.example.com
//   pulumi config set --secret coderd:token <an owner's session token>
//   pulumi config set --secret licenseJwt <license JWT>          (optional if already licensed)
//   pulumi config set --secret initialPassword <password for the password users>
import * as pulumi from "@pulumi/pulumi";
import * as coderd from "pulumi-coderd";

const config = new pulumi.Config();

// 1. The license first: organizations and groups are Enterprise features. With a License in
//    dependsOn, one `pulumi up` works on a deployment that has no license yet.
const jwt = config.getSecret("licenseJwt");
const license = jwt ? new coderd.License("enterprise", { license: jwt }) : undefined;
const licensed = license ? { dependsOn: [license] } : undefined;

// 2. The organization. Coder adds the token's user to it and creates its Everyone group.
const platform = new coderd.Organization(
  "platform",
  {
    name: "platform",
    displayName: "Platform Engineering",
    description: "Teams building the internal developer platform",
    icon: "/emojis/1f3d7.png",
  },
  licensed,
);

// 3. People. SSO users need no password; a password user's password is a secret in state.
const amara = new coderd.User("amara", {
  username: "amara",
  email: "amara@example.com",
  name: "Amara Okafor",
  loginType: "oidc",
  siteRoles: ["template-admin"],
});
const bruno = new coderd.User("bruno", {
  username: "bruno",
  email: "bruno@example.com",
  name: "Bruno Diaz",
  loginType: "password",
  password: config.requireSecret("initialPassword"),
});
const chen = new coderd.User("chen", {
  username: "chen",
  email: "chen@example.com",
  loginType: "github",
  // Chen may own workspaces by the time this stack is destroyed: suspend her rather than delete.
  suspendOnDestroy: true,
});

// 4. Their places in the organization, with organization roles (authoritative per member).
const amaraInPlatform = new coderd.OrganizationMember("amara-platform", {
  organizationId: platform.id,
  userId: amara.id,
  roles: ["organization-admin"],
});
const brunoInPlatform = new coderd.OrganizationMember("bruno-platform", {
  organizationId: platform.id,
  userId: bruno.id,
  roles: ["organization-template-admin"],
});
const chenInPlatform = new coderd.OrganizationMember("chen-platform", {
  organizationId: platform.id,
  userId: chen.id,
});

// 5. Groups of those members. Using the memberships' userId outputs (not the users' ids) makes
//    each group wait until its members belong to the organization.
const builders = new coderd.Group(
  "builders",
  {
    organizationId: platform.id,
    name: "builders",
    displayName: "Builders",
    quotaAllowance: 10,
    members: [brunoInPlatform.userId, chenInPlatform.userId],
  },
  licensed,
);
const leads = new coderd.Group(
  "leads",
  { organizationId: platform.id, name: "leads", members: [amaraInPlatform.userId] },
  licensed,
);

// 6. IdP group sync for the organization: users signing in through OIDC land in these groups.
new coderd.IdpSyncSettings(
  "platform-group-sync",
  {
    kind: "group",
    organizationId: platform.id,
    field: "groups",
    mapping: { "idp-platform-builders": [builders.id], "idp-platform-leads": [leads.id] },
  },
  licensed,
);

export const organizationId = platform.id;
export const userIds = { amara: amara.id, bruno: bruno.id, chen: chen.id };
export const groupIds = { builders: builders.id, leads: leads.id };
