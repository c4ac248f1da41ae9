import type { HelpEngine } from "../help/engine";
import { guard, DOCS } from "../diagnostics";
import { loadUiPart } from "../lazy";
import { lazyHighlighter } from "../tour/lazy-highlighter";
import type { TourRunner } from "../tour/runner";
import type { DemoSession } from "../demo/session";
import { checkStepTarget } from "../misuse";
import type { AppProps } from "../ui/App";
import type { UiRoot } from "../ui/root";
import type { WidgetContext } from "./context";
import type { Insights } from "./insights";
import type { Support } from "./support";

/** What the UI's buttons call: read when the UI mounts, after every feature is wired. */
export interface UiFeatures {
  tour: TourRunner;
  demo: DemoSession;
  help: HelpEngine;
  support: Support;
  insights: Insights;
  clearData(): Promise<void>;
}

export type Ui = ReturnType<typeof wireUi>;

/**
 * The UI (the lazy `ui` part, src/lazy.ts): a page that never shows anything loads none of it
 * and gets no DOM from Waymark; what is in the state store shows once it has loaded.
 */
export function wireUi(
  ctx: Pick<
    WidgetContext,
    | "win"
    | "doc"
    | "config"
    | "diagnostics"
    | "labels"
    | "state"
    | "cleanups"
    | "destroyed"
    | "guides"
  > & { features(): UiFeatures },
) {
  const { win, doc, config, diagnostics, state, cleanups } = ctx;
  let ui: UiRoot | undefined;
  let uiLoading = false;
  let retryUiOnline: (() => void) | undefined;
  cleanups.push(() => retryUiOnline && win.removeEventListener("online", retryUiOnline));
  let reposition: (() => void) | null = null;
  const highlighter = lazyHighlighter(() =>
    loadUiPart().then((part) => part.createHighlighter(doc, config.nonce)),
  );
  function ensureUi() {
    if (ui || uiLoading || ctx.destroyed()) return;
    uiLoading = true;
    loadUiPart().then(
      (part) => {
        uiLoading = false;
        if (ui || ctx.destroyed()) return;
        ui = part.mountUi(doc, appProps(), config.nonce);
      },
      (error: unknown) => {
        uiLoading = false;
        // Offline: try again as soon as the browser is back, if there is still something to show.
        if (!retryUiOnline) {
          retryUiOnline = () => {
            retryUiOnline = undefined;
            const s = state.getState();
            if (s.step || s.demo || s.help || s.support || s.report || s.insights) ensureUi();
          };
          win.addEventListener("online", retryUiOnline, { once: true });
        }
        diagnostics.problem(
          "ui-load",
          `Waymark could not load its interface, waymark-ui.js, from beside waymark.js (${error instanceof Error ? error.message : String(error)}), so nothing it wanted to show could be shown. Serve every dist/waymark-*.js file next to waymark.js and allow their origin in a script-src CSP, or use the single-file dist/standalone/waymark.js. It is tried again when the browser is back online or something else is to be shown. See ${DOCS}/embedding.md#content-security-policy.`,
        );
      },
    );
  }
  function appProps(): AppProps {
    const { tour, demo, help, support, insights, clearData } = ctx.features();
    return {
      state,
      labels: ctx.labels,
      stepActions: {
        next: () => guard(diagnostics, "Next", () => tour.next(), undefined),
        back: () => guard(diagnostics, "Back", () => tour.back(), undefined),
        close: () => guard(diagnostics, "Close", () => tour.close(), undefined),
        showMe: () => guard(diagnostics, "Show me", () => tour.showMe(), undefined),
      },
      demoActions: {
        pause: () => guard(diagnostics, "demo pause", () => demo.pause(), undefined),
        resume: () => guard(diagnostics, "demo resume", () => demo.resume(), undefined),
        stop: () => guard(diagnostics, "demo stop", () => demo.stop(), undefined),
        replay: () => guard(diagnostics, "demo replay", () => demo.replay(), undefined),
        setSpeed: (speed) =>
          guard(diagnostics, "demo speed", () => demo.setSpeed(speed), undefined),
      },
      targetRect: () => tour.target()?.getBoundingClientRect() ?? null,
      onPositioner: (fn) => (reposition = fn),
      helpActions: {
        act: (index) => guard(diagnostics, "help card", () => help.act(index), undefined),
        dismiss: () => guard(diagnostics, "help card", () => help.dismiss(), undefined),
      },
      helpAnchorRect: () => help.anchor()?.getBoundingClientRect() ?? null,
      supportActions: {
        close: () => guard(diagnostics, "support panel", support.close, undefined),
        startGuide: (id, step) =>
          guard(diagnostics, "support panel", () => support.startGuide(id, step), undefined),
        openReport: () =>
          guard(diagnostics, "support panel", () => void support.openReport(), undefined),
        continueSupport: () => guard(diagnostics, "support panel", support.continue, undefined),
      },
      insightsActions: {
        close: () => guard(diagnostics, "insights close", insights.close, undefined),
        deleteData: async () => {
          await clearData();
          await insights.open().catch((error: unknown) => diagnostics.internal("insights", error));
        },
      },
      reportActions: {
        note: (text) => guard(diagnostics, "report note", () => support.setNote(text), undefined),
        send: () => guard(diagnostics, "report send", () => void support.send(), undefined),
        cancel: () => guard(diagnostics, "report cancel", support.cancelReport, undefined),
      },
    };
  }
  cleanups.push(state.subscribe((s) => (s.step || s.demo) && ensureUi()));
  cleanups.push(state.subscribe((s) => s.insights && ensureUi()));
  cleanups.push(state.subscribe((s) => (s.support || s.report) && ensureUi()));
  cleanups.push(state.subscribe((s) => s.help && ensureUi()));
  // Misuse: a step's target that matches several elements points at the first (debug only).
  cleanups.push(
    state.subscribe((s, previous) => {
      if (!config.debug || !s.step || s.step === previous.step || s.step.mode !== "anchored")
        return;
      const { guideId, stepId } = s.step;
      const loaded = ctx.guides().find((g) => g.guide.id === guideId);
      const target = loaded?.guide.steps?.find((st) => st.id === stepId)?.target;
      if (loaded && target)
        checkStepTarget(
          { guide: guideId, step: stepId, file: loaded.file },
          target,
          doc,
          diagnostics,
        );
    }),
  );

  return {
    highlighter,
    /** The step dialog element in the shadow root, once rendered. */
    dialog: () => ui?.shadow.querySelector<HTMLElement>(".wm-step") ?? null,
    /** Re-places the step popover (the UI hands its positioner over). */
    reposition: () => reposition?.(),
    /** Removes the overlay and the shadow root (destroy). */
    unmount() {
      highlighter.hide();
      ui?.destroy();
      ui = undefined;
    },
  };
}
