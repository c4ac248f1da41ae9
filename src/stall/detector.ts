import { createBurstCounter } from "./burst";
import { createOscillationTracker } from "./oscillation";
import { DEFAULT_STALL_THRESHOLDS, type StallReason, type StallThresholds } from "./thresholds";

/** A detected stall. `element` (rage only) is for help matching and is never stored. */
export interface Stall {
  reason: StallReason;
  guide?: string;
  step?: string;
  /** dwell/idle: seconds the step had been open or idle. */
  seconds?: number;
  /** oscillation: direction changes; repeat-failure: failures. */
  count?: number;
  /** oscillation: the two steps the user moved between. */
  steps?: string[];
  /** repeat-failure: the failure signature. */
  signature?: string;
  /** rage: the clicked element. */
  element?: Element;
}

/** What the detector knows about a step from its guide. */
export interface StallStepInfo {
  /** Seconds without progress before a `dwell` stall (the step's, else the guide's `stallAfter`). */
  stallAfter?: number;
  /** The step waits for the user's own action (its advance is not "next"): `idle` applies. */
  waitsForAction: boolean;
}

export interface StallContext {
  win: Window;
  step(guide: string, step: string): StallStepInfo | undefined;
  onStall(stall: Stall): void;
  thresholds?: Partial<StallThresholds>;
  now?(): number;
}

export type StallDetector = ReturnType<typeof createStallDetector>;

const ACTIVITY = ["pointerdown", "keydown", "input", "wheel"] as const;

/**
 * Watches one page for stalls (SPEC §5): fed the tour's step lifecycle (`stepShown`,
 * `stepDone`, `stepBack`, `tourEnded`), failure signatures and rage clicks, and listening
 * passively, in the capture phase, to pointer, keyboard and input activity (for `idle`).
 * Each step-bound reason fires at most once per step visit. Framework-free: knows nothing
 * about the UI, the store or the runner.
 */
export function createStallDetector(ctx: StallContext) {
  const t: StallThresholds = { ...DEFAULT_STALL_THRESHOLDS, ...ctx.thresholds };
  const now = ctx.now ?? (() => Date.now());
  const failures = createBurstCounter<string>(t.repeatFailures, t.repeatFailureWindowMs);
  const oscillation = createOscillationTracker(t.oscillationChanges, t.oscillationWindowMs);

  let current: {
    guide: string;
    step: string;
    info: StallStepInfo;
    shownAt: number;
    fired: Set<StallReason>;
  } | null = null;
  let dwellTimer: ReturnType<typeof setTimeout> | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let destroyed = false;

  function fire(stall: Stall) {
    if (destroyed) return;
    try {
      ctx.onStall(stall);
    } catch {
      // The composition guards its own callbacks; a stall must never break the page.
    }
  }

  function fireForStep(reason: StallReason, extra: Omit<Stall, "reason" | "guide" | "step"> = {}) {
    const c = current;
    if (!c || c.fired.has(reason)) return;
    c.fired.add(reason);
    fire({ reason, guide: c.guide, step: c.step, ...extra });
  }

  function clearTimers() {
    clearTimeout(dwellTimer);
    clearTimeout(idleTimer);
    dwellTimer = idleTimer = undefined;
  }

  function armIdle() {
    clearTimeout(idleTimer);
    const c = current;
    if (!c?.info.waitsForAction || c.fired.has("idle")) return;
    idleTimer = setTimeout(
      () => fireForStep("idle", { seconds: Math.round(t.idleMs / 1000) }),
      t.idleMs,
    );
  }

  const onActivity = () => {
    if (idleTimer !== undefined) armIdle();
  };

  function moved(guide: string, step: string, direction: "next" | "back") {
    if (current?.guide === guide && current.step === step) {
      clearTimers();
      current = null;
    }
    const found = oscillation.add(guide, { from: step, direction, ts: now() });
    if (found)
      fire({
        reason: "oscillation",
        guide,
        step: found.step,
        steps: found.steps,
        count: found.changes,
      });
  }

  // Passive capture listeners: they see every event first and can never delay or cancel one.
  const options: AddEventListenerOptions = { capture: true, passive: true };
  for (const type of ACTIVITY) ctx.win.addEventListener(type, onActivity, options);

  return {
    /** A step is showing. Showing the same step again (re-attached target) keeps its timers. */
    stepShown(guide: string, step: string) {
      if (current?.guide === guide && current.step === step) return;
      clearTimers();
      const info = ctx.step(guide, step) ?? { waitsForAction: false };
      current = { guide, step, info, shownAt: now(), fired: new Set() };
      const seconds = info.stallAfter ?? t.dwellSeconds;
      dwellTimer = setTimeout(() => fireForStep("dwell", { seconds }), seconds * 1000);
      armIdle();
    },
    /** The user moved on (Next, or the step's advance held). */
    stepDone(guide: string, step: string) {
      moved(guide, step, "next");
    },
    /** The user went Back from `step`. */
    stepBack(guide: string, step: string) {
      moved(guide, step, "back");
    },
    /** The tour ended (done, dismissed, replaced or torn down). */
    tourEnded() {
      clearTimers();
      current = null;
      oscillation.reset();
    },
    /**
     * Rapid repeated clicks on `element`, as detected by capture/rage.ts (the one rage-click
     * listener, shared with help's `rage` matchers).
     */
    rage(element: Element) {
      fire({
        reason: "rage",
        ...(current ? { guide: current.guide, step: current.step } : {}),
        element,
      });
    },
    /** A failure was recorded; the same signature `repeatFailures` times is a stall. */
    failure(signature: string) {
      if (!failures.add(signature, now())) return;
      fire({
        reason: "repeat-failure",
        ...(current ? { guide: current.guide, step: current.step } : {}),
        count: t.repeatFailures,
        signature,
      });
    },
    /** The step currently watched, if any. */
    current(): { guide: string; step: string } | null {
      return current ? { guide: current.guide, step: current.step } : null;
    },
    destroy() {
      destroyed = true;
      clearTimers();
      current = null;
      for (const type of ACTIVITY) ctx.win.removeEventListener(type, onActivity, options);
    },
  };
}
