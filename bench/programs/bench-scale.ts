// Bench program (bench/run.ts): N groups with members plus one TemplateAcl granting all of them
// (mode "groups"), or N + 1 no-op dynamic resources of the same shape (same properties) that make
// no HTTP calls (mode "noop", the control).
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
  // The control: the cheapest provider for resources of the same shape, i.e. the same input and
  // output properties as Group and TemplateAcl, packaged like pulumi-coderd (a `require` of an
  // installed module in `__provider`), but with no validation and no HTTP. The shape matters:
  // for every property the Pulumi SDK makes four promises in the program (each capturing a stack
  // trace) and the engine and host (de)serialize it on every call; and with the file backend the
  // engine writes the whole state after every step. A control with fewer properties or a bigger
  // `__provider` would charge that SDK and engine cost to pulumi-coderd, or to the control.
  // bench/run.ts installs bench/noop-provider as `coderd-bench-noop` next to pulumi-coderd.
  const groupProvider = require("coderd-bench-noop/group");
  const aclProvider = require("coderd-bench-noop/template-acl");
  class NoopGroup extends pulumi.dynamic.Resource {
    constructor(name: string, props: Record<string, pulumi.Input<unknown>>) {
      const shape = {
        organizationId: undefined,
        displayName: undefined,
        avatarUrl: undefined,
        adopt: undefined,
      };
      super(
        groupProvider,
        name,
        { ...shape, ...props, source: undefined, totalMemberCount: undefined },
        {},
        "bench",
        "NoopGroup",
      );
    }
  }
  class NoopAcl extends pulumi.dynamic.Resource {
    declare readonly groups: pulumi.Output<Record<string, string>>;
    constructor(name: string, props: Record<string, pulumi.Input<unknown>>) {
      const shape = { users: undefined, groups: undefined, everyone: undefined };
      super(
        aclProvider,
        name,
        { ...shape, ...props, organizationId: undefined, aclBeforeTakeover: undefined },
        {},
        "bench",
        "NoopAcl",
      );
    }
  }
  const users = Array.from(
    { length: 16 },
    (_, k) => `00000000-0000-4000-8000-${String(k).padStart(12, "0")}`,
  );
  const ids: pulumi.Output<string>[] = [];
  for (let i = 0; i < n; i++) {
    const size = 2 + (i % 2);
    const members = Array.from({ length: size }, (_, k) => users[(i * 3 + k) % users.length]!);
    ids.push(new NoopGroup(`g${i}`, { name: `bench-${i}`, quotaAllowance: i % 7, members }).id);
  }
  const acl = new NoopAcl("acl", {
    templateId: params.templateId ?? "00000000-0000-4000-8000-0000000000bb",
    everyone: "use",
    groups: pulumi.all(ids).apply((all) => Object.fromEntries(all.map((id) => [id, "use"]))),
  });
  outputs.groups = pulumi.output(n);
  outputs.aclGroups = acl.groups.apply((g) => Object.keys(g).length);
}
export = outputs;
