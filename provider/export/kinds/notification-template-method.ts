// Delivery methods of notification templates (system and custom). Every template always has a
// method setting, so the resource takes it over on create (one PUT, which Coder answers 304 when
// the method is already that one). Templates that follow the deployment's default method (method
// "") are left out: Coder cannot set a template back to "default", so declaring them would pin
// them. Templates are referenced with getNotificationTemplate by name, not by id.

import type { ResourceExporter } from "../model";
import { camelIdentifier } from "../source";

export const notificationTemplateMethodExporter: ResourceExporter = {
  kind: "NotificationTemplateMethod",
  async export(ctx) {
    let following = 0;
    for (const kind of ["system", "custom"] as const) {
      for (const t of await ctx.client.listNotificationTemplates(kind)) {
        if (t.method === "") {
          following++;
          continue;
        }
        ctx.declare({
          variable: ctx.variable(
            camelIdentifier(t.name, "method"),
            camelIdentifier(t.name, "notification", "method"),
          ),
          type: "NotificationTemplateMethod",
          name: ctx.resourceName(
            "NotificationTemplateMethod",
            t.name
              .toLowerCase()
              .replace(/[^a-z0-9]+/g, "-")
              .replace(/^-|-$/g, ""),
          ),
          args: {
            templateId: ctx.ref(t.id, { kind: "notificationTemplate", name: t.name }),
            method: t.method as "smtp" | "webhook" | "inbox",
          },
        });
        ctx.note({
          section: "first-up-writes",
          object: `NotificationTemplateMethod "${t.name}"`,
          text: "one `PUT /api/v2/notifications/templates/{id}/method` with the method it already has (Coder answers 304, nothing changes).",
        });
      }
    }
    if (following > 0) {
      ctx.note({
        section: "defaults-left-out",
        object: "Notification templates",
        text: `${following} template${following === 1 ? "" : "s"} follow the deployment's default delivery method; they are not declared (Coder cannot set a template back to the default once pinned).`,
      });
    }
  },
};
