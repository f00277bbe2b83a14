import * as coderd from "pulumi-coderd";

const eng = new coderd.Group("eng", { name: "eng" });
const research = coderd.getOrganization({ name: "research" });

// Group sync for the default organization: IdP "okta-eng" lands in the eng group.
new coderd.IdpSyncSettings("group-sync", {
  kind: "group",
  field: "groups",
  mapping: { "okta-eng": [eng.id] },
  regexFilter: "^okta-.*$", // Go RE2 syntax, checked at preview
  autoCreateMissingGroups: false,
});

// Role sync: IdP "coder-admins" get the organization-admin role.
new coderd.IdpSyncSettings("role-sync", {
  kind: "role",
  field: "roles",
  mapping: { "coder-admins": ["organization-admin"] },
});

// Organization sync for the deployment: IdP "research" users join the research organization.
new coderd.IdpSyncSettings("org-sync", {
  kind: "organization",
  field: "department",
  mapping: { research: [research.then((o) => o.id)] },
  assignDefault: true,
});
