// Public entry point of the Coder Enterprise API emulator (see CONTRACT.md and README.md).

import type { OAuth2Gate } from "./api/context";
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
  /** Extension: "experiment" answers 403 "Experiment 'oauth2' is required but not enabled" on OAuth2 app routes. */
  oauth2Gate?: OAuth2Gate;
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

export const DEFAULT_OWNER_TOKEN = "emuowner01-ownersessiontokensecret0000000000";

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
  const emulator = new Emulator({
    token,
    license: opts.license ?? "none",
    accessUrl: opts.accessUrl?.replace(/\/+$/, ""),
    oauth2Gate: opts.oauth2Gate ?? "none",
    requestLogCapacity: opts.requestLogCapacity,
    rateLimit: {
      limit: opts.rateLimit ?? CODER_DEFAULT_RATE_LIMIT,
      windowMs: opts.rateLimitWindowMs ?? CODER_RATE_LIMIT_WINDOW_MS,
    },
  });
  const url = await emulator.listen(opts.port ?? 0, opts.host ?? "127.0.0.1");
  return { url, token, control: new EmulatorControl(url), close: () => emulator.close() };
}
