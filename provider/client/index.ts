/**
 * Typed Coder (coderd) REST API client for pulumi-coderd. Pure HTTP + types: no Pulumi imports,
 * no module-level side effects, no changes to undici's global dispatcher.
 *
 * Design decisions:
 * - Public types are camelCase. Conversion from Coder's snake_case happens in exactly one place:
 *   the zod schemas in ./schemas parse responses (tolerantly: unknown fields ignored, null lists
 *   → [], null maps → {}) and transform them to camelCase. Request bodies are built snake_case
 *   inside each CoderClient method. Coder quirks are normalised there too (template ACL `group`
 *   → `groups`, provisioner key `organization` → `organizationId`, proxy list `{regions}` → array,
 *   `null` license list → []).
 * - Errors are typed (./errors): CoderApiError subclasses per status class, plus network/timeout
 *   errors. The session token never appears in any error (message, stack, cause, JSON, inspect).
 * - Transport (./transport): one keep-alive undici Agent per client; connect/request timeouts;
 *   a hand-written retry loop (see the comment there for why not undici's RetryAgent).
 * - TLS: custom CAs work through Node's `NODE_EXTRA_CA_CERTS=/path/to/ca.pem`.
 */
export { CoderClient, type CoderClientOptions } from "./coder-client";
export {
  ConfigError,
  normalizeCoderUrl,
  type ProviderConfig,
  parseHeaders,
  resolveProviderConfig,
} from "./config";
export { EntitlementChecker, humanizeFeature, isFeatureEntitled } from "./entitlements";
export {
  CoderApiError,
  CoderNetworkError,
  CoderTimeoutError,
  CoderUnexpectedResponseError,
  ConflictError,
  ExperimentNotEnabledError,
  experimentHint,
  FeatureNotEntitledError,
  ForbiddenError,
  isAmbiguousFailure,
  isNotFound,
  licenseLacksFeature,
  NotFoundError,
  RateLimitedError,
  ServerError,
  UnauthorizedError,
  ValidationFailedError,
} from "./errors";
export { ExperimentChecker } from "./experiments";
export { ItemsById } from "./items-by-id";
export { RateLimitPacer, type RateLimitWaitEvent } from "./rate-limit";
export type * from "./schemas";
export {
  backoffDelay,
  parseRetryAfter,
  type RequestEvent,
  shouldRetry,
} from "./transport";
export { isUuid } from "./uuid";
