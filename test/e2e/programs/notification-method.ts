// E2E program: NotificationTemplateMethods, each template found by name with getNotificationTemplate
// (or given by id), plus getEntitlements to show a program branching on the license.
import * as pulumi from "@pulumi/pulumi";
import * as coderd from "pulumi-coderd";

interface Params {
  methods?: Array<{ resource: string; templateName?: string; templateId?: string; method: string }>;
}

const params: Params = JSON.parse(process.env.PULUMI_CODERD_TEST_PARAMS ?? "{}");
const outputs: Record<string, pulumi.Output<unknown>> = {};
for (const { resource, templateName, templateId, method } of params.methods ?? []) {
  const id = templateName
    ? coderd.getNotificationTemplate({ name: templateName }).then((t) => t.id)
    : (templateId ?? "");
  const m = new coderd.NotificationTemplateMethod(resource, {
    templateId: id,
    method: method as coderd.NotificationMethod,
  });
  outputs[resource] = pulumi
    .all([m.id, m.templateName, m.kind, m.method])
    .apply(([mid, name, kind, value]) => ({ id: mid, name, kind, method: value }));
}
outputs.entitled = pulumi.output(coderd.getEntitlements().then((e) => e.entitledFeatures));
export = outputs;
