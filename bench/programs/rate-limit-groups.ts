// Bench program (bench/rate-limit.ts): N plain groups, every create a POST to the same path, so
// Coder's per-path rate limiter decides how fast `pulumi up` can go.
import * as coderd from "pulumi-coderd";

interface Params {
  n?: number;
  /** Group name prefix. */
  prefix?: string;
}

const params: Params = JSON.parse(process.env.PULUMI_CODERD_TEST_PARAMS ?? "{}");
for (let i = 0; i < (params.n ?? 0); i++) {
  new coderd.Group(`g${i}`, { name: `${params.prefix ?? "rl-"}${i}` });
}
export const groups = params.n ?? 0;
