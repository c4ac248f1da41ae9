import { loadInsightsPart } from "../lazy";
import { pickLocale } from "../guide/text";
import { deepActiveElement } from "../tour/keyboard";
import type { WidgetContext } from "./context";

export type Insights = ReturnType<typeof wireInsights>;

/** Insights (src/insights, docs/insights.md): built from stored events when opened. */
export function wireInsights(
  ctx: Pick<WidgetContext, "doc" | "config" | "state" | "store" | "destroyed" | "guides">,
) {
  const { state, store } = ctx;
  let returnFocus: Element | null = null;
  async function open() {
    if (!state.getState().insights) returnFocus = deepActiveElement(ctx.doc);
    await store.flush();
    const [{ aggregateInsights }, events] = await Promise.all([loadInsightsPart(), store.events()]);
    if (ctx.destroyed()) return;
    const stepOrder: Record<string, string[]> = {};
    const titles: Record<string, string> = {};
    for (const { guide } of ctx.guides()) {
      stepOrder[guide.id] = (guide.steps ?? []).map((s) => s.id);
      titles[guide.id] = pickLocale(guide.title, ctx.config.locale);
    }
    state.setState({ insights: { data: aggregateInsights(events, { stepOrder }), titles } });
  }
  function close() {
    state.setState({ insights: null });
    const focus = returnFocus as HTMLElement | null;
    returnFocus = null;
    if (focus?.isConnected && typeof focus.focus === "function")
      focus.focus({ preventScroll: true });
  }
  return { open, close };
}
