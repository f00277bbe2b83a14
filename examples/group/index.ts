import * as coderd from "pulumi-coderd";

const alice = coderd.getUser({ username: "alice" });
const bob = coderd.getUser({ username: "bob" });

// Membership managed by Pulumi: anyone added by hand is removed on the next `pulumi up --refresh`.
export const platform = new coderd.Group("platform", {
  name: "platform",
  displayName: "Platform Engineering",
  quotaAllowance: 20,
  members: [alice.then((u) => u.id), bob.then((u) => u.id)],
}).id;

// Membership not managed (members omitted): e.g. filled by IdP group sync.
export const sre = new coderd.Group("sre", { name: "sre", displayName: "SRE" }).id;

// Take over a group that already exists, instead of failing with 409.
export const legacy = new coderd.Group("legacy", { name: "legacy-admins", adopt: true }).id;

// The organization's built-in Everyone group: only avatar and quota can be managed.
new coderd.Group("everyone", { name: "Everyone", quotaAllowance: 2, adopt: true });
