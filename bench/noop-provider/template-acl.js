// The control's TemplateAcl: the same input and output properties as pulumi-coderd's TemplateAcl
// (see group.js).
const { noopProvider } = require("./noop");

module.exports = noopProvider(
  ["templateId", "organizationId", "users", "groups", "everyone"],
  { organizationId: "00000000-0000-4000-8000-0000000000aa", users: {}, groups: {}, everyone: "use" },
  () => ({ aclBeforeTakeover: { everyone: "use", groups: {}, users: {} } }),
);
