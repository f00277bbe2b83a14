// Fault injection for /api/v2 requests: added latency, canned error statuses (429 with Retry-After),
// and dropped connections. Faults are checked in insertion order; latency faults accumulate, the
// first matching status/drop fault ends the request.
//
// Phase: a `before` fault (the default) acts before the request reaches coderd (a proxy or the
// network failing on the way in: nothing is applied, and Coder's rate limiter does not count it).
// An `after` fault acts once the handler has run and committed: its answer is then replaced by the
// fault's status, or the connection is dropped, as when a load balancer's 502 or a reset on the way
// back loses coderd's answer. Latency in the `after` phase delays the answer, not the handling.

import { randomUUID } from "node:crypto";

export type FaultKind = "latency" | "status" | "drop";
export type FaultPhase = "before" | "after";

export interface FaultSpec {
  method?: string;
  /** Regular expression tested against the request pathname. */
  path?: string;
  kind: FaultKind;
  ms?: number;
  status?: number;
  /** Seconds, for the Retry-After header of a 429 (or any status). */
  retryAfter?: number;
  /** Response body: an object is sent as JSON verbatim, a string becomes the codersdk message. */
  body?: unknown;
  /** How many matching requests this fault hits; unlimited when absent. */
  count?: number;
  /** Chance per matching request, 0..1 (default 1). */
  probability?: number;
  /** `before` (default): the request never reaches the handler; `after`: the handler commits first. */
  phase?: FaultPhase;
}

export interface Fault extends FaultSpec {
  id: string;
  hits: number;
  pathRegex?: RegExp;
}

export interface FaultDecision {
  latencyMs: number;
  /** The status or drop fault that ends the request, if any. */
  terminal?: Fault;
  /** Kinds applied, for the request log (`after-` prefixed in the after phase). */
  applied: string[];
}

export class FaultSpecError extends Error {}

export class FaultInjector {
  private faults: Fault[] = [];

  add(spec: FaultSpec): Fault {
    if (spec.kind !== "latency" && spec.kind !== "status" && spec.kind !== "drop") {
      throw new FaultSpecError(`kind must be "latency", "status" or "drop"`);
    }
    if (spec.kind === "latency" && !(typeof spec.ms === "number" && spec.ms >= 0)) {
      throw new FaultSpecError("latency faults need ms >= 0");
    }
    if (
      spec.kind === "status" &&
      !(Number.isInteger(spec.status) && spec.status! >= 100 && spec.status! <= 599)
    ) {
      throw new FaultSpecError("status faults need an HTTP status (100-599)");
    }
    if (spec.phase !== undefined && spec.phase !== "before" && spec.phase !== "after") {
      throw new FaultSpecError(`phase must be "before" or "after"`);
    }
    if (spec.probability !== undefined && !(spec.probability >= 0 && spec.probability <= 1)) {
      throw new FaultSpecError("probability must be between 0 and 1");
    }
    let pathRegex: RegExp | undefined;
    if (spec.path !== undefined) {
      try {
        pathRegex = new RegExp(spec.path);
      } catch (e) {
        throw new FaultSpecError(`path is not a valid regular expression: ${(e as Error).message}`);
      }
    }
    const fault: Fault = { ...spec, id: randomUUID(), hits: 0, pathRegex };
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults = [];
  }

  list(): Omit<Fault, "pathRegex">[] {
    return this.faults.map(({ pathRegex: _r, ...rest }) => rest);
  }

  get size(): number {
    return this.faults.length;
  }

  /** The faults of one phase that hit this request (each hit is counted). */
  decide(method: string, pathname: string, phase: FaultPhase = "before"): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, applied: [] };
    if (this.faults.length === 0) return decision;
    for (const f of this.faults) {
      if ((f.phase ?? "before") !== phase) continue;
      if (f.method && f.method.toUpperCase() !== method) continue;
      if (f.pathRegex && !f.pathRegex.test(pathname)) continue;
      if (f.count !== undefined && f.hits >= f.count) continue;
      if (f.probability !== undefined && Math.random() >= f.probability) continue;
      f.hits++;
      decision.applied.push(phase === "after" ? `after-${f.kind}` : f.kind);
      if (f.kind === "latency") decision.latencyMs += f.ms ?? 0;
      else {
        decision.terminal = f;
        break;
      }
    }
    return decision;
  }
}

/** Default codersdk-style messages for injected statuses. */
export function defaultFaultMessage(status: number): string {
  if (status === 429) return "You've been rate limited for sending more than 0 requests in 1m0s.";
  if (status >= 500) return "An internal server error occurred.";
  return `Injected fault: status ${status}.`;
}
