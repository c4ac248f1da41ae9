import { describeElement } from "../help/match";
import { guard } from "../diagnostics";
import { createStallDetector, type Stall } from "../stall/detector";
import { createNudgeTracker } from "../stall/nudge";
import { DEFAULT_STALL_THRESHOLDS } from "../stall/thresholds";
import type { TourRunner } from "../tour/runner";
import type { RecordEvent, WidgetContext } from "./context";

export type Stalls = ReturnType<typeof wireStalls>;

/** Stalls (src/stall, docs/stalls.md): detect, act at once, learn whether the nudge helped. */
export function wireStalls(
  ctx: Pick<
    WidgetContext,
    "win" | "diagnostics" | "emitter" | "cleanups" | "destroyed" | "guides" | "record"
  > & { tour: TourRunner },
) {
  const { record, tour } = ctx;
  const stepOf = (guideId: string, stepId: string) => {
    const guide = ctx.guides().find((g) => g.guide.id === guideId)?.guide;
    const step = guide?.steps?.find((s) => s.id === stepId);
    return guide && step ? { guide, step } : undefined;
  };
  const detector = createStallDetector({
    win: ctx.win,
    step(guideId, stepId) {
      const found = stepOf(guideId, stepId);
      if (!found) return undefined;
      const stallAfter = found.step.stallAfter ?? found.guide.stallAfter;
      return {
        ...(stallAfter !== undefined ? { stallAfter } : {}),
        waitsForAction: (found.step.advance ?? "next") !== "next",
      };
    },
    onStall: (stall) => guard(ctx.diagnostics, "stall", () => actOnStall(stall), undefined),
  });
  const nudges = createNudgeTracker({
    windowMs: DEFAULT_STALL_THRESHOLDS.nudgeResolveMs,
    // "Did the nudge help": the stalled step completed soon after Waymark acted.
    onResolved: (n, afterMs) =>
      record({
        type: "help.resolved",
        guide: n.guide,
        step: n.step,
        reason: n.reason,
        nudge: n.kind,
        ...(n.help ? { help: n.help } : {}),
        after: afterMs,
      }),
  });
  ctx.cleanups.push(() => detector.destroy());

  /** Offers the stalled step's "Show me" demo (the runner's nudge: notice, emphasis, announcement). */
  function offerShowMe(stall: Stall): boolean {
    const active = tour.active();
    return (
      active !== null &&
      active.guide === stall.guide &&
      active.step === stall.step &&
      tour.offerDemo()
    );
  }

  function actOnStall(stall: Stall) {
    if (ctx.destroyed()) return;
    const active = tour.active();
    // A dwell or idle timer for a step that is no longer showing (another tab ended it) is stale.
    if (
      (stall.reason === "dwell" || stall.reason === "idle") &&
      (active?.guide !== stall.guide || active?.step !== stall.step)
    )
      return;
    const demo = offerShowMe(stall);
    const { element, ...details } = stall;
    record({
      type: "stall",
      ...details,
      ...(element ? { target: describeElement(element) } : {}),
      ...(demo ? { nudge: "demo" } : {}),
    });
    if (stall.guide && stall.step) {
      lastStall = { guide: stall.guide, step: stall.step, reason: stall.reason, at: Date.now() };
      if (demo)
        nudges.nudged({ guide: stall.guide, step: stall.step, reason: stall.reason, kind: "demo" });
    }
    // The help engine listens to this event and shows a help entry with a `stall` matcher; its
    // `help.show` (kind "stall") is noted below as a help nudge.
    ctx.emitter.emit("stall", {
      reason: stall.reason,
      ...(stall.guide ? { guide: stall.guide } : {}),
      ...(stall.step ? { step: stall.step } : {}),
      ...(demo ? { nudge: "demo" } : {}),
    });
  }
  let lastStall: { guide: string; step: string; reason: Stall["reason"]; at: number } | undefined;

  /** The tour's own records drive the detector: no second set of hooks in the runner. */
  function observe(event: RecordEvent) {
    const guide = typeof event.guide === "string" ? event.guide : undefined;
    const step = typeof event.step === "string" ? event.step : undefined;
    if (event.type === "step.show" && guide && step) detector.stepShown(guide, step);
    else if (event.type === "step.done" && guide && step) {
      detector.stepDone(guide, step);
      nudges.stepDone(guide, step);
    } else if (event.type === "step.back" && guide && step) detector.stepBack(guide, step);
    else if ((event.type === "guide.done" || event.type === "guide.dismiss") && guide) {
      const active = tour.active(); // null when the runner ended its own tour
      if (!active || active.guide === guide) detector.tourEnded();
      nudges.ended(guide);
    }
    // Help shown for a stall: a help nudge on the stalled step.
    else if (
      event.type === "help.show" &&
      event.kind === "stall" &&
      typeof event.help === "string" &&
      lastStall &&
      Date.now() - lastStall.at < 10_000
    ) {
      nudges.nudged({
        guide: lastStall.guide,
        step: lastStall.step,
        reason: lastStall.reason,
        kind: "help",
        help: event.help,
      });
    }
    // Rage and stall "failures" are stalls already; counting them again would double them.
    else if (
      event.type === "failure" &&
      typeof event.signature === "string" &&
      !/^(?:rage|stall):/.test(event.signature)
    )
      detector.failure(event.signature);
  }

  return { observe, rage: (element: Element) => detector.rage(element) };
}
