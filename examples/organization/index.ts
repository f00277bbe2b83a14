import * as coderd from "pulumi-coderd";

// An organization (Enterprise: multiple_organizations). Display name defaults to the name.
const research = new coderd.Organization("research-lab", {
  name: "research-lab",
  displayName: "Research Lab",
  description: "Experiments and notebooks",
});

// A user who signs in with the IdP: no password. Deleted on destroy (suspendOnDestroy: false).
const dana = new coderd.User("dana", {
  username: "dana",
  email: "dana@example.com",
  name: "Dana Scully",
  loginType: "oidc",
  siteRoles: ["auditor"],
});

// Dana's membership of the organization, with organization roles.
new coderd.OrganizationMember("dana-research", {
  organizationId: research.id,
  userId: dana.id,
  roles: ["organization-admin", "organization-auditor"],
});

// Take over an organization that already exists, instead of failing with 409.
export const legacy = new coderd.Organization("legacy", { name: "legacy", adopt: true }).id;
export const organizationId = research.id;
export const userId = dana.id;
