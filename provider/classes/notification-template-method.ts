// The NotificationTemplateMethod class a Pulumi program constructs. It needs only @pulumi/pulumi and the shim, so
// `require("pulumi-coderd")` in a program loads no validation or HTTP code; the implementation
// (../resources/notification-template-method.ts) is loaded by the shim inside the dynamic-provider host, on first use.
import * as pulumi from "@pulumi/pulumi";
import { resourceOptions } from "../dynamic/resource-options";
import type {
  NotificationMethod,
  NotificationTemplateMethodArgs,
} from "../resources/notification-template-method";
// The provider object is a module of its own, so Pulumi serializes it as a `require` of it.
import * as notificationMethodShim from "../shims/notification-template-method";

// The arguments are declared next to the implementation that validates them.
export type {
  NotificationMethod,
  NotificationTemplateMethodArgs,
} from "../resources/notification-template-method";

/**
 * The delivery method of one notification template (`smtp`, `webhook` or `inbox`). No license
 * feature needed. Destroying it sets the template to the deployment's default method (Coder has
 * no way to un-set a template's method; see docs/notification-template-method.md).
 *
 * ```ts
 * const deleted = coderd.getNotificationTemplate({ name: "Workspace Deleted" });
 * new coderd.NotificationTemplateMethod("deleted-via-webhook", { templateId: deleted.then((t) => t.id), method: "webhook" });
 * ```
 */
export class NotificationTemplateMethod extends pulumi.dynamic.Resource {
  declare readonly templateId: pulumi.Output<string>;
  declare readonly method: pulumi.Output<NotificationMethod>;
  /** The template's name, e.g. `Workspace Deleted`. */
  declare readonly templateName: pulumi.Output<string>;
  /** `system` (Coder's built-in templates) or `custom`. */
  declare readonly kind: pulumi.Output<"system" | "custom">;

  constructor(name: string, args: NotificationTemplateMethodArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      notificationMethodShim,
      name,
      { ...args, kind: undefined, templateName: undefined },
      resourceOptions(opts),
      "coderd",
      "NotificationTemplateMethod",
    );
  }
}
