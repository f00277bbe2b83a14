/**
 * pulumi-coderd: Pulumi dynamic resources that administer Coder (coder.com) Enterprise deployments.
 *
 * Configure with stack config `coderd:url`, `coderd:token` (secret) and optionally
 * `coderd:organization`, or the env vars `CODER_URL`, `CODER_SESSION_TOKEN`, `CODER_ORGANIZATION`.
 */
export { Group, type GroupArgs } from "./resources/group";
export { License, type LicenseArgs } from "./resources/license";
