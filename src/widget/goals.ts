import { evaluateCondition } from "../guide/condition";
import type { LoadedGuide } from "../guide/load";
import { matchRequestOutcome, matchRequestTarget, type RequestFacts } from "../guide/request";
import type { Progress } from "../store/records";
import type { TourRunner } from "../tour/runner";
import type { WidgetContext } from "./context";

/** Goals: the user reached a guide's outcome, with or without its tour. Returns `checkGoals`. */
export function wireGoals(
  ctx: Pick<
    WidgetContext,
    "win" | "emitter" | "store" | "guides" | "progress" | "record" | "conditionContext"
  > & { tour: TourRunner },
) {
  const { progress, tour } = ctx;
  function markDone(loaded: LoadedGuide, via: string) {
    const { guide } = loaded;
    if (
      progress.get(guide.id)?.status === "done" &&
      progress.get(guide.id)?.version === (guide.version ?? 1)
    )
      return;
    if (tour.active()?.guide === guide.id) return tour.markDone(guide.id);
    const p: Progress = {
      v: 1,
      guide: guide.id,
      version: guide.version ?? 1,
      status: "done",
      history: [],
      updatedAt: Date.now(),
    };
    progress.set(guide.id, p);
    void ctx.store.putProgress(p);
    ctx.record({ type: "guide.done", guide: guide.id, via });
    ctx.emitter.emit("guide:done", { guide: guide.id, via });
  }

  /**
   * A goal is a condition, optionally with a `request` that must also arrive: goals without a
   * request are checked when the page or the tracked events change, the others when a
   * matching response arrives (then the rest of the condition, such as `page`, must hold too).
   */
  function goalHolds(loaded: LoadedGuide, request?: RequestFacts): boolean {
    const goal = loaded.guide.goal;
    if (!goal) return false;
    const { request: match, ...condition } = goal;
    if (match) {
      if (
        !request ||
        !matchRequestTarget(match, request, ctx.win.location.href) ||
        !matchRequestOutcome(match, request, "2xx")
      )
        return false;
    } else if (request || Object.keys(condition).length === 0) return false;
    return evaluateCondition(condition, ctx.conditionContext());
  }

  return function checkGoals(request?: RequestFacts) {
    for (const loaded of ctx.guides()) if (goalHolds(loaded, request)) markDone(loaded, "goal");
  };
}
