// Public entry point of the Coder Enterprise API emulator (see CONTRACT.md and README.md).

import { apiTokenFormatError } from "./api/middleware";
import { EmulatorControl } from "./control";
import { Emulator } from "./emulator";
import { CODER_DEFAULT_RATE_LIMIT, CODER_RATE_LIMIT_WINDOW_MS } from "./ratelimit";

export type {
  AddUserOptions,
  EmulatorSeed,
  EmulatorState,
  FaultOptions,
  LicenseMode,
  MintLicenseOptions,
  RateLimitSettings,
  RequestLogEntry,
  SeedUser,
} from "./control";
export { EmulatorControl, EmulatorControlError } from "./control";
export { CODER_DEFAULT_RATE_LIMIT, CODER_RATE_LIMIT_WINDOW_MS } from "./ratelimit";

export interface EmulatorOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** Owner session token; default DEFAULT_OWNER_TOKEN. */
  token?: string;
  /** "none" (default): unlicensed like a fresh deployment; "all": every feature entitled. */
  license?: "all" | "none";
  /** Default = the emulator's own URL. */
  accessUrl?: string;
  /**
   * Enabled experiments, like coderd's CODER_EXPERIMENTS (default none, as v2.30.0 ships). OAuth2
   * provider app routes answer 403 unless "oauth2" is listed.
   */
  experiments?: string[];
  /** Extension: request log ring-buffer size (default 100000). */
  requestLogCapacity?: number;
  /**
   * Coder's API rate limit (`--api-rate-limit`): requests per minute per client IP and path.
   * Default 512, Coder's default; 0 or negative turns the limiter off.
   */
  rateLimit?: number;
  /** Extension: the limiter's window in ms (default 60000, Coder's); tests use short windows. */
  rateLimitWindowMs?: number;
}

/** coderd's `<10-char id>-<22-char secret>` format (a token of another shape is refused at startup). */
export const DEFAULT_OWNER_TOKEN = "emuowner01-ownersessiontoken00000";

export interface RunningEmulator {
  /** e.g. http://127.0.0.1:43123 (no trailing slash). */
  url: string;
  /** Owner session token. */
  token: string;
  /** Typed client of the control API. */
  control: EmulatorControl;
  close(): Promise<void>;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const token = opts.token ?? DEFAULT_OWNER_TOKEN;
  const formatError = apiTokenFormatError(token);
  if (formatError) {
    throw new Error(
      `emulator: owner token ${JSON.stringify(token)} would never authenticate with coderd (${formatError}); ` +
        "use the <10-char id>-<22-char secret> format",
    );
  }
  const emulator = new Emulator({
    token,
    license: opts.license ?? "none",
    accessUrl: opts.accessUrl?.replace(/\/+$/, ""),
    experiments: opts.experiments ?? [],
    requestLogCapacity: opts.requestLogCapacity,
    rateLimit: {
      limit: opts.rateLimit ?? CODER_DEFAULT_RATE_LIMIT,
      windowMs: opts.rateLimitWindowMs ?? CODER_RATE_LIMIT_WINDOW_MS,
    },
  });
  const url = await emulator.listen(opts.port ?? 0, opts.host ?? "127.0.0.1");
  return { url, token, control: new EmulatorControl(url), close: () => emulator.close() };
}
