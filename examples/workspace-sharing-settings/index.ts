import * as coderd from "pulumi-coderd";

// The default organization (coderd:organization, else your first one): only workspaces owned by
// service accounts may be shared. WARNING: switching to "service_accounts" or "none" makes Coder
// delete the existing shares of other workspaces; switching back does not restore them.
new coderd.WorkspaceSharingSettings("default-org", { shareableWorkspaceOwners: "service_accounts" });

// Another organization: no sharing at all.
const research = coderd.getOrganization({ name: "research" });
new coderd.WorkspaceSharingSettings("research", {
  organizationId: research.then((o) => o.id),
  shareableWorkspaceOwners: "none",
});
