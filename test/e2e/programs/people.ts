// E2E program: Organizations, Users and OrganizationMembers, driven by test parameters. Members can
// refer to an Organization/User of the same program by resource name (`org`, `user`), so outputs
// feed inputs as in a real program.
import * as pulumi from "@pulumi/pulumi";
import * as coderd from "pulumi-coderd";

interface Params {
  organizations?: Array<{ resource: string } & coderd.OrganizationArgs>;
  users?: Array<{ resource: string } & coderd.UserArgs>;
  members?: Array<{ resource: string; org?: string; user?: string } & Partial<coderd.OrganizationMemberArgs>>;
}

const params: Params = JSON.parse(process.env.PULUMI_CODERD_TEST_PARAMS ?? "{}");
const outputs: Record<string, pulumi.Output<unknown>> = {};

const orgs: Record<string, coderd.Organization> = {};
for (const { resource, ...args } of params.organizations ?? []) {
  const o = new coderd.Organization(resource, args);
  orgs[resource] = o;
  outputs[resource] = pulumi
    .all([o.id, o.name, o.displayName, o.description, o.icon, o.isDefault])
    .apply(([id, name, displayName, description, icon, isDefault]) => ({
      id,
      name,
      displayName,
      description,
      icon,
      isDefault,
    }));
}

const users: Record<string, coderd.User> = {};
for (const { resource, ...args } of params.users ?? []) {
  const u = new coderd.User(resource, args);
  users[resource] = u;
  outputs[resource] = pulumi
    .all([u.id, u.username, u.status, u.suspended, u.siteRoles, u.organizationIds])
    .apply(([id, username, status, suspended, siteRoles, organizationIds]) => ({
      id,
      username,
      status,
      suspended,
      siteRoles,
      organizationIds,
    }));
}

for (const { resource, org, user, ...args } of params.members ?? []) {
  const m = new coderd.OrganizationMember(resource, {
    ...args,
    organizationId: org ? orgs[org]!.id : args.organizationId,
    userId: user ? users[user]!.id : args.userId!,
  });
  outputs[resource] = pulumi
    .all([m.id, m.roles, m.username])
    .apply(([id, roles, username]) => ({ id, roles, username }));
}

export = outputs;
