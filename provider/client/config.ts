// Provider configuration resolution: Pulumi stack config (`coderd:*`) with environment fallback,
// mirroring the Terraform provider (url/token/headers + CODER_URL/CODER_SESSION_TOKEN/CODER_HEADER)
// and the Coder CLI's URL handling.

export interface ProviderConfig {
  /** Deployment URL without trailing slash and without `/api/v2`, e.g. https://coder.example.com */
  url: string;
  token: string;
  /** Organization id or name used when a resource does not name one. */
  organization?: string;
  /** Extra HTTP headers sent with every request. */
  headers: Record<string, string>;
  /**
   * How long one API call may wait for Coder's rate limit (ms); undefined = the client default
   * (10 minutes). From `coderd:rateLimitWait` / `CODER_RATE_LIMIT_WAIT`, in seconds.
   */
  rateLimitWaitMs?: number;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Normalises a deployment URL like the Coder CLI: default scheme https (http for localhost /
 * 127.0.0.1 like the Terraform provider), trailing slashes and a trailing `/api/v2` stripped so
 * the client adds `/api/v2` exactly once.
 */
export function normalizeCoderUrl(raw: string): string {
  let s = raw.trim();
  if (s === "") throw new ConfigError("the Coder URL is empty");
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) {
    s = (/^(localhost|127\.0\.0\.1|\[::1\])(:|\/|$)/i.test(s) ? "http://" : "https://") + s;
  }
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new ConfigError(
      `invalid Coder URL ${JSON.stringify(raw)}: expected e.g. https://coder.example.com`,
    );
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") {
    throw new ConfigError(`invalid Coder URL ${JSON.stringify(raw)}: scheme must be http or https`);
  }
  if (u.username || u.password) {
    throw new ConfigError(
      "the Coder URL must not contain credentials; use coderd:token / CODER_SESSION_TOKEN",
    );
  }
  let path = u.pathname.replace(/\/+$/, "");
  path = path.replace(/\/api\/v2$/i, "").replace(/\/+$/, "");
  return `${u.protocol}//${u.host}${path}`;
}

/**
 * Parses headers given either as a JSON object (`{"X-A":"1"}`) or as CSV `k=v,k2=v2` (the
 * CODER_HEADER format of the Coder CLI / Terraform provider).
 */
export function parseHeaders(raw: string | undefined, source: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw === undefined) return out;
  const s = raw.trim();
  if (s === "") return out;
  if (s.startsWith("{") || s.startsWith("[")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(s);
    } catch {
      throw new ConfigError(
        `${source} is not valid JSON; use {"Header-Name":"value"} or Header-Name=value,Other=value`,
      );
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new ConfigError(`${source} must be a JSON object of header name to value`);
    }
    for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
      if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") {
        throw new ConfigError(`${source}: header ${JSON.stringify(k)} must have a string value`);
      }
      out[checkHeaderName(k, source)] = String(v);
    }
    return out;
  }
  for (const part of splitCsv(s)) {
    if (part.trim() === "") continue;
    const eq = part.indexOf("=");
    // The entry itself is not echoed: it may be a credential pasted without its name.
    if (eq <= 0) throw new ConfigError(`${source}: expected Header-Name=value, got an entry without a name`);
    out[checkHeaderName(part.slice(0, eq).trim(), source)] = part.slice(eq + 1).trim();
  }
  return out;
}

/** CSV split honouring double quotes, like serpent.StringArray (encoding/csv). */
function splitCsv(s: string): string[] {
  const parts: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"') {
      if (quoted && s[i + 1] === '"') {
        cur += '"';
        i++;
      } else quoted = !quoted;
    } else if (c === "," && !quoted) {
      parts.push(cur);
      cur = "";
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

function checkHeaderName(k: string, source: string): string {
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(k)) {
    throw new ConfigError(`${source}: invalid header name ${JSON.stringify(k)}`);
  }
  return k;
}

const nonEmpty = (v: string | undefined): string | undefined =>
  v !== undefined && v.trim() !== "" ? v.trim() : undefined;

/**
 * Resolves provider configuration. `get` reads stack config by full key (e.g. "coderd:url");
 * environment variables are the fallback. Stack headers replace env headers (like Terraform).
 */
export function resolveProviderConfig(
  get: (key: string) => string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ProviderConfig {
  const rawUrl = nonEmpty(get("coderd:url")) ?? nonEmpty(env.CODER_URL);
  if (!rawUrl) {
    throw new ConfigError(
      "no Coder URL configured: set coderd:url (pulumi config set coderd:url https://coder.example.com) or CODER_URL",
    );
  }
  const urlSource = nonEmpty(get("coderd:url")) ? "coderd:url" : "CODER_URL";
  let url: string;
  try {
    url = normalizeCoderUrl(rawUrl);
  } catch (e) {
    throw new ConfigError(`${urlSource}: ${(e as Error).message}`);
  }
  const token = nonEmpty(get("coderd:token")) ?? nonEmpty(env.CODER_SESSION_TOKEN);
  if (!token) {
    throw new ConfigError(
      "no Coder session token configured: set coderd:token (pulumi config set --secret coderd:token <token>) or CODER_SESSION_TOKEN",
    );
  }
  const organization = nonEmpty(get("coderd:organization")) ?? nonEmpty(env.CODER_ORGANIZATION);
  const stackHeaders = nonEmpty(get("coderd:headers"));
  const headers =
    stackHeaders !== undefined
      ? parseHeaders(stackHeaders, "coderd:headers")
      : parseHeaders(nonEmpty(env.CODER_HEADER), "CODER_HEADER");
  const waitKey = nonEmpty(get("coderd:rateLimitWait")) ? "coderd:rateLimitWait" : "CODER_RATE_LIMIT_WAIT";
  const rateLimitWaitMs = parseWaitSeconds(
    nonEmpty(get("coderd:rateLimitWait")) ?? nonEmpty(env.CODER_RATE_LIMIT_WAIT),
    waitKey,
  );
  return { url, token, organization, headers, ...(rateLimitWaitMs !== undefined ? { rateLimitWaitMs } : {}) };
}

/** Whole seconds >= 0 (an optional trailing `s`), e.g. `600`; returns ms. */
function parseWaitSeconds(raw: string | undefined, source: string): number | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d+)s?$/.exec(raw);
  if (!m) {
    throw new ConfigError(
      `${source} must be a whole number of seconds (e.g. 600), got ${JSON.stringify(raw)}`,
    );
  }
  return Number(m[1]) * 1000;
}
