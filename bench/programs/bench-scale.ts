// Bench program (bench/run.ts): N groups with members plus one TemplateAcl granting all of them
// (mode "groups"), or the same shape of N + 1 no-op dynamic resources that make no HTTP calls
// (mode "noop", the control).
import * as pulumi from "@pulumi/pulumi";

interface Params {
  mode?: "groups" | "noop";
  n?: number;
  /** User ids members are drawn from (groups get 2 or 3 of them, round-robin). */
  users?: string[];
  templateId?: string;
  /** Group name prefix, unique per run so a failed run's leftovers cannot collide. */
  prefix?: string;
}

const params: Params = JSON.parse(process.env.PULUMI_CODERD_TEST_PARAMS ?? "{}");
const n = params.n ?? 0;
const outputs: Record<string, pulumi.Output<unknown>> = {};

if (params.mode === "groups" && n > 0) {
  // Loaded only in this mode, so the control run never loads the package.
  const coderd: typeof import("pulumi-coderd") = require("pulumi-coderd");
  const users = params.users ?? [];
  const ids: pulumi.Output<string>[] = [];
  for (let i = 0; i < n; i++) {
    const size = 2 + (i % 2);
    const members = Array.from({ length: size }, (_, k) => users[(i * 3 + k) % users.length]!);
    const g = new coderd.Group(`g${i}`, {
      name: `${params.prefix ?? "bench-"}${i}`,
      quotaAllowance: i % 7,
      members,
    });
    ids.push(g.id);
  }
  const acl = new coderd.TemplateAcl("acl", {
    templateId: params.templateId!,
    everyone: "use",
    groups: pulumi.all(ids).apply((all) => Object.fromEntries(all.map((id) => [id, "use" as const]))),
  });
  outputs.groups = pulumi.output(n);
  outputs.aclGroups = acl.groups.apply((g) => Object.keys(g).length);
} else if (params.mode === "noop" && n > 0) {
  // No HTTP, no pulumi-coderd: create returns an id, read returns the state as is.
  const noopProvider: pulumi.dynamic.ResourceProvider = {
    async create(inputs: any) {
      return { id: `noop-${inputs.name}`, outs: inputs };
    },
    async read(id: string, props: any) {
      return { id, props };
    },
    async diff(_id: string, olds: any, news: any) {
      return { changes: olds.name !== news.name };
    },
    async update(_id: string, _olds: any, news: any) {
      return { outs: news };
    },
    async delete() {},
  };
  class Noop extends pulumi.dynamic.Resource {
    constructor(name: string, props: Record<string, pulumi.Input<unknown>>) {
      super(noopProvider, name, props, {}, "bench", "Noop");
    }
  }
  const ids: pulumi.Output<string>[] = [];
  for (let i = 0; i < n; i++) {
    const size = 2 + (i % 2);
    const members = Array.from({ length: size }, (_, k) => `user-${(i * 3 + k) % 16}`);
    ids.push(new Noop(`g${i}`, { name: `bench-${i}`, quotaAllowance: i % 7, members }).id);
  }
  const agg = new Noop("acl", {
    name: "acl",
    groups: pulumi.all(ids).apply((all) => Object.fromEntries(all.map((id) => [id, "use"]))),
  });
  outputs.groups = pulumi.output(n);
  outputs.aclGroups = agg.id;
}
export = outputs;
