// A trivial dynamic resource with no pulumi-coderd code in it: proves program → engine →
// dynamic-provider host → Coder API over HTTP, including `configure` and refresh.
import * as pulumi from "@pulumi/pulumi";

interface BuildInfoOuts {
  url: string;
  label: string;
  version: string;
}

// Credentials come from configure() at run time, never from the closure.
const buildInfoProvider: pulumi.dynamic.ResourceProvider & { url?: string } = {
  async configure(req: pulumi.dynamic.ConfigureRequest) {
    (this as any).url = req.config.get("coderd:url");
  },
  async create(inputs: any) {
    const version = await fetchVersion((this as any).url);
    return { id: `buildinfo-${inputs.label}`, outs: { label: inputs.label, version } };
  },
  async read(id: string, props: any) {
    const version = await fetchVersion((this as any).url);
    return { id, props: { ...props, version }, inputs: { label: props.label } };
  },
  async diff(_id: string, olds: any, news: any) {
    return { changes: olds.label !== news.label, replaces: olds.label !== news.label ? ["label"] : [] };
  },
  async delete() {},
};

async function fetchVersion(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v2/buildinfo`);
  if (!res.ok) throw new Error(`buildinfo: HTTP ${res.status}`);
  return ((await res.json()) as { version: string }).version;
}

class BuildInfo extends pulumi.dynamic.Resource {
  declare readonly version: pulumi.Output<string>;
  constructor(name: string, label: string) {
    super(buildInfoProvider, name, { label, version: undefined }, {}, "e2e", "BuildInfo");
  }
}

const params = JSON.parse(process.env.PULUMI_CODERD_TEST_PARAMS ?? "{}");
const info = new BuildInfo("info", params.label ?? "first");
export const version = info.version;
export type { BuildInfoOuts };
