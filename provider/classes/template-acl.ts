// The TemplateAcl class a Pulumi program constructs. It needs only @pulumi/pulumi and the shim, so
// `require("pulumi-coderd")` in a program loads no validation or HTTP code; the implementation
// (../resources/template-acl.ts) is loaded by the shim inside the dynamic-provider host, on first use.
import * as pulumi from "@pulumi/pulumi";
import { licenseDependencyInput, resourceOptions } from "../dynamic/resource-options";
import type { TemplateAclArgs, TemplateAclRole, TemplateAclSnapshot } from "../resources/template-acl";
// The provider object is a module of its own, so Pulumi serializes it as a `require` of it.
import * as templateAclShim from "../shims/template-acl";

// The arguments are declared next to the implementation that validates them.
export type { TemplateAclArgs, TemplateAclRole, TemplateAclSnapshot } from "../resources/template-acl";

/**
 * The access control list of one template (Enterprise: needs the `template_rbac` feature).
 * Authoritative: the declared users, groups and Everyone role are the whole ACL; anything else
 * (including entries added by hand) is removed on update and shows as drift on refresh. Deleting
 * (or replacing) the resource restores the ACL the template had when this resource took it over.
 *
 * ```ts
 * new coderd.TemplateAcl("docker", { templateId: docker.id, everyone: "use",
 *   groups: eng.id.apply((id) => ({ [id]: "admin" as const })) });
 * ```
 */
export class TemplateAcl extends pulumi.dynamic.Resource {
  declare readonly templateId: pulumi.Output<string>;
  /** The template's organization, which is also the id of its Everyone group. */
  declare readonly organizationId: pulumi.Output<string>;
  declare readonly users: pulumi.Output<Record<string, TemplateAclRole>>;
  /** Groups other than Everyone. */
  declare readonly groups: pulumi.Output<Record<string, TemplateAclRole>>;
  declare readonly everyone: pulumi.Output<TemplateAclRole | "none">;
  /** The template's ACL as found at creation: what destroy and replacement restore. */
  declare readonly aclBeforeTakeover: pulumi.Output<TemplateAclSnapshot | undefined>;

  constructor(name: string, args: TemplateAclArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      templateAclShim,
      name,
      {
        users: undefined,
        groups: undefined,
        everyone: undefined,
        ...args,
        ...licenseDependencyInput(opts),
        organizationId: undefined,
        aclBeforeTakeover: undefined,
      },
      resourceOptions(opts),
      "coderd",
      "TemplateAcl",
    );
  }
}
