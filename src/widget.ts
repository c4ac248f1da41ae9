// The order of these imports is the order of the modules in the bundle: kept close to the
// order that compresses best (dist/waymark.js has a gzip budget, scripts/size.mjs).
import { wireHelp, type Help } from "./widget/help";
import { resolveConfig, type ResolvedConfig, type WaymarkConfig } from "./config";
import { createDiagnostics, DOCS, guard, type Diagnostics } from "./diagnostics";
import { createEmitter, type Listener } from "./emitter";
import type { ConditionContext } from "./guide/condition";
import type { LoadedGuide } from "./guide/load";
import type { RequestFacts } from "./guide/request";
import { wireGoals } from "./widget/goals";
import { startLoading } from "./widget/load";
import { createRedactor } from "./privacy/redact";
import { wireSupport } from "./widget/support";
import { wireStalls, type Stalls } from "./widget/stalls";
import { createStateStore } from "./state";
import type { Progress, WaymarkEvent } from "./store/records";
import { createStore, type WaymarkStore } from "./store/store";
import { createExporter } from "./widget/telemetry";
import { wireUi } from "./widget/ui";
import { currentLocation } from "./tour/navigation";
import { wireOffers } from "./widget/offers";
import { resolveLabels } from "./ui/labels";
import { findVisible } from "./tour/targets";
import { createTourRunner } from "./tour/runner";
import { wireDemos, type Demos } from "./widget/demos";
import { wireInsights } from "./widget/insights";
import { checkConfigMisuse } from "./misuse";
import type { WidgetContext } from "./widget/context";
import { observePage } from "./widget/observe";
import { createRecord, sessionId } from "./widget/record";

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

/**
 * The composition root: creates what the features share (src/widget/context.ts), wires each
 * feature (src/widget/*.ts) in the order their listeners must be registered, and builds the
 * public object.
 */
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

  /** Wired after the tour runner below; `record()` feeds it. */
  let stalls: Stalls | undefined;
  const exporter = createExporter({ win, config, diagnostics, store, cleanups });
  const record = createRecord({
    win,
    store,
    session,
    exporter,
    observe: (event) => stalls?.observe(event),
  });

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

  const ctx: WidgetContext = {
    win,
    doc,
    config,
    diagnostics,
    emitter,
    labels,
    state,
    store,
    cleanups,
    destroyed: () => destroyed,
    guides: () => guides,
    progress,
    record,
    conditionContext,
    ready: () => ready,
  };

  // Features call each other: one wired later is reached through the closures below, which
  // run only after start-up (as the hoisted functions of a single createWidget did).
  const ui = wireUi({
    ...ctx,
    features: () => ({
      tour,
      demo: demos.session,
      help: failures.engine,
      support,
      insights,
      clearData: widget.clearData,
    }),
  });
  const tour = createTourRunner({
    win,
    guide: (id) => guides.find((g) => g.guide.id === id),
    locale: () => config.locale,
    labels,
    state,
    highlighter: ui.highlighter,
    dialog: ui.dialog,
    reposition: ui.reposition,
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
    showHelp: (id, request) => failures.engine.show(id, { request }),
    misuse: diagnostics.misuse,
    playDemo: (guide, step) =>
      void demos.session
        .play(guide, step)
        .catch((error: unknown) => diagnostics.internal("demo", error)),
    demoPlaying: () => demos.session.playing(),
  });
  const demos: Demos = wireDemos({ ...ctx, tour, onRequest: subscribe(requestListeners) });
  stalls = wireStalls({ ...ctx, tour });
  const insights = wireInsights(ctx);
  const checkGoals = wireGoals({ ...ctx, tour });
  const { offer, resume } = wireOffers({ ...ctx, tour });
  const redactor = createRedactor(config.redact);
  const support = wireSupport({
    ...ctx,
    tour,
    redactor,
    help: () => failures.engine,
    capturedRequests: () => failures.requestTrace.recent(),
    capturedErrors: () => failures.errorCapture.recent(),
  });
  const failures: Help = wireHelp({
    ...ctx,
    tour,
    redactor,
    openReport: () => void support.openReport(),
    rage: (element) => stalls?.rage(element),
  });
  observePage({ ...ctx, requestListeners, locationListeners, checkGoals, offer });
  const ready = startLoading({
    ...ctx,
    tour,
    setGuides: (loaded) => (guides = loaded),
    checkGoals,
    resume,
    offer,
  });

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
            demos.play(guideId, typeof options?.step === "string" ? options.step : undefined),
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
        failures.handleFailure({ kind: "event", name, ...(code ? { code } : {}) });
      });
    },
    consent(granted) {
      safe("consent", () => {
        config.consent = granted ? "granted" : "denied";
        exporter?.setConsent(config.consent);
      });
    },
    support() {
      safe("support", () => support.open(null));
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
        void support.openReport(note ?? "");
      });
    },
    insights() {
      safe(
        "insights",
        () =>
          void ready
            .then(() => insights.open())
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
        if (event === "report") support.reportListeners.add(fn);
        emitter.on(event, fn);
      });
    },
    off(event, fn) {
      safe("off", () => {
        if (event === "report") support.reportListeners.delete(fn);
        emitter.off(event, fn);
      });
    },
    destroy() {
      if (destroyed) return;
      safe("destroy", () => {
        tour.abandon();
        destroyed = true;
        for (const fn of cleanups) fn();
        ui.unmount();
        void store.flush().finally(() => store.close());
        emitter.clear();
      });
    },
  };
  return widget;
}
