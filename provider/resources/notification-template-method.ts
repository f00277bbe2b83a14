import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod/v3";
import type { CoderClient, NotificationTemplate } from "../client";
import type { NotificationMethod } from "../client/schemas/entities";
import { defineResourceProvider } from "../dynamic/define-provider";
import { uuid } from "../dynamic/validation";

// The provider object is a module of its own, so Pulumi serializes it as a `require` of it.

export type { NotificationMethod };

/** Arguments of a {@link NotificationTemplateMethod}. */
export interface NotificationTemplateMethodArgs {
  /**
   * The notification template (a UUID). To use its name, look it up with
   * `coderd.getNotificationTemplate({ name: "Workspace Deleted" })`. Changing it replaces the resource.
   */
  templateId: pulumi.Input<string>;
  /** How notifications of this template are delivered: `smtp` (email), `webhook` or `inbox` (Coder's in-app inbox). */
  method: pulumi.Input<NotificationMethod>;
}

interface MethodInputs {
  templateId: string;
  method: NotificationMethod;
  /** Filled in at check from Coder's template list: where to read the template back. */
  kind?: "system" | "custom";
  /** Filled in at check: the template's name, for messages and outputs. */
  templateName?: string;
}

interface MethodOutputs extends MethodInputs {
  kind: "system" | "custom";
  templateName: string;
}

const methodInputs = z.object({
  templateId: uuid("templateId").transform((s) => s.toLowerCase()),
  method: z.enum(["smtp", "webhook", "inbox"], { message: 'must be "smtp", "webhook" or "inbox"' }),
  kind: z.enum(["system", "custom"]).optional(),
  templateName: z.string().optional(),
});

/** Finds a template in the system list, then in the custom list (one GET when it is a system one). */
async function findTemplate(
  client: CoderClient,
  id: string,
  kind?: string,
): Promise<NotificationTemplate | undefined> {
  const kinds: Array<"system" | "custom"> =
    kind === "custom" ? ["custom"] : kind === "system" ? ["system"] : ["system", "custom"];
  for (const k of kinds) {
    const found = (await client.listNotificationTemplates(k)).find((t) => t.id === id);
    if (found) return found;
  }
  return undefined;
}

/**
 * The provider implementation, loaded by package path inside the dynamic-provider host.
 *
 * @internal
 */
export const notificationTemplateMethodProvider = defineResourceProvider<MethodInputs, MethodOutputs>({
  typeName: "NotificationTemplateMethod",
  inputs: methodInputs as unknown as z.ZodType<MethodInputs>,
  // kind and templateName (filled in at check) are listed so refresh hands them back with the inputs.
  inputKeys: ["templateId", "method", "kind", "templateName"],
  replaceOn: ["templateId"],
  // No license feature: Coder does not gate the method route (it exists in the enterprise binary).
  async resolveDefaults(ctx, inputs, olds) {
    // The template's kind and name only change with the template: looked up once, at creation.
    if (olds.templateId === inputs.templateId && olds.kind && olds.templateName !== undefined) {
      return { ...inputs, kind: olds.kind, templateName: olds.templateName };
    }
    const t = await findTemplate(ctx.client, inputs.templateId);
    if (!t) return { ...inputs, kind: undefined, templateName: undefined };
    return { ...inputs, kind: t.kind === "custom" ? "custom" : "system", templateName: t.name };
  },
  async validateRemote(_ctx, inputs) {
    if (inputs.kind) return [];
    return [
      {
        property: "templateId",
        reason:
          `no notification template with id ${inputs.templateId} (neither a system nor a custom one); ` +
          'find ids by name with coderd.getNotificationTemplate({ name: "Workspace Deleted" })',
      },
    ];
  },
  async create(ctx, inputs) {
    // One PUT (304 = already so). Every template always has a method setting: declaring it here
    // takes it over, whatever it was.
    await ctx.client.setNotificationTemplateMethod(inputs.templateId, inputs.method);
    return { id: inputs.templateId, outs: outputs(inputs) };
  },
  async read(ctx, id, olds) {
    const t = await findTemplate(ctx.client, id, olds.kind);
    if (!t) return undefined;
    // "" = the template follows the deployment default: not what this resource declared, so it
    // shows as drift ("" ≠ method) and `pulumi up` sets the method again.
    return outputs({
      templateId: id,
      method: t.method as NotificationMethod,
      kind: t.kind === "custom" ? "custom" : "system",
      templateName: t.name,
    });
  },
  async update(ctx, id, _olds, news) {
    await ctx.client.setNotificationTemplateMethod(id, news.method);
    return outputs({ ...news, templateId: id });
  },
  async delete(ctx, id) {
    // Coder cannot set a template back to "use the deployment default" (it rejects ""). Leaving
    // the declared method in place would keep e.g. webhook delivery after the declaration is gone,
    // so destroy sets the deployment's current default method (GET /notifications/dispatch-methods)
    // instead: delivery is then as if the template had never been changed, until the deployment's
    // default method itself changes (the template stays pinned to the old default).
    const { default: deploymentDefault } = await ctx.client.getNotificationDispatchMethods();
    if (deploymentDefault === "smtp" || deploymentDefault === "webhook" || deploymentDefault === "inbox") {
      await ctx.client.setNotificationTemplateMethod(id, deploymentDefault);
    }
  },
});

function outputs(i: MethodInputs): MethodOutputs {
  return {
    templateId: i.templateId,
    method: i.method,
    kind: i.kind ?? "system",
    templateName: i.templateName ?? "",
  };
}
