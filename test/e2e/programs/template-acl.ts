// E2E program: a TemplateAcl, optionally with its user looked up by name, driven by test parameters.
import * as pulumi from "@pulumi/pulumi";
import * as coderd from "pulumi-coderd";

interface Params {
  acl?: coderd.TemplateAclArgs & { templateName?: string; usernames?: Record<string, "admin" | "use"> };
}

const params: Params = JSON.parse(process.env.PULUMI_CODERD_TEST_PARAMS ?? "{}");
const outputs: Record<string, pulumi.Output<unknown>> = {};
if (params.acl) {
  const { templateName, usernames, ...args } = params.acl;
  // Lookups by name: the template and extra users.
  const templateId = templateName
    ? coderd.getTemplate({ name: templateName }).then((t) => t.id)
    : args.templateId;
  const users = Promise.all(
    Object.entries(usernames ?? {}).map(async ([username, role]) => [
      (await coderd.getUser({ username })).id,
      role,
    ]),
  ).then((byName) => ({ ...(args.users as Record<string, "admin" | "use">), ...Object.fromEntries(byName) }));
  const acl = new coderd.TemplateAcl("acl", { ...args, templateId, users });
  outputs.acl = pulumi
    .all([acl.id, acl.users, acl.groups, acl.everyone, acl.organizationId])
    .apply(([id, users, groups, everyone, organizationId]) => ({
      id,
      users,
      groups,
      everyone,
      organizationId,
    }));
}
export = outputs;
