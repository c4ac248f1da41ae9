import { DOCS } from "../diagnostics";
import { evaluateCondition, type ConditionContext } from "../guide/condition";
import { matchGlob } from "../guide/glob";
import type { LoadedGuide } from "../guide/load";
import type { RequestFacts } from "../guide/request";
import type { Guide, Step } from "../guide/schema";
import { pickLocale } from "../guide/text";
import type { StepView, StateStore } from "../state";
import type { Progress, WaymarkEvent } from "../store/records";
import { label, type Labels } from "../ui/labels";
import { watchAdvance } from "./advance";
import { followTarget } from "./follow";
import type { Highlighter } from "./highlight";
import { deepActiveElement, listenStepKeys } from "./keyboard";
import { findVisible, waitForTarget } from "./targets";

/** How long a step waits for its target by default (SPEC §3 `wait`), in ms. */
export const DEFAULT_TARGET_WAIT_MS = 4000;

/** Everything the tour runner needs from the rest of Waymark; it owns none of it. */
export interface TourContext {
  win: Window;
  guide(id: string): LoadedGuide | undefined;
  locale(): string;
  labels: Labels;
  state: StateStore;
  highlighter: Highlighter;
  /** The step dialog element in the shadow root, once rendered. */
  dialog(): HTMLElement | null;
  /** Re-places the step popover (set by the UI). */
  reposition(): void;
  record(event: Omit<WaymarkEvent, "id" | "v" | "ts" | "page" | "session">): void;
  saveProgress(progress: Progress): void;
  conditionContext(): ConditionContext;
  emit(
    event: "guide:start" | "guide:done" | "guide:dismiss" | "step",
    payload: Record<string, unknown>,
  ): void;
  onTrack(fn: (name: string) => void): () => void;
  onRequest(fn: (request: RequestFacts) => void): () => void;
  onLocation(fn: (location: { path: string; hash: string }) => void): () => void;
  misuse(code: string, message: string): void;
  /** Shows the help entry `id` (from `onFail: {help}`); returns false when there is none. */
  showHelp?(id: string, request: RequestFacts): boolean;
  /** Plays the step's demo ("Show me"), when a demo player is present. */
  playDemo?(guide: Guide, step: Step): void;
  /** True while a demo plays: what the demo types or clicks must not advance the tour. */
  demoPlaying?(): boolean;
}

export interface StartOptions {
  step?: string;
  history?: string[];
  /** Resuming after a reload or page change: no new `guide.start`. */
  resumed?: boolean;
}

interface Active {
  loaded: LoadedGuide;
  step: Step;
  history: string[];
  /** Aborts everything wired for the current step. */
  stepAbort: AbortController;
  target: Element | null;
  /** How the current step is shown (set on render). */
  mode: StepView["mode"] | "waiting";
  restoreFocus: Element | null;
  stopKeys: () => void;
  stopLocation: () => void;
}

export type TourRunner = ReturnType<typeof createTourRunner>;

export function createTourRunner(ctx: TourContext) {
  let active: Active | null = null;
  const doc = ctx.win.document;

  const text = (value: Parameters<typeof pickLocale>[0] | undefined) =>
    value === undefined ? "" : pickLocale(value, ctx.locale());
  const location = () => ({ path: ctx.win.location.pathname, hash: ctx.win.location.hash });
  const onPage = (glob: string) => matchGlob(glob, location().path + location().hash);
  const stepsOf = (guide: Guide) => guide.steps ?? [];

  function progressOf(a: Active, status: Progress["status"]): Progress {
    return {
      v: 1,
      guide: a.loaded.guide.id,
      version: a.loaded.guide.version ?? 1,
      status,
      step: a.step.id,
      history: a.history,
      updatedAt: Date.now(),
    };
  }

  /** The step after `step`: its `next` (first branch whose `when` holds), else the following one. */
  function resolveNext(guide: Guide, step: Step): Step | undefined {
    const steps = stepsOf(guide);
    let id: string | undefined;
    if (typeof step.next === "string") id = step.next;
    else if (Array.isArray(step.next)) {
      const conditions = ctx.conditionContext();
      id = step.next.find(
        (branch) => !branch.when || evaluateCondition(branch.when, conditions),
      )?.goto;
    } else return steps[steps.indexOf(step) + 1];
    return steps.find((s) => s.id === id);
  }

  function render(a: Active, mode: StepView["mode"], notice?: string, nudge?: boolean) {
    a.mode = mode;
    const { guide } = a.loaded;
    const steps = stepsOf(guide);
    const index = steps.indexOf(a.step) + 1;
    const usesNext = (a.step.advance ?? "next") === "next";
    const view: StepView = {
      guideId: guide.id,
      stepId: a.step.id,
      title: text(a.step.title),
      body: text(a.step.body),
      index,
      total: steps.length,
      canGoBack: a.history.length > 0,
      usesNext,
      isLast: usesNext && resolveNext(guide, a.step) === undefined,
      hasDemo: Boolean(a.step.demo?.length && ctx.playDemo),
      mode,
      ...(a.step.placement ? { placement: a.step.placement } : {}),
      ...(notice
        ? { notice }
        : mode === "anchored" && !usesNext
          ? { notice: ctx.labels.doTheAction }
          : {}),
      ...(mode === "elsewhere" && a.step.page && !/[*?]/.test(a.step.page)
        ? { pageLink: a.step.page }
        : {}),
      ...(nudge ? { nudge: true } : {}),
    };
    ctx.state.setState({
      step: view,
      announcement: label(ctx.labels.stepAnnouncement, {
        current: index,
        total: steps.length,
        title: view.title,
      }),
    });
  }

  /** Shows `step`, waiting for its page and target as the guide says. */
  async function show(a: Active, step: Step, direction: 1 | -1, arrivedByLoad = false) {
    a.stepAbort.abort();
    const abort = new AbortController();
    a.stepAbort = abort;
    a.step = step;
    a.target = null;
    const { guide, file } = a.loaded;
    ctx.saveProgress(progressOf(a, "active"));

    // A page advance satisfied by the navigation that brought us here: in multi-page apps the
    // click on the link unloads the page before the step could see the new location.
    const advance = step.advance ?? "next";
    const leftOwnPage = step.page !== undefined && !onPage(step.page);
    if (
      typeof advance === "object" &&
      "page" in advance &&
      onPage(advance.page) &&
      (arrivedByLoad || leftOwnPage)
    ) {
      complete(a, step);
      return;
    }
    if (leftOwnPage) {
      ctx.highlighter.hide();
      render(a, "elsewhere", ctx.labels.elsewhere);
      return;
    }

    let target: Element | null = null;
    if (step.target) {
      const wait = step.wait ?? DEFAULT_TARGET_WAIT_MS;
      target = findVisible(step.target, doc);
      if (!target) {
        // Nothing on screen while we wait: no flash of a half-placed step.
        a.mode = "waiting";
        ctx.state.setState({ step: null });
        target = await waitForTarget(step.target, wait, abort.signal);
      }
      if (abort.signal.aborted || active !== a) return;
      if (!target) {
        const policy = step.ifMissing ?? "modal";
        ctx.misuse(
          "target-missing",
          `Step "${step.id}" of guide "${guide.id}": target "${step.target}" matched nothing visible after ${wait / 1000} s, so ${policy === "modal" ? "the step is shown centred" : policy === "skip" ? "the step was skipped" : "the tour was ended"} ("ifMissing": "${policy}"). Check the selector in ${file}, give the page longer with "wait", or choose another "ifMissing". See ${DOCS}/guides.md#step.`,
        );
        if (policy === "skip") {
          const nextStep = direction === 1 ? resolveNext(guide, step) : previousStep(a);
          if (!nextStep) return finish(a, direction === 1 ? "done" : "dismiss");
          if (direction === -1) a.history.pop();
          return show(a, nextStep, direction);
        }
        if (policy === "end") return finish(a, "dismiss", "target-missing");
      }
    }
    // The interface may still be loading (a lazy part): the step counts as shown, for stalls
    // and insights, from when the user can see it.
    const ready = ctx.highlighter.ready();
    if (ready) {
      await ready;
      if (abort.signal.aborted || active !== a) return;
    }
    a.target = target;
    ctx.highlighter.show(target);
    render(
      a,
      target ? "anchored" : "centered",
      step.target && !target ? ctx.labels.targetMissing : undefined,
    );
    ctx.record({ type: "step.show", guide: guide.id, step: step.id });
    ctx.emit("step", { guide: guide.id, step: step.id, index: stepsOf(guide).indexOf(step) });

    if (target && step.target) {
      followTarget({
        win: ctx.win,
        selector: step.target,
        element: target,
        signal: abort.signal,
        update: () => {
          ctx.highlighter.refresh();
          ctx.reposition();
        },
        replaced: (el) => {
          a.target = el;
          ctx.highlighter.show(el);
          ctx.reposition();
        },
        lost: () => void show(a, step, direction),
      });
    }
    watchAdvance(advance, {
      doc,
      target,
      base: ctx.win.location.href,
      signal: abort.signal,
      onTrack: ctx.onTrack,
      onRequest: ctx.onRequest,
      onLocation: ctx.onLocation,
      complete: () => active === a && a.step === step && !ctx.demoPlaying?.() && complete(a, step),
      fail: (request) =>
        active === a && a.step === step && !ctx.demoPlaying?.() && failed(a, step, request),
    });
  }

  function previousStep(a: Active): Step | undefined {
    const id = a.history[a.history.length - 1];
    return stepsOf(a.loaded.guide).find((s) => s.id === id);
  }

  function complete(a: Active, step: Step) {
    const { guide } = a.loaded;
    ctx.record({ type: "step.done", guide: guide.id, step: step.id });
    const nextStep = resolveNext(guide, step);
    if (!nextStep) return finish(a, "done");
    a.history = [...a.history, step.id];
    void show(a, nextStep, 1);
  }

  function failed(a: Active, step: Step, request: RequestFacts) {
    const onFail = step.onFail;
    if (!onFail) return;
    if ("goto" in onFail) {
      const target = stepsOf(a.loaded.guide).find((s) => s.id === onFail.goto);
      if (target) {
        a.history = [...a.history, step.id];
        void show(a, target, 1);
      }
    } else if (!ctx.showHelp?.(onFail.help, request)) {
      ctx.misuse(
        "help-missing",
        `Step "${step.id}" of guide "${a.loaded.guide.id}" has "onFail": {"help": "${onFail.help}"}, but no loaded guide has a help entry with that id; check ${a.loaded.file}.`,
      );
    }
  }

  function finish(a: Active, how: "done" | "dismiss", reason?: string) {
    if (active !== a) return;
    const { guide } = a.loaded;
    a.stepAbort.abort();
    a.stopKeys();
    a.stopLocation();
    active = null;
    ctx.highlighter.hide();
    ctx.saveProgress(progressOf(a, how === "done" ? "done" : "dismissed"));
    if (how === "done") {
      ctx.record({ type: "guide.done", guide: guide.id, step: a.step.id });
      ctx.emit("guide:done", { guide: guide.id });
    } else {
      ctx.record({
        type: "guide.dismiss",
        guide: guide.id,
        step: a.step.id,
        ...(reason ? { reason } : {}),
      });
      ctx.emit("guide:dismiss", { guide: guide.id, step: a.step.id });
    }
    ctx.state.setState({
      step: null,
      announcement: how === "done" ? ctx.labels.tourDone : ctx.labels.tourEnded,
    });
    const focus = a.restoreFocus as HTMLElement | null;
    if (focus?.isConnected && typeof focus.focus === "function")
      focus.focus({ preventScroll: true });
  }

  const runner = {
    /** Starts (or resumes) a guide's tour; false when it has no such step or no steps. */
    start(guideId: string, options: StartOptions = {}): boolean {
      const loaded = ctx.guide(guideId);
      const steps = loaded ? stepsOf(loaded.guide) : [];
      const first = options.step ? steps.find((s) => s.id === options.step) : steps[0];
      if (!loaded || !first) {
        ctx.misuse(
          "start-unknown",
          !loaded
            ? `Waymark.start("${guideId}"): no loaded guide has that id. Check the id, and that the guide file loaded without errors (see the warnings above).`
            : `Waymark.start("${guideId}"${options.step ? `, {step: "${options.step}"}` : ""}): the guide has no ${options.step ? "such step" : "steps"}; check ${loaded.file}.`,
        );
        return false;
      }
      if (active) finish(active, "dismiss", "replaced");
      void ctx.highlighter.ready();
      const a: Active = {
        loaded,
        step: first,
        history: options.history ?? [],
        stepAbort: new AbortController(),
        target: null,
        mode: "waiting",
        restoreFocus: deepActiveElement(doc),
        stopKeys: () => {},
        stopLocation: () => {},
      };
      active = a;
      // Registered before driver.js adds its own key handlers (see keyboard.ts).
      a.stopKeys = listenStepKeys(ctx.win, {
        dialog: ctx.dialog,
        interactiveTarget: () => ((a.step.advance ?? "next") === "next" ? null : a.target),
        canGoBack: () => a.history.length > 0,
        usesNext: () => (a.step.advance ?? "next") === "next",
        next: () => runner.next(),
        back: () => runner.back(),
        close: () => runner.close(),
      });
      // SPA navigation: a step shown "elsewhere" comes back when its page is reached, and a step
      // whose page was left is shown as "elsewhere" (or completes, for a page advance).
      a.stopLocation = ctx.onLocation(() => {
        if (active !== a || !a.step.page) return;
        const wasHere = a.mode !== "elsewhere";
        if (wasHere !== onPage(a.step.page)) void show(a, a.step, 1);
      });
      if (!options.resumed) {
        ctx.record({ type: "guide.start", guide: guideId });
        ctx.emit("guide:start", { guide: guideId });
      }
      void show(a, first, 1, options.resumed === true);
      return true;
    },
    next() {
      if (active && (active.step.advance ?? "next") === "next") complete(active, active.step);
    },
    back() {
      const a = active;
      const prev = a && previousStep(a);
      if (!a || !prev) return;
      ctx.record({ type: "step.back", guide: a.loaded.guide.id, step: a.step.id });
      a.history = a.history.slice(0, -1);
      void show(a, prev, -1);
    },
    /** The user closed the tour. */
    close(reason?: string) {
      if (active) finish(active, "dismiss", reason);
    },
    /** Ends the tour without recording anything (teardown, another tab finished it). */
    abandon() {
      const a = active;
      if (!a) return;
      a.stepAbort.abort();
      a.stopKeys();
      a.stopLocation();
      active = null;
      ctx.highlighter.hide();
      ctx.state.setState({ step: null });
    },
    /** The guide reached its goal elsewhere: finish its tour as done. */
    markDone(guideId: string) {
      if (active?.loaded.guide.id === guideId) finish(active, "done");
    },
    showMe() {
      if (active?.step.demo?.length) ctx.playDemo?.(active.loaded.guide, active.step);
    },
    /**
     * The stall nudge: when the current step has a demo, its dialog says "Stuck? Watch how it's
     * done." and emphasises "Show me". For the stall detector to call on a `dwell` stall;
     * returns false when there is nothing to offer.
     */
    offerDemo(): boolean {
      const a = active;
      if (
        !a ||
        !a.step.demo?.length ||
        !ctx.playDemo ||
        (a.mode !== "anchored" && a.mode !== "centered")
      )
        return false;
      render(a, a.mode, ctx.labels.demoNudge, true);
      ctx.state.setState({ announcement: ctx.labels.demoNudge });
      return true;
    },
    /** Shows `text` as the current step's notice (how a demo ended, for instance). */
    notice(text: string) {
      const a = active;
      if (!a || (a.mode !== "anchored" && a.mode !== "centered")) return;
      render(a, a.mode, text);
      ctx.state.setState({ announcement: text });
    },
    active(): { guide: string; step: string } | null {
      return active ? { guide: active.loaded.guide.id, step: active.step.id } : null;
    },
    target(): Element | null {
      return active?.target ?? null;
    },
  };
  return runner;
}
