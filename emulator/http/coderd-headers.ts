// Headers every coderd v2.30.0 API response carries, whatever the route or status
// (BEHAVIOUR.md "Wire format"): the build version (coderd/coderd.go sets X-Coder-Build-Version for every request),
// `X-Content-Type-Options: nosniff` from the security-headers middleware, and `Vary: Origin` (CORS) and
// `Vary: Cookie` (cookie-authenticated responses), written as two separate header lines.

export function coderdResponseHeaders(version: string): Record<string, string | string[]> {
  return {
    "X-Coder-Build-Version": version,
    "X-Content-Type-Options": "nosniff",
    Vary: ["Origin", "Cookie"],
  };
}
