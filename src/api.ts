import type { WaymarkConfig } from "./config";
import { createDiagnostics, DOCS } from "./diagnostics";
import type { Listener, WaymarkEventName } from "./emitter";
import type { Progress, WaymarkEvent } from "./store/records";
import { createStore } from "./store/store";
import { createWidget, type Widget } from "./widget";

/** What `exportData()` resolves to (SPEC §5). */
export interface ExportedData {
  schemaVersion: 1;
  events: WaymarkEvent[];
  progress: Progress[];
}

/** The public API: `window.Waymark` and the ES module export the same functions (SPEC §2). */
export interface WaymarkApi {
  init(config: WaymarkConfig): void;
  start(guideId: string, options?: { step?: string }): void;
  demo(guideId: string, options?: { step?: string }): void;
  stop(): void;
  identify(traits: Record<string, unknown>): void;
  track(name: string, data?: Record<string, unknown>): void;
  fail(name: string, data?: Record<string, unknown>): void;
  support(): void;
  report(note?: string): void;
  consent(granted: boolean): void;
  insights(): void;
  exportData(): Promise<ExportedData>;
  clearData(): Promise<void>;
  on(event: WaymarkEventName, fn: Listener): void;
  off(event: WaymarkEventName, fn: Listener): void;
  readonly version: string;
}

/**
 * Creates one Waymark API object. Calls made before `init()` (other than `init`) are held and
 * run right after it, in order. A second `init()` with a different config replaces the first
 * (listeners stay registered) and, in debug mode, says so.
 */
export function createWaymark(win: Window = window): WaymarkApi {
  let widget: Widget | undefined;
  let lastConfig = "";
  let mergedConfig: WaymarkConfig = {};
  const held: Array<(w: Widget) => void> = [];
  const listeners: Array<[string, Listener]> = [];
  // Before init there is no config; misuse is still worth saying when debug is later turned on.
  const early = createDiagnostics(() => widget?.config.debug ?? false);

  const withWidget = (fn: (w: Widget) => void) => {
    if (widget) fn(widget);
    else held.push(fn);
  };

  const api: WaymarkApi = {
    version: __WAYMARK_VERSION__,
    init(config) {
      try {
        if (!config || typeof config !== "object") {
          early.problem(
            "init-args",
            `Waymark.init() takes a config object such as { guides: "/guides/index.json" }; got ${config === null ? "null" : typeof config}. See ${DOCS}/embedding.md.`,
          );
          return;
        }
        const serialized = JSON.stringify(config);
        if (widget && serialized === lastConfig) return;
        if (widget) {
          widget.diagnostics.misuse(
            "init-twice",
            `Waymark.init() was called again with a different config; the new config replaces the old one (tours restart). If this is not intended, call init() once. See ${DOCS}/embedding.md.`,
          );
          widget.destroy();
        }
        lastConfig = serialized;
        mergedConfig = { ...mergedConfig, ...config };
        widget = createWidget(mergedConfig, win);
        for (const [event, fn] of listeners) widget.on(event, fn);
        for (const fn of held.splice(0)) fn(widget);
      } catch (error) {
        early.internal("init", error);
      }
    },
    start: (guideId, options) => withWidget((w) => w.start(guideId, options)),
    stop: () => withWidget((w) => w.stop()),
    identify: (traits) => withWidget((w) => w.identify(traits)),
    track: (name, data) => withWidget((w) => w.track(name, data)),
    fail: (name, data) => withWidget((w) => w.fail(name, data)),
    consent: (granted) => withWidget((w) => w.consent(granted)),
    on(event, fn) {
      listeners.push([event, fn]);
      widget?.on(event, fn);
    },
    off(event, fn) {
      const i = listeners.findIndex(([e, f]) => e === event && f === fn);
      if (i >= 0) listeners.splice(i, 1);
      widget?.off(event, fn);
    },
    async exportData() {
      if (widget) return widget.exportData();
      // Not initialised: read what earlier page views stored, without starting anything.
      const store = createStore({
        retention: { days: 3650, maxEvents: Number.MAX_SAFE_INTEGER },
        onFallback: () => {},
      });
      try {
        const [events, progress] = await Promise.all([store.events(), store.progress()]);
        return { schemaVersion: 1, events, progress };
      } finally {
        store.close();
      }
    },
    async clearData() {
      if (widget) return widget.clearData();
      const store = createStore({
        retention: { days: 3650, maxEvents: Number.MAX_SAFE_INTEGER },
        onFallback: () => {},
      });
      await store.clear();
      store.close();
    },
    demo: (guideId, options) => withWidget((w) => w.demo(guideId, options)),
    support: () => withWidget((w) => w.support()),
    report: (note) => withWidget((w) => w.report(note)),
    insights: () => withWidget((w) => w.insights()),
  };

  return api;
}
