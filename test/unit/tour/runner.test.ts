import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { RequestFacts } from "../../../src/guide/request";
import type { Guide } from "../../../src/guide/schema";
import { createStateStore } from "../../../src/state";
import type { Highlighter } from "../../../src/tour/highlight";
import { createTourRunner } from "../../../src/tour/runner";
import { DEFAULT_LABELS } from "../../../src/ui/labels";

// One step per way a step can be wired (advance kinds, a target that moves, a late target),
// so that a start/stop cycle through each leaves nothing behind.
const GUIDE: Guide = {
  id: "tidy",
  title: "Tidy",
  steps: [
    { id: "next", target: "#save", title: "Next" },
    { id: "click", target: "#save", title: "Click", advance: { click: "#save" } },
    { id: "input", target: "#name", title: "Input", advance: { input: true, matches: "^a" } },
    { id: "page", title: "Page", advance: { page: "/done" } },
    { id: "element", title: "Element", advance: { element: "#later" } },
    { id: "event", title: "Event", advance: { event: "saved" } },
    { id: "request", title: "Request", advance: { request: { url: "/api/save" } } },
    { id: "late", target: "#late", title: "Late", wait: 4000 },
  ],
};

/** What is live now: DOM listeners, observers, subscriptions and timers. */
function liveCounter() {
  const listeners: Array<{ target: EventTarget; type: string; fn: unknown; capture: boolean }> = [];
  const capture = (options: unknown) =>
    typeof options === "boolean"
      ? options
      : Boolean((options as { capture?: boolean } | undefined)?.capture);
  for (const target of [window, document] as EventTarget[]) {
    const add = target.addEventListener.bind(target);
    const remove = target.removeEventListener.bind(target);
    vi.spyOn(target, "addEventListener").mockImplementation((type, fn, options) => {
      const c = capture(options);
      const i = listeners.findIndex(
        (l) => l.target === target && l.type === type && l.fn === fn && l.capture === c,
      );
      if (i < 0) listeners.push({ target, type, fn, capture: c });
      add(type, fn, options);
    });
    vi.spyOn(target, "removeEventListener").mockImplementation((type, fn, options) => {
      const c = capture(options);
      const i = listeners.findIndex(
        (l) => l.target === target && l.type === type && l.fn === fn && l.capture === c,
      );
      if (i >= 0) listeners.splice(i, 1);
      remove(type, fn, options);
    });
  }
  const observers = new Set<object>();
  const counted = <T extends new (callback: never) => { disconnect(): void }>(Base: T) =>
    class extends (Base as new (callback: never) => { disconnect(): void }) {
      constructor(callback: never) {
        super(callback);
        observers.add(this);
      }
      override disconnect() {
        observers.delete(this);
        super.disconnect();
      }
    };
  vi.stubGlobal("MutationObserver", counted(MutationObserver));
  vi.stubGlobal("ResizeObserver", counted(ResizeObserver));
  return {
    listeners: () =>
      listeners.map((l) => `${l.target === window ? "window" : "document"} ${l.type}`),
    observers: () => observers.size,
  };
}

function setup() {
  const live = liveCounter();
  const subscriptions = {
    track: new Set<(name: string) => void>(),
    request: new Set<(request: RequestFacts) => void>(),
    location: new Set<(location: { path: string; hash: string }) => void>(),
  };
  const subscribe =
    <T>(set: Set<T>) =>
    (fn: T) => {
      set.add(fn);
      return () => void set.delete(fn);
    };
  const state = createStateStore();
  let stateListeners = 0;
  const stateSubscribe = state.subscribe;
  state.subscribe = (listener) => {
    stateListeners++;
    const unsubscribe = stateSubscribe(listener);
    return () => {
      stateListeners--;
      unsubscribe();
    };
  };
  const highlighter: Highlighter = { ready: () => null, show() {}, refresh() {}, hide() {} };
  const runner = createTourRunner({
    win: window,
    guide: (id) => (id === GUIDE.id ? { guide: GUIDE, file: "tidy.json" } : undefined),
    locale: () => "en",
    labels: DEFAULT_LABELS,
    state,
    highlighter,
    dialog: () => null,
    reposition() {},
    record() {},
    saveProgress() {},
    conditionContext: () => ({}) as never,
    emit() {},
    onTrack: subscribe(subscriptions.track),
    onRequest: subscribe(subscriptions.request),
    onLocation: subscribe(subscriptions.location),
    misuse() {},
  });
  /** Everything wired for a tour that is still there. */
  const leftover = () => ({
    listeners: live.listeners(),
    observers: live.observers(),
    timers: vi.getTimerCount(),
    subscriptions: subscriptions.track.size + subscriptions.request.size,
    // The runner's own location listener is part of a tour too.
    locationSubscriptions: subscriptions.location.size,
    stateListeners,
  });
  return { runner, state, leftover };
}

beforeEach(() => {
  vi.useFakeTimers();
  document.body.innerHTML = `<label>Name <input id="name"></label> <button id="save">Save</button>`;
  // happy-dom lays nothing out: give every element a size so that targets count as visible.
  vi.spyOn(Element.prototype, "getBoundingClientRect").mockReturnValue(
    DOMRect.fromRect({ x: 10, y: 10, width: 80, height: 24 }),
  );
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  document.body.innerHTML = "";
});

describe("tour runner: nothing outlives a tour", () => {
  it("releases every listener, observer, subscription and timer after 50 rounds of start and stop at each step", async () => {
    const { runner, state, leftover } = setup();
    const idle = leftover();
    expect(idle).toEqual({
      listeners: [],
      observers: 0,
      timers: 0,
      subscriptions: 0,
      locationSubscriptions: 0,
      stateListeners: 0,
    });
    for (let round = 0; round < 50; round++) {
      for (const step of GUIDE.steps ?? []) {
        expect(runner.start(GUIDE.id, { step: step.id })).toBe(true);
        await vi.advanceTimersByTimeAsync(16);
        if (step.id === "late") expect(state.getState().step).toBeNull();
        else expect(state.getState().step?.stepId).toBe(step.id);
        // While the step is open, something is wired; afterwards nothing is.
        expect(leftover()).not.toEqual(idle);
        if (round % 2) runner.close();
        else runner.abandon();
        await vi.advanceTimersByTimeAsync(16);
        expect(leftover(), `after step "${step.id}" in round ${round}`).toEqual(idle);
      }
    }
  });

  it("releases the wiring of each step it leaves, and of a tour another start replaced", async () => {
    const { runner, state, leftover } = setup();
    const idle = leftover();
    for (let round = 0; round < 50; round++) {
      runner.start(GUIDE.id);
      await vi.advanceTimersByTimeAsync(16);
      const wiredForOneStep = leftover();
      runner.next(); // "next" → "click"
      await vi.advanceTimersByTimeAsync(16);
      expect(state.getState().step?.stepId).toBe("click");
      // Replaced while shown: the first tour's step and keys go, the new one's come.
      runner.start(GUIDE.id);
      await vi.advanceTimersByTimeAsync(16);
      expect(leftover()).toEqual(wiredForOneStep);
      runner.close();
      expect(leftover()).toEqual(idle);
    }
  });
});
