import { evaluateCondition } from "../guide/condition";
import { mayOffer } from "../tour/offer";
import type { TourRunner } from "../tour/runner";
import type { WidgetContext } from "./context";

/** Offering guides by their `start` condition, and resuming the tour stored progress says is on. */
export function wireOffers(
  ctx: Pick<WidgetContext, "destroyed" | "guides" | "progress" | "conditionContext"> & {
    tour: TourRunner;
  },
) {
  const { progress, tour } = ctx;
  const offeredThisView = new Set<string>();
  function offer() {
    if (tour.active() || ctx.destroyed()) return;
    const condition = ctx.conditionContext();
    for (const { guide } of ctx.guides()) {
      if (!guide.start || !guide.steps?.length) continue;
      if (!mayOffer(guide, progress.get(guide.id), offeredThisView.has(guide.id))) continue;
      if (!evaluateCondition(guide.start, condition)) continue;
      offeredThisView.add(guide.id);
      tour.start(guide.id);
      return;
    }
  }

  function resume(): boolean {
    for (const p of progress.values()) {
      if (p.status !== "active" || !p.step) continue;
      const loaded = ctx.guides().find((g) => g.guide.id === p.guide);
      if (!loaded || (loaded.guide.version ?? 1) !== p.version) continue;
      offeredThisView.add(p.guide);
      return tour.start(p.guide, { step: p.step, history: p.history, resumed: true });
    }
    return false;
  }

  return { offer, resume };
}
