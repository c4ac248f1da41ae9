import { originalFetch } from "../capture/requests";
import { DOCS, guard } from "../diagnostics";
import { conditionDependsOn } from "../guide/condition";
import { loadUiPart } from "../lazy";
import { formatProblem, loadGuides, type LoadedGuide } from "../guide/load";
import type { TourRunner } from "../tour/runner";
import type { WidgetContext } from "./context";

/**
 * Loading: guides and stored progress in parallel, then (with the DOM ready) goals, the tour
 * to resume or a guide to offer. Returns `ready`, which never rejects.
 */
export function startLoading(
  ctx: Pick<
    WidgetContext,
    "win" | "doc" | "config" | "diagnostics" | "store" | "cleanups" | "destroyed" | "progress"
  > & {
    tour: TourRunner;
    setGuides(guides: LoadedGuide[]): void;
    checkGoals(): void;
    resume(): boolean;
    offer(): void;
  },
): Promise<void> {
  const { win, doc, config, diagnostics, cleanups, destroyed } = ctx;
  const domReady = new Promise<void>((resolve) => {
    if (doc.readyState !== "loading") resolve();
    else doc.addEventListener("DOMContentLoaded", () => resolve(), { once: true });
  });

  async function load() {
    if (config.guides === undefined) {
      diagnostics.misuse(
        "no-guides",
        `Waymark has no guides: set data-guides="/guides/index.json" on the script tag or pass { guides } to Waymark.init(). See ${DOCS}/embedding.md.`,
      );
    }
    const [result, stored] = await Promise.all([
      config.guides === undefined
        ? { guides: [], problems: [] }
        : loadGuides(config.guides, {
            fetch: originalFetch(win),
            baseUrl: config.baseUrl,
            locale: config.locale,
          }),
      ctx.store.progress(),
    ]);
    if (destroyed()) return;
    ctx.setGuides(result.guides);
    for (const problem of result.problems) {
      if (problem.severity === "error") diagnostics.problem("guide", formatProblem(problem));
      else diagnostics.misuse("guide", formatProblem(problem));
    }
    for (const p of stored) {
      const known = ctx.progress.get(p.guide);
      if (!known || known.updatedAt < p.updatedAt) ctx.progress.set(p.guide, p);
    }
    await domReady;
    if (destroyed()) return;
    ctx.checkGoals();
    if (!ctx.resume()) ctx.offer();
    watchStartElements(result.guides);
    if (result.guides.length > 0) preloadUiWhenIdle();
  }

  /**
   * Fetches the `ui` part once the page is idle, so that help for a failure can still be shown
   * when the failure is the network going away: page load never waits for it, and nothing
   * is shown or added to the page until something needs to be.
   */
  function preloadUiWhenIdle() {
    const preload = () => {
      if (!destroyed()) loadUiPart().catch(() => {}); // a failure is reported when it is needed
    };
    if (typeof win.requestIdleCallback === "function") {
      const id = win.requestIdleCallback(preload, { timeout: 5000 });
      cleanups.push(() => win.cancelIdleCallback(id));
    } else {
      const id = win.setTimeout(preload, 2000);
      cleanups.push(() => win.clearTimeout(id));
    }
  }

  /** Start conditions on elements are re-checked when the DOM changes (at most twice a second). */
  function watchStartElements(guides: LoadedGuide[]) {
    const needsDom = guides.some((g) => g.guide.start && conditionDependsOn(g.guide.start).element);
    if (!needsDom || typeof MutationObserver !== "function") return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const observer = new MutationObserver(() => {
      if (timer === undefined && !ctx.tour.active())
        timer = setTimeout(
          () => ((timer = undefined), guard(diagnostics, "start", ctx.offer, undefined)),
          500,
        );
    });
    observer.observe(doc.documentElement, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["class", "hidden", "style"],
    });
    cleanups.push(() => {
      observer.disconnect();
      clearTimeout(timer);
    });
  }

  return load().catch((error: unknown) => diagnostics.internal("loading guides", error));
}
