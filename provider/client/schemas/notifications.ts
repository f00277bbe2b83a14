export type { NotificationMethod } from "./entities";

import type { NotificationTemplate } from "./entities";

export type { NotificationTemplate } from "./entities";

import { z } from "zod/v3";
import { bool, str, strList, type WireSchema } from "./common";

export const NotificationTemplateSchema: WireSchema<NotificationTemplate> = z
  .object({ id: z.string(), name: str, group: str, method: str, kind: str, enabled_by_default: bool })
  .transform((o) => ({
    id: o.id.toLowerCase(),
    name: o.name,
    group: o.group,
    method: o.method,
    kind: o.kind,
    enabledByDefault: o.enabled_by_default,
  }));

/** GET /notifications/dispatch-methods. */
export interface NotificationDispatchMethods {
  available: string[];
  default: string;
}

export const NotificationDispatchMethodsSchema: WireSchema<NotificationDispatchMethods> = z
  .object({ available: strList, default: str })
  .transform((o) => ({ available: o.available, default: o.default }));
