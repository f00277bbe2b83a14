// The control's Group: the same input and output properties as pulumi-coderd's Group. Like
// pulumi-coderd's shims, this module's exports are the provider's methods, so Pulumi stores a
// `require` of it in each resource's `__provider` (the same state size as ours).
const { noopProvider } = require("./noop");

module.exports = noopProvider(
  ["organizationId", "name", "displayName", "avatarUrl", "quotaAllowance", "members", "adopt"],
  {
    organizationId: "00000000-0000-4000-8000-0000000000aa",
    displayName: "",
    avatarUrl: "",
    quotaAllowance: 0,
    adopt: false,
  },
  (inputs) => ({ source: "user", totalMemberCount: (inputs.members ?? []).length }),
);
