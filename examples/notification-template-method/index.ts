import * as coderd from "pulumi-coderd";

// Templates are found by name; the resource takes the id.
const deleted = coderd.getNotificationTemplate({ name: "Workspace Deleted" });
const autobuildFailed = coderd.getNotificationTemplate({ name: "Workspace Autobuild Failed" });

// Deletions go to the team's webhook; failed autobuilds land in Coder's inbox.
new coderd.NotificationTemplateMethod("deleted", {
  templateId: deleted.then((t) => t.id),
  method: "webhook",
});
new coderd.NotificationTemplateMethod("autobuild-failed", {
  templateId: autobuildFailed.then((t) => t.id),
  method: "inbox",
});
// Destroying one sets the template to the deployment's default method (CODER_NOTIFICATIONS_METHOD):
// Coder has no way to un-set a template's method.
