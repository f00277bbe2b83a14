// Public entry point of the Coder Enterprise API emulator (see CONTRACT.md and README.md).

import type { OAuth2Gate } from "./api/context";
import { EmulatorControl } from "./control";
import { Emulator } from "./emulator";

export type {
  AddUserOptions,
  EmulatorSeed,
  EmulatorState,
  FaultOptions,
  LicenseMode,
  MintLicenseOptions,
  RequestLogEntry,
  SeedUser,
} from "./control";
export { EmulatorControl, EmulatorControlError } from "./control";

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
  });
  const url = await emulator.listen(opts.port ?? 0, opts.host ?? "127.0.0.1");
  return { url, token, control: new EmulatorControl(url), close: () => emulator.close() };
}
