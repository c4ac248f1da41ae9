/**
 * When a user counts as stalled (SPEC §3 `stallAfter`, §5 `stall` reasons). `stallAfter` is set
 * per guide and per step in guide files; the others are widget defaults (docs/stalls.md). Rage
 * clicks are detected by capture/rage.ts, the one click listener for help and stalls alike
 * (3 clicks on one element within 1 s and 40 px).
 */
export interface StallThresholds {
  /** Seconds a step may stay open without progress before a `dwell` stall. Default 30 (SPEC §3). */
  dwellSeconds: number;
  /** Ms without pointer, keyboard or input activity while a step waits for the user's own action → `idle`. Default 15 000. */
  idleMs: number;
  /** Back/Next direction changes between the same two steps within `oscillationWindowMs` → `oscillation`. Default 3. */
  oscillationChanges: number;
  /** Window for `oscillationChanges`, in ms. Default 30 000. */
  oscillationWindowMs: number;
  /** Failures with the same signature within `repeatFailureWindowMs` → `repeat-failure`. Default 3. */
  repeatFailures: number;
  /** Window for `repeatFailures`, in ms. Default 300 000 (5 min). */
  repeatFailureWindowMs: number;
  /** A nudge "helped" when its step completes within this many ms. Default 120 000 (2 min). */
  nudgeResolveMs: number;
}

export const DEFAULT_STALL_THRESHOLDS: StallThresholds = {
  dwellSeconds: 30,
  idleMs: 15_000,
  oscillationChanges: 3,
  oscillationWindowMs: 30_000,
  repeatFailures: 3,
  repeatFailureWindowMs: 300_000,
  nudgeResolveMs: 120_000,
};

export type StallReason = "dwell" | "idle" | "oscillation" | "rage" | "repeat-failure";
