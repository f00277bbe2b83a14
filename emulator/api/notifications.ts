// Notification templates and their dispatch method (coderd/notifications.go and
// enterprise/coderd/notifications.go, semantics-next §3). No license gate. The method cannot be set
// back to NULL ("use the deployment default") through the API: "" is a 400 like any invalid value.
// An unchanged method answers 304 with no body (net/http drops bodies on 304).

import { T } from "../http/godecode";
import { apiError, empty, ok, type Reply, resourceNotFound } from "../http/response";
import type { Mount } from "../http/router";
import type { NotificationTemplateRecord } from "../state/records";
import { isOwner, type RequestContext, readBody } from "./context";
import { apiKey, parseUuidParam } from "./middleware";

const METHODS = ["smtp", "webhook", "inbox"] as const;

const UPDATE_METHOD = T.struct("UpdateNotificationTemplateMethod", { method: T.string });

export function registerNotificationRoutes(api: Mount<RequestContext>): void {
  api.mount("notifications", [apiKey], (m) => {
    m.get("templates/system", (ctx) => listTemplates(ctx, "system"));
    m.get("templates/custom", (ctx) => listTemplates(ctx, "custom"));
    m.get("dispatch-methods", dispatchMethods);
    m.put("templates/:notification_template/method", putTemplateMethod);
  });
}

/** codersdk.NotificationTemplate; a NULL method is "". */
function templateView(t: NotificationTemplateRecord) {
  return {
    id: t.id,
    name: t.name,
    title_template: t.titleTemplate,
    body_template: t.bodyTemplate,
    actions: t.actions,
    group: t.group,
    method: t.method ?? "",
    kind: t.kind,
    enabled_by_default: t.enabledByDefault,
  };
}

/** Any authenticated user may list; ordered by name (queries/notifications.sql). */
function listTemplates(ctx: RequestContext, kind: "system" | "custom"): Reply {
  const rows = [...ctx.store.notificationTemplates.values()]
    .filter((t) => t.kind === kind)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return ok(rows.map(templateView));
}

/** `inbox` is accepted by PUT .../method but never listed here. */
function dispatchMethods(ctx: RequestContext): Reply {
  return ok({ available: ["smtp", "webhook"], default: ctx.store.deploymentOptions.notificationsMethod });
}

/** httpmw.ExtractNotificationTemplateParam: only owners hold notification_template:read, others get 404. */
function notificationTemplateParam(ctx: RequestContext): NotificationTemplateRecord {
  const id = parseUuidParam(ctx, "notification_template");
  const t = ctx.store.notificationTemplates.get(id);
  if (!t || !isOwner(ctx)) throw resourceNotFound();
  return t;
}

function putTemplateMethod(ctx: RequestContext): Reply {
  const template = notificationTemplateParam(ctx);
  const req = readBody<{ method: string }>(ctx, UPDATE_METHOD);
  const method = METHODS.find((m) => m === req.method);
  if (!method) {
    throw apiError(400, "Invalid request to update notification template method", undefined, [
      {
        field: "method",
        detail: `${JSON.stringify(req.method)} is not a valid method; ${METHODS.join(", ")} are the available options`,
      },
    ]);
  }
  if (template.method === method) return empty(304);
  template.method = method;
  return ok({ message: "Successfully updated notification template method." });
}
