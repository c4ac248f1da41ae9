import { observeErrors } from "./capture/errors";
import { observeInvalidFields } from "./capture/forms";
import { observeRageClicks } from "./capture/rage";
import { observeInteractions } from "./capture/interaction";
import { observeRequests, originalFetch, type ObservedRequest } from "./capture/requests";
import { createRequestTrace, mayPropagate, newTraceparent, type TraceEntry } from "./capture/trace";
import { createHelpEngine, type IncidentStatus } from "./help/engine";
import { describeElement, isFailedRequest } from "./help/match";
import { resolveConfig, type ResolvedConfig, type WaymarkConfig } from "./config";
import { createDiagnostics, DOCS, guard, type Diagnostics } from "./diagnostics";
import { createEmitter, type Listener } from "./emitter";
import { conditionDependsOn, evaluateCondition, type ConditionContext } from "./guide/condition";
import { formatProblem, loadGuides, type LoadedGuide } from "./guide/load";
import { matchRequestOutcome, matchRequestTarget, type RequestFacts } from "./guide/request";
import { createRedactor } from "./privacy/redact";
import {
  buildReport,
  reportJson,
  withNote,
  type CapturedError,
  type CapturedRequest,
  type ProblemReport,
} from "./report/build";
import {
  createReportDelivery,
  destinationOf,
  type DeliveryOutcome,
  type Destination,
} from "./report/deliver";
import { pickLocale } from "./guide/text";
import { createStallDetector, type Stall, type StallDetector } from "./stall/detector";
import { createNudgeTracker } from "./stall/nudge";
import { DEFAULT_STALL_THRESHOLDS } from "./stall/thresholds";
import { createStateStore } from "./state";
import type { Progress, WaymarkEvent } from "./store/records";
import { createStore, type WaymarkStore } from "./store/store";
import { createOtlpExporter, type OtlpExporter } from "./telemetry/exporter";
import { lazyHighlighter } from "./tour/lazy-highlighter";
import { currentLocation, watchLocation } from "./tour/navigation";
import { mayOffer } from "./tour/offer";
import { createTourRunner, DEFAULT_TARGET_WAIT_MS } from "./tour/runner";
import type { DemoSession, DemoSessionContext } from "./demo/session";
import { loadDemoPart, loadInsightsPart, loadUiPart } from "./lazy";
import { deepActiveElement } from "./tour/keyboard";
import { findVisible } from "./tour/targets";
import { interceptSupportClicks } from "./support/intercept";
import { findHelp, guidesForPage, helpView } from "./support/suggest";
import { checkConfigMisuse, checkStepTarget } from "./misuse";
import type { AppProps } from "./ui/App";
import { label, resolveLabels } from "./ui/labels";
import type { UiRoot } from "./ui/root";

/**
 * One Waymark instance: wires configuration, local data, request and location observation,
 * guides, the tour runner and the UI together. Every entry point is guarded, so nothing it
 * does can throw into the host page.
 */
export interface Widget {
  config: ResolvedConfig;
  diagnostics: Diagnostics;
  /** Resolves once guides and progress are loaded (never rejects). */
  ready: Promise<void>;
  start(guideId: string, options?: { step?: string }): void;
  stop(): void;
  identify(traits: Record<string, unknown>): void;
  track(name: string, data?: Record<string, unknown>): void;
  fail(name: string, data?: Record<string, unknown>): void;
  consent(granted: boolean): void;
  /** Starts the guide's tour at `step` (else the current or first step with a demo) and plays its demo. */
  demo(guideId: string, options?: { step?: string }): void;
  /** Opens the "before you contact us" panel (SPEC §2 `support()`). */
  support(): void;
  /** Opens the report preview, with `note` in its note field (SPEC §2 `report(note?)`). */
  report(note?: string): void;
  /** Opens the local insights panel (SPEC §5 `insights()`). */
  insights(): void;
  exportData(): Promise<{ schemaVersion: 1; events: WaymarkEvent[]; progress: Progress[] }>;
  clearData(): Promise<void>;
  on(event: string, fn: Listener): void;
  off(event: string, fn: Listener): void;
  destroy(): void;
}

/** Keys of `track` data that could carry personal data are never stored. */
const SESSION_KEY = "waymark.session";

/** The events `Waymark.on()` can listen to (SPEC §2). */
const KNOWN_EVENTS: readonly string[] = [
  "guide:start",
  "guide:done",
  "guide:dismiss",
  "step",
  "stall",
  "help",
  "report",
];

function sessionId(win: Window): string {
  const fresh = () => Math.random().toString(36).slice(2, 10) + Date.now().toString(36);
  try {
    const existing = win.sessionStorage.getItem(SESSION_KEY);
    if (existing) return existing;
    const id = fresh();
    win.sessionStorage.setItem(SESSION_KEY, id);
    return id;
  } catch {
    return fresh(); // Storage disabled: a session is then one page view.
  }
}

export function createWidget(
  userConfig: WaymarkConfig,
  win: Window = window,
  baseUrl = win.location.href,
): Widget {
  const config = resolveConfig(userConfig, baseUrl);
  const doc = win.document;
  const diagnostics = createDiagnostics(() => config.debug);
  const emitter = createEmitter((error, event) =>
    diagnostics.problem(
      "listener",
      `A Waymark.on("${event}") listener threw ${error instanceof Error ? error.message : String(error)}; the other listeners still ran. Fix the listener.`,
    ),
  );
  const labels = resolveLabels(config.labels);
  guard(
    diagnostics,
    "config check",
    () => checkConfigMisuse(userConfig, config, win.location.href, diagnostics),
    undefined,
  );
  const state = createStateStore();
  const session = sessionId(win);
  const cleanups: Array<() => void> = [];
  let destroyed = false;

  let guides: LoadedGuide[] = [];
  const progress = new Map<string, Progress>();
  const tracked = new Set<string>();
  const user: Record<string, unknown> = {};
  const offeredThisView = new Set<string>();
  const trackListeners = new Set<(name: string) => void>();
  const requestListeners = new Set<(request: RequestFacts) => void>();
  const locationListeners = new Set<(location: { path: string; hash: string }) => void>();
  const subscribe =
    <T>(set: Set<T>) =>
    (fn: T) => {
      set.add(fn);
      return () => void set.delete(fn);
    };

  const store: WaymarkStore = createStore({
    retention: config.retention,
    onFallback: (reason) =>
      diagnostics.misuse(
        "storage-fallback",
        `Local storage (IndexedDB) is unavailable (${reason}), so Waymark keeps this session's data in memory: tours work, but progress will not survive a reload. See ${DOCS}/storage.md.`,
      ),
    onRecovered: (how) =>
      diagnostics.info(
        "storage-recovered",
        `Local storage (IndexedDB) is usable again (${how}); what this session kept in memory meanwhile has been written to it. See ${DOCS}/storage.md.`,
      ),
    redact: config.redact,
    onRemoteProgress: (p) => {
      progress.set(p.guide, p);
      const active = tour.active();
      if (active?.guide === p.guide && p.status !== "active") tour.abandon();
    },
  });

  /** Created with the tour runner below; `record()` feeds it. */
  let stalls: StallDetector | undefined;
  const exporter = createExporter();
  let eventCount = 0;
  // Two tabs opened from one another share a sessionStorage (and so a session id): ids also
  // carry a per-instance part, so their events never overwrite each other.
  const instance = Math.random().toString(36).slice(2, 8);
  function record(event: Omit<WaymarkEvent, "id" | "v" | "ts" | "page" | "session">) {
    // Only the path is stored: query strings and fragments can carry secrets.
    const stored = store.record({
      id: `${session}.${instance}.${(eventCount++).toString(36)}.${Date.now().toString(36)}`,
      v: 1,
      ts: Date.now(),
      session,
      page: win.location.pathname,
      ...event,
    } as WaymarkEvent);
    exporter?.add(stored);
    observeForStalls(event);
  }

  /** OTLP export (docs/telemetry.md): only with `telemetry.otlp` set, and only with consent. */
  function createExporter(): OtlpExporter | undefined {
    if (!config.telemetry.otlp) return undefined;
    let url: string;
    try {
      url = new URL(config.telemetry.otlp, win.location.href).href;
    } catch {
      diagnostics.misuse(
        "telemetry-url",
        `telemetry.otlp "${config.telemetry.otlp}" is not a URL, so no events are exported. Give the collector's logs endpoint, e.g. "https://otel.example.com/v1/logs". See ${DOCS}/telemetry.md.`,
      );
      return undefined;
    }
    const created = createOtlpExporter({
      url,
      fetch: originalFetch(win),
      outbox: store.outbox,
      resource: { version: __WAYMARK_VERSION__ },
      consent: config.consent,
      onProblem: (message) =>
        diagnostics.misuse("telemetry", `${message} See ${DOCS}/telemetry.md.`),
      win,
    });
    cleanups.push(() => created.close());
    return created;
  }

  function conditionContext(): ConditionContext {
    const { path, hash } = currentLocation(win);
    return {
      path,
      hash,
      hasElement: (selector) => findVisible(selector, doc) !== null,
      hasEvent: (name) => tracked.has(name),
      user,
      isDone: (id) => progress.get(id)?.status === "done",
    };
  }

  // ---- UI (the lazy `ui` part, src/lazy.ts: a page that never shows anything loads none of
  // it and gets no DOM from Waymark; what is in the state store shows once it has loaded) ----
  let ui: UiRoot | undefined;
  let uiLoading = false;
  let retryUiOnline: (() => void) | undefined;
  cleanups.push(() => retryUiOnline && win.removeEventListener("online", retryUiOnline));
  let reposition: (() => void) | null = null;
  const highlighter = lazyHighlighter(() =>
    loadUiPart().then((part) => part.createHighlighter(doc, config.nonce)),
  );
  function ensureUi() {
    if (ui || uiLoading || destroyed) return;
    uiLoading = true;
    loadUiPart().then(
      (part) => {
        uiLoading = false;
        if (ui || destroyed) return;
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
    return {
      state,
      labels,
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
        close: () => guard(diagnostics, "support panel", closeSupport, undefined),
        startGuide: (id, step) =>
          guard(diagnostics, "support panel", () => startFromSupport(id, step), undefined),
        openReport: () => guard(diagnostics, "support panel", () => void openReport(), undefined),
        continueSupport: () => guard(diagnostics, "support panel", continueSupport, undefined),
      },
      insightsActions: {
        close: () => guard(diagnostics, "insights close", closeInsights, undefined),
        deleteData: async () => {
          await widget.clearData();
          await openInsights().catch((error: unknown) => diagnostics.internal("insights", error));
        },
      },
      reportActions: {
        note: (text) => guard(diagnostics, "report note", () => setReportNote(text), undefined),
        send: () => guard(diagnostics, "report send", () => void sendReport(), undefined),
        cancel: () => guard(diagnostics, "report cancel", cancelReport, undefined),
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
      const loaded = guides.find((g) => g.guide.id === guideId);
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

  const tour = createTourRunner({
    win,
    guide: (id) => guides.find((g) => g.guide.id === id),
    locale: () => config.locale,
    labels,
    state,
    highlighter,
    dialog: () => ui?.shadow.querySelector<HTMLElement>(".wm-step") ?? null,
    reposition: () => reposition?.(),
    record,
    saveProgress(p) {
      progress.set(p.guide, p);
      void store.putProgress(p);
    },
    conditionContext,
    emit: emitter.emit,
    onTrack: subscribe(trackListeners),
    onRequest: subscribe(requestListeners),
    onLocation: subscribe(locationListeners),
    showHelp: (id, request) => help.show(id, { request }),
    misuse: diagnostics.misuse,
    playDemo: (guide, step) =>
      void demo.play(guide, step).catch((error: unknown) => diagnostics.internal("demo", error)),
    demoPlaying: () => demo.playing(),
  });

  // ---- "Show me" demos (src/demo): one at a time, over the current tour step ----
  const demo: DemoSession = lazyDemoSession(
    {
      win,
      state,
      labels,
      locale: () => config.locale,
      record,
      misuse: diagnostics.misuse,
      fileOf: (id) => guides.find((g) => g.guide.id === id)?.file ?? "the guide file",
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
    subscribe(requestListeners)((request) => {
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
    const loaded = guides.find((g) => g.guide.id === guideId);
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

  // ---- Stalls (src/stall, docs/stalls.md): detect, act at once, learn whether the nudge helped ----
  const stepOf = (guideId: string, stepId: string) => {
    const guide = guides.find((g) => g.guide.id === guideId)?.guide;
    const step = guide?.steps?.find((s) => s.id === stepId);
    return guide && step ? { guide, step } : undefined;
  };
  // eslint-disable-next-line prefer-const -- declared above: closures created earlier read it
  stalls = createStallDetector({
    win,
    step(guideId, stepId) {
      const found = stepOf(guideId, stepId);
      if (!found) return undefined;
      const stallAfter = found.step.stallAfter ?? found.guide.stallAfter;
      return {
        ...(stallAfter !== undefined ? { stallAfter } : {}),
        waitsForAction: (found.step.advance ?? "next") !== "next",
      };
    },
    onStall: (stall) => guard(diagnostics, "stall", () => actOnStall(stall), undefined),
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
  cleanups.push(() => stalls?.destroy());

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
    if (destroyed) return;
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
    emitter.emit("stall", {
      reason: stall.reason,
      ...(stall.guide ? { guide: stall.guide } : {}),
      ...(stall.step ? { step: stall.step } : {}),
      ...(demo ? { nudge: "demo" } : {}),
    });
  }
  let lastStall: { guide: string; step: string; reason: Stall["reason"]; at: number } | undefined;

  /** The tour's own records drive the detector: no second set of hooks in the runner. */
  function observeForStalls(event: Omit<WaymarkEvent, "id" | "v" | "ts" | "page" | "session">) {
    const detector = stalls;
    if (!detector) return;
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

  // ---- Insights (src/insights, docs/insights.md): built from stored events when opened ----
  let insightsReturnFocus: Element | null = null;
  async function openInsights() {
    if (!state.getState().insights) insightsReturnFocus = deepActiveElement(doc);
    await store.flush();
    const [{ aggregateInsights }, events] = await Promise.all([loadInsightsPart(), store.events()]);
    if (destroyed) return;
    const stepOrder: Record<string, string[]> = {};
    const titles: Record<string, string> = {};
    for (const { guide } of guides) {
      stepOrder[guide.id] = (guide.steps ?? []).map((s) => s.id);
      titles[guide.id] = pickLocale(guide.title, config.locale);
    }
    state.setState({ insights: { data: aggregateInsights(events, { stepOrder }), titles } });
  }
  function closeInsights() {
    state.setState({ insights: null });
    const focus = insightsReturnFocus as HTMLElement | null;
    insightsReturnFocus = null;
    if (focus?.isConnected && typeof focus.focus === "function")
      focus.focus({ preventScroll: true });
  }

  // ---- Goals: the user reached a guide's outcome, with or without its tour ----
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
    void store.putProgress(p);
    record({ type: "guide.done", guide: guide.id, via });
    emitter.emit("guide:done", { guide: guide.id, via });
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
        !matchRequestTarget(match, request, win.location.href) ||
        !matchRequestOutcome(match, request, "2xx")
      )
        return false;
    } else if (request || Object.keys(condition).length === 0) return false;
    return evaluateCondition(condition, conditionContext());
  }

  function checkGoals(request?: RequestFacts) {
    for (const loaded of guides) if (goalHolds(loaded, request)) markDone(loaded, "goal");
  }

  // ---- Offering guides by their `start` condition ----
  function offer() {
    if (tour.active() || destroyed) return;
    const ctx = conditionContext();
    for (const { guide } of guides) {
      if (!guide.start || !guide.steps?.length) continue;
      if (!mayOffer(guide, progress.get(guide.id), offeredThisView.has(guide.id))) continue;
      if (!evaluateCondition(guide.start, ctx)) continue;
      offeredThisView.add(guide.id);
      tour.start(guide.id);
      return;
    }
  }

  function resume(): boolean {
    for (const p of progress.values()) {
      if (p.status !== "active" || !p.step) continue;
      const loaded = guides.find((g) => g.guide.id === p.guide);
      if (!loaded || (loaded.guide.version ?? 1) !== p.version) continue;
      offeredThisView.add(p.guide);
      return tour.start(p.guide, { step: p.step, history: p.history, resumed: true });
    }
    return false;
  }

  // ---- "Before you contact us" and the problem report (SPEC §2, §4, §6) ----
  // Nothing here leaves the device before the user presses Send in the report preview.
  const redactor = createRedactor(config.redact);
  // The request trace and error capture are created further down; read only when a report opens.
  const capturedRequests = (): CapturedRequest[] => requestTrace.recent();
  const capturedErrors = (): CapturedError[] => errorCapture.recent();
  const reportListeners = new Set<Listener>();
  let supportElement: Element | null = null;
  let currentReport: ProblemReport | null = null;
  let sending: AbortController | null = null;
  let reportOpening = false;
  const delivery = createReportDelivery({
    win,
    fetch: originalFetch(win),
    emit: (report, via) => emitter.emit("report", { report, via }),
    onLater: (outcome) =>
      state.setState({
        announcement:
          outcome.status === "sent"
            ? labels.reportSent
            : label(labels.reportFailed, {
                reason: outcome.status === "failed" ? outcome.reason : "",
              }),
      }),
  });
  cleanups.push(() => delivery.destroy());
  const supportClicks = interceptSupportClicks(win, (element) =>
    safe("support link", () => openSupport(element)),
  );
  cleanups.push(() => supportClicks.stop());

  /** With consent "denied" the host decided nothing leaves the device: reports go to the page only. */
  function reportDestination(): Destination {
    return config.consent === "denied"
      ? { kind: "event" }
      : destinationOf(config.report, win.location.href);
  }

  function describeDestination(destination: Destination): string {
    if (destination.kind === "email") return destination.address;
    if (destination.kind === "event") return labels.reportThisSite;
    try {
      const url = new URL(destination.url);
      return url.origin === win.location.origin ? labels.reportThisSite : url.host;
    } catch {
      return labels.reportThisSite;
    }
  }

  function openSupport(element: Element | null) {
    if (destroyed) return;
    supportElement = element;
    const { path, hash } = currentLocation(win);
    const loaded = guides.map((g) => g.guide);
    // The help matching this user's recent failures and stalls on this page, newest first.
    const matched = help
      .recentMatches(path)
      .slice(0, 3)
      .map((m) => findHelp(loaded, m.id))
      .filter((h) => h !== undefined)
      .map((h) => helpView(h, config.locale));
    state.setState({
      support: {
        help: matched,
        guides: guidesForPage(loaded, path + hash, config.locale),
        canContinue: element !== null,
      },
    });
    record({ type: "support.open", via: element ? "element" : "api" });
  }

  function closeSupport() {
    cancelReport();
    supportElement = null;
    state.setState({ support: null });
  }

  function startFromSupport(id: string, step?: string) {
    closeSupport();
    void ready.then(() => safe("start", () => void tour.start(id, step ? { step } : {})));
  }

  /** The user chose to contact support after all: the host's own link or button runs now. */
  function continueSupport() {
    const element = supportElement;
    closeSupport();
    if (element) supportClicks.continueWith(element);
  }

  async function openReport(note = "") {
    if (destroyed || reportOpening) return;
    reportOpening = true;
    try {
      const destination = reportDestination();
      if (
        destination.kind === "event" &&
        reportListeners.size === 0 &&
        config.consent !== "denied"
      ) {
        diagnostics.misuse(
          "report-no-destination",
          `The user opened "Report a problem", but reports have nowhere to go: set report.endpoint (data-report-endpoint="/support/reports") or report.email, or listen with Waymark.on("report", fn). Until then Send does nothing visible. See ${DOCS}/reports.md.`,
        );
      }
      const events = await store.events().catch(() => [] as WaymarkEvent[]);
      if (destroyed) return;
      const active = tour.active();
      currentReport = buildReport(
        {
          url: win.location.href,
          userAgent: win.navigator.userAgent,
          locale: config.locale,
          widgetVersion: __WAYMARK_VERSION__,
          now: Date.now(),
          guide: active ? { id: active.guide, step: active.step } : null,
          events,
          requests: capturedRequests(),
          errors: capturedErrors(),
          redactor,
        },
        note,
      );
      state.setState({
        report: {
          json: reportJson(currentReport),
          note: typeof note === "string" ? note : "",
          destination: describeDestination(destination),
          phase: "editing",
        },
      });
      record({ type: "report.preview" });
    } finally {
      reportOpening = false;
    }
  }

  function setReportNote(note: string) {
    const view = state.getState().report;
    if (!currentReport || !view || view.phase === "sending") return;
    currentReport = withNote(currentReport, note, redactor);
    state.setState({
      report: { ...view, note, json: reportJson(currentReport), phase: "editing" },
    });
  }

  function cancelReport() {
    sending?.abort();
    sending = null;
    currentReport = null;
    if (state.getState().report) state.setState({ report: null });
  }

  async function sendReport() {
    const view = state.getState().report;
    if (!currentReport || !view || view.phase === "sending") return;
    const report = currentReport;
    // Exactly the text the user saw is what is sent.
    const json = view.json;
    const destination = reportDestination();
    const controller = new AbortController();
    sending = controller;
    state.setState({ report: { ...view, phase: "sending" } });
    record({ type: "report.send", via: destination.kind });
    const outcome: DeliveryOutcome = await delivery.deliver(
      report,
      json,
      destination,
      controller.signal,
    );
    if (controller.signal.aborted || sending !== controller || destroyed) return;
    sending = null;
    if (outcome.status === "failed") {
      diagnostics.problem(
        "report-failed",
        `A problem report could not be delivered to ${destination.kind === "endpoint" ? destination.url : destination.kind}: ${outcome.reason}. Check that the endpoint accepts POST with a JSON body${destination.kind === "endpoint" && new URL(destination.url).origin !== win.location.origin ? " and allows this origin (CORS)" : ""}. See ${DOCS}/reports.md.`,
      );
      const current = state.getState().report;
      if (current)
        state.setState({
          report: {
            ...current,
            phase: "failed",
            message: label(labels.reportFailed, {
              reason: outcome.httpStatus ? `HTTP ${outcome.httpStatus}` : "no connection",
            }),
          },
        });
      return;
    }
    if (outcome.status === "cancelled") return;
    const element = supportElement;
    currentReport = null;
    supportElement = null;
    state.setState({
      report: null,
      support: null,
      announcement: outcome.status === "queued" ? labels.reportQueued : labels.reportSent,
    });
    // The original support action continues; an email report already opened the mail client.
    if (element && !(outcome.status === "sent" && outcome.via === "email"))
      supportClicks.continueWith(element);
  }

  // ---- Failures become in-context help (SPEC §3 Help), with a redacted request trace ----
  const requestTrace = createRequestTrace({ limit: 50 });
  let statusCache: { at: number; value: Promise<IncidentStatus | null> } | undefined;
  /** The status feed (Statuspage `status.json`): an incident, or null when all is well or unknown. */
  function incident(): Promise<IncidentStatus | null> {
    if (!config.status) return Promise.resolve(null);
    if (statusCache && Date.now() - statusCache.at < 15_000) return statusCache.value;
    const value = originalFetch(win)(new URL(config.status, config.baseUrl).href, {
      cache: "no-store",
      credentials: "omit",
    })
      .then((r) => (r.ok ? r.json() : null))
      .then((feed: { status?: { indicator?: unknown; description?: unknown } } | null) => {
        const indicator =
          typeof feed?.status?.indicator === "string" ? feed.status.indicator : "none";
        const description =
          typeof feed?.status?.description === "string"
            ? feed.status.description.slice(0, 200)
            : "";
        return indicator === "none" ? null : { indicator, description: description || indicator };
      })
      .catch(() => null);
    statusCache = { at: Date.now(), value };
    return value;
  }
  const interactions = observeInteractions(doc);
  cleanups.push(() => interactions.stop());
  function startGuideFromHelp(id: string, options: { step?: string; demo?: boolean }) {
    void ready.then(() =>
      safe("help action", () => {
        void tour.start(id, options.step ? { step: options.step } : {});
        if (!options.demo) return;
        // "Show me": play the step's demo as soon as the step is on screen.
        const giveUp = setTimeout(() => stop(), 10_000);
        const stop = state.subscribe((s) => {
          if (s.step?.guideId !== id) return;
          stop();
          clearTimeout(giveUp);
          if (s.step.hasDemo) safe("help action", () => tour.showMe());
        });
      }),
    );
  }
  const help = createHelpEngine({
    win,
    guides: () => guides,
    locale: () => config.locale,
    state,
    labels: { incident: labels.incident, helpShownAnnouncement: labels.helpShown },
    record,
    emit: emitter.emit,
    redactText: (s) => redactor.text(s),
    incident,
    involved: () => interactions.involved(),
    startGuide: startGuideFromHelp,
    openReport: () => void openReport(),
    misuse: diagnostics.misuse,
  });
  const handleFailure = (failure: Parameters<typeof help.handle>[0]) => {
    if (destroyed) return;
    help.handle(failure).catch((error: unknown) => diagnostics.internal("help", error));
  };
  function traceEntry(request: ObservedRequest): TraceEntry {
    let requestId: string | undefined;
    for (const name of config.trace.requestIdHeaders) {
      const value = request.header(name);
      if (value) {
        requestId = redactor.text(value.slice(0, 200));
        break;
      }
    }
    return requestTrace.add({
      method: request.method,
      url: redactor.url(request.url),
      status: request.status,
      network: request.network,
      duration: Math.round(request.duration),
      ts: request.startedAt,
      ...(requestId ? { requestId } : {}),
      ...(request.traceparent ? { traceparent: request.traceparent } : {}),
      ...(request.aborted ? { aborted: true } : {}),
    });
  }
  // Registered before the tour's observer, so a step's onFail finds the request in the trace.
  cleanups.push(
    observeRequests(
      (request) => {
        if (destroyed) return;
        guard(
          diagnostics,
          "request trace",
          () => {
            const entry = traceEntry(request);
            if (isFailedRequest(request)) handleFailure({ kind: "request", request, entry });
            else help.succeeded(request);
          },
          undefined,
        );
      },
      win,
      {
        // Decided synchronously before the request goes out; never for third-party origins.
        headersFor: (_method, url) =>
          !destroyed && mayPropagate(url, win.location.origin, config.trace.propagate)
            ? { traceparent: newTraceparent() }
            : undefined,
        wantsBody: (request) => !destroyed && help.wantsBody(request),
      },
    ),
  );
  const errorCapture = observeErrors({
    win,
    redactor,
    onError: (error) => handleFailure({ kind: "error", error }),
  });
  cleanups.push(() => errorCapture.stop());
  cleanups.push(
    observeInvalidFields(doc, (element) => handleFailure({ kind: "invalid", element })),
  );
  // The one rage-click listener: help's `rage` matchers, and the `rage` stall (src/stall).
  cleanups.push(
    observeRageClicks(doc, (element) => {
      handleFailure({ kind: "rage", element });
      guard(diagnostics, "rage", () => stalls?.rage(element), undefined);
    }),
  );
  const onStall = (payload: Record<string, unknown>) =>
    handleFailure({
      kind: "stall",
      ...(typeof payload.guide === "string" ? { guide: payload.guide } : {}),
      ...(typeof payload.step === "string" ? { step: payload.step } : {}),
    });
  emitter.on("stall", onStall);
  cleanups.push(() => emitter.off("stall", onStall));
  cleanups.push(() => help.hide());

  // ---- Observation of the page ----
  cleanups.push(
    observeRequests((request) => {
      if (destroyed) return;
      guard(
        diagnostics,
        "request observer",
        () => {
          for (const fn of [...requestListeners]) fn(request);
          checkGoals(request);
        },
        undefined,
      );
    }, win),
  );
  cleanups.push(
    watchLocation(win, (location) =>
      guard(
        diagnostics,
        "navigation",
        () => {
          for (const fn of [...locationListeners]) fn(location);
          checkGoals();
          offer();
        },
        undefined,
      ),
    ),
  );

  // ---- Loading ----
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
      store.progress(),
    ]);
    if (destroyed) return;
    guides = result.guides;
    for (const problem of result.problems) {
      if (problem.severity === "error") diagnostics.problem("guide", formatProblem(problem));
      else diagnostics.misuse("guide", formatProblem(problem));
    }
    for (const p of stored) {
      const known = progress.get(p.guide);
      if (!known || known.updatedAt < p.updatedAt) progress.set(p.guide, p);
    }
    await domReady;
    if (destroyed) return;
    checkGoals();
    if (!resume()) offer();
    watchStartElements();
    if (guides.length > 0) preloadUiWhenIdle();
  }

  /**
   * Fetches the `ui` part once the page is idle, so that help for a failure can still be shown
   * when the failure is the network going away: page load never waits for it, and nothing
   * is shown or added to the page until something needs to be.
   */
  function preloadUiWhenIdle() {
    const preload = () => {
      if (!destroyed) loadUiPart().catch(() => {}); // a failure is reported when it is needed
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
  function watchStartElements() {
    const needsDom = guides.some((g) => g.guide.start && conditionDependsOn(g.guide.start).element);
    if (!needsDom || typeof MutationObserver !== "function") return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const observer = new MutationObserver(() => {
      if (timer === undefined && !tour.active())
        timer = setTimeout(
          () => ((timer = undefined), guard(diagnostics, "start", offer, undefined)),
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

  const ready = load().catch((error: unknown) => diagnostics.internal("loading guides", error));

  const safe = (where: string, fn: () => void) => guard(diagnostics, where, fn, undefined);

  const widget: Widget = {
    config,
    diagnostics,
    ready,
    start(guideId, options) {
      safe("start", () => {
        if (typeof guideId !== "string")
          return diagnostics.misuse(
            "start-args",
            `Waymark.start() needs a guide id string, got ${typeof guideId}.`,
          );
        // Calls made before the guides arrived run once they have.
        void ready.then(() =>
          safe(
            "start",
            () => void tour.start(guideId, options?.step ? { step: options.step } : {}),
          ),
        );
      });
    },
    demo(guideId, options) {
      safe("demo", () => {
        if (typeof guideId !== "string")
          return diagnostics.misuse(
            "demo-args",
            `Waymark.demo() needs a guide id string, got ${typeof guideId}.`,
          );
        void ready.then(() =>
          safe("demo", () =>
            playDemo(guideId, typeof options?.step === "string" ? options.step : undefined),
          ),
        );
      });
    },
    stop() {
      // Ordered after start(): a start() queued before the guides arrived runs on `ready` too.
      void ready.then(() => safe("stop", () => tour.close("host")));
    },
    identify(traits) {
      safe("identify", () => {
        if (!traits || typeof traits !== "object")
          return diagnostics.misuse(
            "identify-args",
            'Waymark.identify() takes an object of user traits, e.g. { plan: "pro" }.',
          );
        Object.assign(user, traits);
        offer();
      });
    },
    track(name) {
      safe("track", () => {
        if (typeof name !== "string")
          return diagnostics.misuse("track-args", "Waymark.track() takes an event name string.");
        tracked.add(name);
        for (const fn of [...trackListeners]) fn(name);
        checkGoals();
        offer();
      });
    },
    fail(name, data) {
      safe("fail", () => {
        if (typeof name !== "string")
          return diagnostics.misuse("fail-args", "Waymark.fail() takes a failure name string.");
        const code = typeof data?.code === "string" ? data.code : undefined;
        handleFailure({ kind: "event", name, ...(code ? { code } : {}) });
      });
    },
    consent(granted) {
      safe("consent", () => {
        config.consent = granted ? "granted" : "denied";
        exporter?.setConsent(config.consent);
      });
    },
    support() {
      safe("support", () => openSupport(null));
    },
    report(note) {
      safe("report", () => {
        if (note !== undefined && typeof note !== "string") {
          diagnostics.misuse(
            "report-args",
            `Waymark.report(note) takes the user's note as a string (or nothing); got ${note === null ? "null" : typeof note}, so the note was left empty. See ${DOCS}/reports.md.`,
          );
          note = undefined;
        }
        void openReport(note ?? "");
      });
    },
    insights() {
      safe(
        "insights",
        () =>
          void ready
            .then(() => openInsights())
            .catch((error: unknown) => diagnostics.internal("insights", error)),
      );
    },
    async exportData() {
      try {
        const [events, stored] = await Promise.all([store.events(), store.progress()]);
        return {
          schemaVersion: 1 as const,
          events: events.sort((a, b) => a.ts - b.ts),
          progress: stored,
        };
      } catch (error) {
        diagnostics.internal("exportData", error);
        return { schemaVersion: 1 as const, events: [], progress: [] };
      }
    },
    async clearData() {
      try {
        progress.clear();
        await store.clear();
      } catch (error) {
        diagnostics.internal("clearData", error);
      }
    },
    on(event, fn) {
      safe("on", () => {
        if (!KNOWN_EVENTS.includes(event))
          diagnostics.misuse(
            "on-unknown-event",
            `Waymark.on("${event}") listens to an event Waymark never sends, so the listener will never run. Use one of ${KNOWN_EVENTS.map((e) => `"${e}"`).join(", ")}. See ${DOCS}/embedding.md#api.`,
          );
        if (typeof fn !== "function")
          return diagnostics.misuse(
            "on-args",
            `Waymark.on("${event}", fn) needs a function as its second argument; got ${fn === null ? "null" : typeof fn}.`,
          );
        if (event === "report") reportListeners.add(fn);
        emitter.on(event, fn);
      });
    },
    off(event, fn) {
      safe("off", () => {
        if (event === "report") reportListeners.delete(fn);
        emitter.off(event, fn);
      });
    },
    destroy() {
      if (destroyed) return;
      safe("destroy", () => {
        tour.abandon();
        destroyed = true;
        for (const fn of cleanups) fn();
        highlighter.hide();
        ui?.destroy();
        ui = undefined;
        void store.flush().finally(() => store.close());
        emitter.clear();
      });
    },
  };
  return widget;
}

/**
 * The demo session, with the player loaded on the first `play()` (src/lazy.ts): most visits
 * never play a demo. While the part loads, the demo counts as playing (so the tour never takes
 * what follows for the user's doing) and `stop()`/`destroy()` cancel it before it starts.
 */
function lazyDemoSession(ctx: DemoSessionContext, failed: (error: unknown) => void): DemoSession {
  let real: DemoSession | null = null;
  let pending: {
    guide: Parameters<DemoSession["play"]>[0];
    step: Parameters<DemoSession["play"]>[1];
  } | null = null;
  let destroyed = false;
  const session: DemoSession = {
    async play(guide, step) {
      if (real) return real.play(guide, step);
      const request = (pending = { guide, step });
      let part;
      try {
        part = await loadDemoPart();
      } catch (error) {
        if (pending === request) pending = null;
        failed(error);
        return;
      }
      if (destroyed) return;
      real ??= part.createDemoSession(ctx);
      if (pending !== request) return; // stopped, or replaced by a later play(), while loading
      pending = null;
      return real.play(guide, step);
    },
    current: () =>
      real?.current() ?? (pending ? { guide: pending.guide, step: pending.step } : null),
    playing: () => real?.playing() ?? pending !== null,
    pause: () => real?.pause(),
    resume: () => real?.resume(),
    stop: () => {
      pending = null;
      real?.stop();
    },
    replay: () => real?.replay(),
    setSpeed: (next) => real?.setSpeed(next),
    destroy: () => {
      destroyed = true;
      pending = null;
      real?.destroy();
    },
  };
  return session;
}
