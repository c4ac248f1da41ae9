import type { StallReason } from "./thresholds";

/** How Waymark acted on a stall: offered the step's "Show me" demo, or showed a help entry. */
export type NudgeKind = "demo" | "help";

export interface Nudge {
  guide: string;
  step: string;
  reason: StallReason;
  kind: NudgeKind;
  /** The help entry shown, for `kind: "help"`. */
  help?: string;
  at: number;
}

/**
 * Did the nudge help? After a nudge on a step, the step completing within `windowMs` counts as
 * resolved: `onResolved` is called once (the composition records `help.resolved` with
 * `nudge` and `reason`). Going Back and returning still counts. A nudge expires when the window
 * passes or the tour ends — then nothing is recorded, and the stall event's
 * `nudge` field is the "offered but not resolved" count. This is how Waymark learns which
 * help works (docs/stalls.md).
 */
export function createNudgeTracker(options: {
  windowMs: number;
  onResolved(nudge: Nudge, afterMs: number): void;
  now?: () => number;
}) {
  const now = options.now ?? (() => Date.now());
  let pending: Nudge[] = [];
  const fresh = (t: number) => (pending = pending.filter((n) => t - n.at <= options.windowMs));
  return {
    nudged(nudge: Omit<Nudge, "at">) {
      const t = now();
      fresh(t);
      // One pending nudge per step and kind: a second stall on the same step keeps the first time.
      if (
        !pending.some(
          (n) => n.guide === nudge.guide && n.step === nudge.step && n.kind === nudge.kind,
        )
      )
        pending.push({ ...nudge, at: t });
    },
    /** `step` of `guide` completed. */
    stepDone(guide: string, step: string) {
      const t = now();
      fresh(t);
      const resolved = pending.filter((n) => n.guide === guide && n.step === step);
      pending = pending.filter((n) => !resolved.includes(n));
      for (const n of resolved) options.onResolved(n, t - n.at);
    },
    /** The tour of `guide` ended. */
    ended(guide: string) {
      pending = pending.filter((n) => n.guide !== guide);
    },
    pending(): readonly Nudge[] {
      return pending;
    },
  };
}
