import type { RequestFacts } from "../guide/request";
import { DEFAULT_TARGET_WAIT_MS, type TourRunner } from "../tour/runner";
import type { WidgetContext } from "./context";
import { lazyDemoSession } from "./lazy-demo-session";

export type Demos = ReturnType<typeof wireDemos>;

/** "Show me" demos (src/demo): one at a time, over the current tour step. */
export function wireDemos(
  ctx: Pick<
    WidgetContext,
    "win" | "config" | "diagnostics" | "labels" | "state" | "cleanups" | "guides" | "record"
  > & {
    tour: TourRunner;
    onRequest(fn: (request: RequestFacts) => void): () => void;
  },
) {
  const { config, diagnostics, state, cleanups, guides, tour } = ctx;
  const demo = lazyDemoSession(
    {
      win: ctx.win,
      state,
      labels: ctx.labels,
      locale: () => config.locale,
      record: ctx.record,
      misuse: diagnostics.misuse,
      fileOf: (id) => guides().find((g) => g.guide.id === id)?.file ?? "the guide file",
      defaultWaitMs: DEFAULT_TARGET_WAIT_MS,
      ended: (_result, guide, step, message) => {
        const active = tour.active();
        if (active?.guide === guide.id && active.step === step.id) tour.notice(message);
      },
    },
    (error) => diagnostics.internal("demo", error),
  );
  cleanups.push(() => demo.destroy());
  // The tour ended (closed, finished, stopped by the host): the demo over it stops too.
  cleanups.push(state.subscribe((s) => s.demo && !s.step && !tour.active() && demo.stop()));
  // A demo that does not commit should cause no writes; say so when one does (debug mode).
  cleanups.push(
    ctx.onRequest((request) => {
      const playing = demo.current();
      if (!playing || playing.step.demoMayCommit || /^(GET|HEAD|OPTIONS)$/i.test(request.method))
        return;
      diagnostics.misuse(
        "demo-request",
        `While the demo of step "${playing.step.id}" (guide "${playing.guide.id}") played, the page sent ${request.method.toUpperCase()} ${request.url}. A demo without "demoMayCommit": true should only show; remove the action that triggers it, or set "demoMayCommit": true if that is intended.`,
      );
    }),
  );

  /**
   * Plays a step's demo, starting the guide's tour at that step when it is not showing: for
   * `Waymark.demo()` and help actions `{"guide": id, "demo": true}`. Without `stepId`: the
   * current step of that guide's tour when it has a demo, else the guide's first step with one.
   */
  function playDemo(guideId: string, stepId?: string) {
    const loaded = guides().find((g) => g.guide.id === guideId);
    const steps = loaded?.guide.steps ?? [];
    const active = tour.active();
    const id =
      stepId ??
      (active?.guide === guideId && steps.find((s) => s.id === active.step)?.demo?.length
        ? active.step
        : steps.find((s) => s.demo?.length)?.id);
    const step = steps.find((s) => s.id === id);
    if (!loaded || !step?.demo?.length) {
      diagnostics.misuse(
        "demo-unknown",
        !loaded
          ? `Waymark.demo("${guideId}"): no loaded guide has that id. Check the id, and that the guide file loaded without errors.`
          : `Waymark.demo("${guideId}"${stepId ? `, {step: "${stepId}"}` : ""}): ${stepId && !step ? "the guide has no such step" : 'that step has no "demo"'}; check ${loaded.file}.`,
      );
      return;
    }
    const play = () =>
      void demo
        .play(loaded.guide, step)
        .catch((error: unknown) => diagnostics.internal("demo", error));
    if (active?.guide === guideId && active.step === step.id && state.getState().step)
      return play();
    if (active?.guide !== guideId || active.step !== step.id) {
      if (!tour.start(guideId, { step: step.id })) return;
    }
    // The demo plays over its step: wait until the tour shows it (its page and target ready).
    const waitMs = (step.wait ?? DEFAULT_TARGET_WAIT_MS) + 1000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const shown = (view: ReturnType<typeof state.getState>["step"]) =>
      view?.guideId === guideId && view.stepId === step.id;
    const unsubscribe = state.subscribe((s) => {
      if (!shown(s.step)) return;
      finishWaiting();
      if (s.step?.mode !== "elsewhere") play();
    });
    function finishWaiting() {
      unsubscribe();
      clearTimeout(timer);
    }
    timer = setTimeout(finishWaiting, waitMs);
    if (shown(state.getState().step)) {
      finishWaiting();
      if (state.getState().step?.mode !== "elsewhere") play();
    }
  }

  return { session: demo, play: playDemo };
}
