// The system notification templates the emulator ships with. Ids, names and groups are Coder's own
// (coderd/notifications/events.go and the notification_templates migrations), so programs written
// against the emulator work unchanged on a real deployment. Every method starts NULL ("use the
// deployment default"), as in a fresh database.

import type { NotificationTemplateRecord } from "./records";

const WORKSPACE_EVENTS = "Workspace Events";

const SYSTEM_TEMPLATES: Array<[id: string, name: string, group: string, title: string]> = [
  [
    "281fdf73-c6d6-4cbb-8ff5-888baf8a2fff",
    "Workspace Created",
    WORKSPACE_EVENTS,
    'Workspace "{{.Labels.workspace}}" has been created',
  ],
  [
    "381df2a9-c0c0-4749-420f-80a9280c66f9",
    "Workspace Autobuild Failed",
    WORKSPACE_EVENTS,
    'Workspace "{{.Labels.name}}" autobuild failed',
  ],
  [
    "0ea69165-ec14-4314-91f1-69566ac3c5a0",
    "Workspace Marked as Dormant",
    WORKSPACE_EVENTS,
    'Workspace "{{.Labels.name}}" marked as dormant',
  ],
  [
    "c34a0c09-0704-4cac-bd1c-0c0146811c2b",
    "Workspace Updated Automatically",
    WORKSPACE_EVENTS,
    'Workspace "{{.Labels.name}}" updated automatically',
  ],
  [
    "f517da0b-cdc9-410f-ab89-a86107c420ed",
    "Workspace Deleted",
    WORKSPACE_EVENTS,
    'Workspace "{{.Labels.name}}" deleted',
  ],
  [
    "d089fe7b-d5c5-4c0c-aaf5-689859f7d392",
    "Workspace Manually Updated",
    WORKSPACE_EVENTS,
    'Workspace "{{.Labels.workspace}}" has been manually updated',
  ],
];

export function seedNotificationTemplates(): Map<string, NotificationTemplateRecord> {
  const out = new Map<string, NotificationTemplateRecord>();
  for (const [id, name, group, title] of SYSTEM_TEMPLATES) {
    out.set(id, {
      id,
      name,
      titleTemplate: title,
      bodyTemplate: "Hi {{.UserName}}",
      actions: "[]",
      group,
      method: null,
      kind: "system",
      enabledByDefault: true,
    });
  }
  return out;
}
