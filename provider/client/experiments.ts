// Client-side check of Coder experiments (`CODER_EXPERIMENTS`), so a preview can say "enable the
// oauth2 experiment" before anything is written.
//
// GET /experiments lists the enabled experiments. An experiment missing from that list does not prove
// the route is gated: later Coder releases made the feature generally available and dropped the
// experiment (it is then never listed). So when the experiment is not listed, one probe of a gated
// read route decides: a 403 from coderd's experiment gate means "gated", anything else means "not
// gated" (other errors are left for the real request to report). Results are cached per client like
// entitlements (one probe per `pulumi preview` process), concurrent callers share the request, and
// failures are not cached.

import { ExperimentNotEnabledError } from "./errors";

export class ExperimentChecker {
  private readonly cache = new Map<string, { at: number; value: Promise<boolean> }>();

  constructor(
    private readonly fetchEnabled: () => Promise<string[]>,
    private readonly ttlMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * True when coderd refuses the routes of `experiment` because it is not enabled. `probe` is a
   * cheap read of a route behind that experiment's gate.
   */
  isGated(experiment: string, probe: () => Promise<unknown>): Promise<boolean> {
    const t = this.now();
    const hit = this.cache.get(experiment);
    if (hit && t - hit.at < this.ttlMs) return hit.value;
    const value = this.decide(experiment, probe);
    const entry = { at: t, value };
    this.cache.set(experiment, entry);
    value.catch(() => {
      if (this.cache.get(experiment) === entry) this.cache.delete(experiment);
    });
    return value;
  }

  /** Forget what was learned (e.g. after the server was restarted with other experiments). */
  invalidate(): void {
    this.cache.clear();
  }

  private async decide(experiment: string, probe: () => Promise<unknown>): Promise<boolean> {
    const enabled = await this.fetchEnabled();
    if (enabled.map((e) => e.toLowerCase()).includes(experiment.toLowerCase())) return false;
    try {
      await probe();
      return false;
    } catch (err) {
      if (err instanceof ExperimentNotEnabledError) return err.experiments.includes(experiment);
      return false;
    }
  }
}
