import { h } from "preact";
import { observeRequests, originalFetch } from "./capture/requests";
import { resolveConfig, type ResolvedConfig, type WaymarkConfig } from "./config";
import { createDiagnostics, DOCS, guard, type Diagnostics } from "./diagnostics";
import { createEmitter, type Listener } from "./emitter";
import { conditionDependsOn, evaluateCondition, type ConditionContext } from "./guide/condition";
import { formatProblem, loadGuides, type LoadedGuide } from "./guide/load";
import { matchRequestOutcome, matchRequestTarget, type RequestFacts } from "./guide/request";
import { createStateStore } from "./state";
import type { Progress, WaymarkEvent } from "./store/records";
import { createStore, type WaymarkStore } from "./store/store";
import { createHighlighter } from "./tour/highlight";
import { currentLocation, watchLocation } from "./tour/navigation";
import { mayOffer } from "./tour/offer";
import { createTourRunner } from "./tour/runner";
import { findVisible } from "./tour/targets";
import { App } from "./ui/App";
import { resolveLabels } from "./ui/labels";
import { createUiRoot, type UiRoot } from "./ui/root";
import widgetCss from "./ui/widget.css?inline";

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
  exportData(): Promise<{ schemaVersion: 1; events: WaymarkEvent[]; progress: Progress[] }>;
  clearData(): Promise<void>;
  on(event: string, fn: Listener): void;
  off(event: string, fn: Listener): void;
  destroy(): void;
}

/** Keys of `track` data that could carry personal data are never stored. */
const SESSION_KEY = "waymark.session";

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

export function createWidget(userConfig: WaymarkConfig, win: Window = window, baseUrl = win.location.href): Widget {
  const config = resolveConfig(userConfig, baseUrl);
  const doc = win.document;
  const diagnostics = createDiagnostics(() => config.debug);
  const emitter = createEmitter((error, event) =>
    diagnostics.problem("listener", `A Waymark.on("${event}") listener threw ${error instanceof Error ? error.message : String(error)}; the other listeners still ran. Fix the listener.`),
  );
  const labels = resolveLabels(config.labels);
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
  const subscribe = <T>(set: Set<T>) => (fn: T) => {
    set.add(fn);
    return () => void set.delete(fn);
  };

  const store: WaymarkStore = createStore({
    retention: config.retention,
    onFallback: (reason) =>
      diagnostics.misuse("storage-fallback", `Local storage (IndexedDB) is unavailable (${reason}), so Waymark keeps this session's data in memory: tours work, but progress will not survive a reload. See ${DOCS}/storage.md.`),
    onRemoteProgress: (p) => {
      progress.set(p.guide, p);
      const active = tour.active();
      if (active?.guide === p.guide && p.status !== "active") tour.abandon();
    },
  });

  let eventCount = 0;
  function record(event: Omit<WaymarkEvent, "id" | "v" | "ts" | "page" | "session">) {
    // Only the path is stored: query strings and fragments can carry secrets.
    store.record({ id: `${session}.${(eventCount++).toString(36)}.${Date.now().toString(36)}`, v: 1, ts: Date.now(), session, page: win.location.pathname, ...event } as WaymarkEvent);
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

  // ---- UI (created lazily: a page that never shows a step gets no DOM from Waymark) ----
  let ui: UiRoot | undefined;
  let reposition: (() => void) | null = null;
  const highlighter = createHighlighter(doc);
  function ensureUi() {
    if (ui || destroyed) return;
    ui = createUiRoot(doc, widgetCss);
    ui.render(
      h(App, {
        state,
        labels,
        stepActions: {
          next: () => guard(diagnostics, "Next", () => tour.next(), undefined),
          back: () => guard(diagnostics, "Back", () => tour.back(), undefined),
          close: () => guard(diagnostics, "Close", () => tour.close(), undefined),
          showMe: () => guard(diagnostics, "Show me", () => tour.showMe(), undefined),
        },
        targetRect: () => tour.target()?.getBoundingClientRect() ?? null,
        onPositioner: (fn) => (reposition = fn),
      }),
    );
  }
  cleanups.push(state.subscribe((s) => s.step && ensureUi()));

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
    misuse: diagnostics.misuse,
  });

  // ---- Goals: the user reached a guide's outcome, with or without its tour ----
  function markDone(loaded: LoadedGuide, via: string) {
    const { guide } = loaded;
    if (progress.get(guide.id)?.status === "done" && progress.get(guide.id)?.version === (guide.version ?? 1)) return;
    if (tour.active()?.guide === guide.id) return tour.markDone(guide.id);
    const p: Progress = { v: 1, guide: guide.id, version: guide.version ?? 1, status: "done", history: [], updatedAt: Date.now() };
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
      if (!request || !matchRequestTarget(match, request, win.location.href) || !matchRequestOutcome(match, request, "2xx")) return false;
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

  // ---- Observation of the page ----
  cleanups.push(
    observeRequests((request) => {
      if (destroyed) return;
      guard(diagnostics, "request observer", () => {
        for (const fn of [...requestListeners]) fn(request);
        checkGoals(request);
      }, undefined);
    }, win),
  );
  cleanups.push(
    watchLocation(win, (location) =>
      guard(diagnostics, "navigation", () => {
        for (const fn of [...locationListeners]) fn(location);
        checkGoals();
        offer();
      }, undefined),
    ),
  );

  // ---- Loading ----
  const domReady = new Promise<void>((resolve) => {
    if (doc.readyState !== "loading") resolve();
    else doc.addEventListener("DOMContentLoaded", () => resolve(), { once: true });
  });

  async function load() {
    if (config.guides === undefined) {
      diagnostics.misuse("no-guides", `Waymark has no guides: set data-guides="/guides/index.json" on the script tag or pass { guides } to Waymark.init(). See ${DOCS}/embedding.md.`);
    }
    const [result, stored] = await Promise.all([
      config.guides === undefined
        ? { guides: [], problems: [] }
        : loadGuides(config.guides, { fetch: originalFetch(win), baseUrl: config.baseUrl, locale: config.locale }),
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
  }

  /** Start conditions on elements are re-checked when the DOM changes (at most twice a second). */
  function watchStartElements() {
    const needsDom = guides.some((g) => g.guide.start && conditionDependsOn(g.guide.start).element);
    if (!needsDom || typeof MutationObserver !== "function") return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const observer = new MutationObserver(() => {
      if (timer === undefined && !tour.active()) timer = setTimeout(() => ((timer = undefined), guard(diagnostics, "start", offer, undefined)), 500);
    });
    observer.observe(doc.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ["class", "hidden", "style"] });
    cleanups.push(() => {
      observer.disconnect();
      clearTimeout(timer);
    });
  }

  const ready = load().catch((error: unknown) => diagnostics.internal("loading guides", error));

  const safe = (where: string, fn: () => void) => guard(diagnostics, where, fn, undefined);

  return {
    config,
    diagnostics,
    ready,
    start(guideId, options) {
      safe("start", () => {
        if (typeof guideId !== "string") return diagnostics.misuse("start-args", `Waymark.start() needs a guide id string, got ${typeof guideId}.`);
        // Calls made before the guides arrived run once they have.
        void ready.then(() => safe("start", () => void tour.start(guideId, options?.step ? { step: options.step } : {})));
      });
    },
    stop() {
      safe("stop", () => tour.close("host"));
    },
    identify(traits) {
      safe("identify", () => {
        if (!traits || typeof traits !== "object") return diagnostics.misuse("identify-args", "Waymark.identify() takes an object of user traits, e.g. { plan: \"pro\" }.");
        Object.assign(user, traits);
        offer();
      });
    },
    track(name) {
      safe("track", () => {
        if (typeof name !== "string") return diagnostics.misuse("track-args", "Waymark.track() takes an event name string.");
        tracked.add(name);
        for (const fn of [...trackListeners]) fn(name);
        checkGoals();
        offer();
      });
    },
    fail(name, data) {
      safe("fail", () => {
        if (typeof name !== "string") return diagnostics.misuse("fail-args", "Waymark.fail() takes a failure name string.");
        const code = typeof data?.code === "string" ? data.code : undefined;
        record({ type: "failure", kind: "event", signature: `event:${name}${code ? `:${code}` : ""}` });
      });
    },
    consent(granted) {
      safe("consent", () => {
        config.consent = granted ? "granted" : "denied";
      });
    },
    async exportData() {
      try {
        const [events, stored] = await Promise.all([store.events(), store.progress()]);
        return { schemaVersion: 1 as const, events: events.sort((a, b) => a.ts - b.ts), progress: stored };
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
      safe("on", () => typeof fn === "function" && emitter.on(event, fn));
    },
    off(event, fn) {
      safe("off", () => emitter.off(event, fn));
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
}
