import type { Guide, Step } from "../guide/schema";
import { pickLocale } from "../guide/text";
import type { DemoView, StateStore } from "../state";
import type { WaymarkEvent } from "../store/records";
import { label, type Labels } from "../ui/labels";
import { describeElement, plainText } from "./describe";
import { playDemo, type DemoEvent, type DemoPlayback, type DemoResult } from "./player";

/**
 * One "Show me" demo at a time for a Waymark instance: starts the player for a step, mirrors
 * its progress into the state store (pointer, caption, controls) and the live region, follows
 * the target while the page scrolls, handles Esc, and tells the caller how it ended.
 * `playing()` stays true until the fields the demo changed have their values back, so the tour
 * never mistakes the demo's typing (or its restoring) for the user's.
 */
export interface DemoSessionContext {
  win: Window;
  state: StateStore;
  labels: Labels;
  locale(): string;
  record(event: Omit<WaymarkEvent, "id" | "v" | "ts" | "page" | "session">): void;
  /** Plain-language problem for the guide's author (debug console). */
  misuse(code: string, message: string): void;
  /** The file a guide came from, for messages. */
  fileOf(guideId: string): string;
  /** How long to wait for a missing target by default, in ms. */
  defaultWaitMs: number;
  /** The demo ended; `message` is what to tell the user when it could not finish. */
  ended(result: DemoResult, guide: Guide, step: Step, message: string): void;
}

export const DEMO_SPEEDS = [0.5, 1, 2] as const;

interface Current {
  guide: Guide;
  step: Step;
  abort: AbortController;
  playback: DemoPlayback | null;
  target: Element | null;
  done: Promise<void>;
}

export type DemoSession = ReturnType<typeof createDemoSession>;

export function createDemoSession(ctx: DemoSessionContext) {
  const { win, state, labels } = ctx;
  let current: Current | null = null;
  let speed = 1;
  let frame = 0;

  const reducedMotion = () => win.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
  const setView = (patch: Partial<DemoView>) => {
    const view = state.getState().demo;
    if (view) state.setState({ demo: { ...view, ...patch } });
  };
  const announce = (announcement: string) => state.setState({ announcement });

  /** Where the pointer's tip goes on an element: its middle, but near the start of wide fields. */
  function tipOf(el: Element) {
    const r = el.getBoundingClientRect();
    return {
      pointer: {
        x: Math.round(r.left + Math.min(r.width / 2, 40)),
        y: Math.round(r.top + r.height / 2),
      },
      targetRect: { x: r.left, y: r.top, width: r.width, height: r.height },
    };
  }

  // The pointer stays on its element while the page scrolls or resizes (no glide for that).
  const follow = () => {
    if (frame || !current?.target) return;
    frame = win.requestAnimationFrame(() => {
      frame = 0;
      const target = current?.target;
      if (target?.isConnected) setView({ ...tipOf(target), glideMs: 0 });
    });
  };

  // Esc stops the demo (and only the demo: the tour stays open). Capture phase on the window,
  // so it runs before the tour's own Esc handling.
  const onKeydown = (event: KeyboardEvent) => {
    if (event.key !== "Escape" || !current || event.defaultPrevented) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    session.stop();
  };

  function onEvent(c: Current, event: DemoEvent) {
    if (current !== c) return;
    const name = (el: Element) => describeElement(el);
    switch (event.type) {
      case "action":
        setView({ index: event.index + 1, caption: "" });
        return;
      case "waiting":
        announce(labels.demoWaiting);
        return;
      case "pointer": {
        c.target = event.target;
        const target = event.target;
        if (state.getState().demo?.pointer || event.glideMs === 0) {
          setView({ ...tipOf(target), glideMs: event.glideMs });
          return;
        }
        // The first time, the pointer enters from the controls, so the eye can follow it.
        setView({
          pointer: { x: Math.round(win.innerWidth / 2), y: Math.max(0, win.innerHeight - 120) },
          glideMs: 0,
        });
        win.requestAnimationFrame(() =>
          win.requestAnimationFrame(
            () =>
              current === c &&
              c.target === target &&
              setView({ ...tipOf(target), glideMs: event.glideMs }),
          ),
        );
        return;
      }
      case "press": {
        const text = label(event.performed ? labels.demoClicking : labels.demoNotPressed, {
          name: name(event.target),
        });
        setView({
          presses: (state.getState().demo?.presses ?? 0) + 1,
          caption: event.performed ? "" : text,
        });
        announce(text);
        return;
      }
      case "type":
        announce(label(labels.demoTyping, { text: event.text, name: name(event.target) }));
        return;
      case "select":
        announce(label(labels.demoChoosing, { value: event.label, name: name(event.target) }));
        return;
      case "caption":
        setView({ caption: event.text });
        announce(plainText(event.text));
        return;
      case "paused":
        setView({ status: event.paused ? "paused" : "playing" });
        announce(event.paused ? labels.demoPaused : labels.demoResumed);
        return;
    }
  }

  /** A sentence for the user (and a detailed one for the author) when the demo failed. */
  function explain(
    result: Extract<DemoResult, { status: "failed" }>,
    guide: Guide,
    step: Step,
  ): string {
    const action = step.demo?.[result.index];
    ctx.misuse(
      "demo-failed",
      `The demo of step "${step.id}" in guide "${guide.id}" stopped at action ${result.index + 1}${action ? ` ("${action.do}")` : ""}: ${result.selector ? `target "${result.selector}" ` : ""}${result.detail}. Check the step's "demo" in ${ctx.fileOf(guide.id)}.`,
    );
    return result.reason === "target-missing"
      ? labels.demoTargetMissing
      : labels.demoCannotContinue;
  }

  async function run(c: Current) {
    const { guide, step } = c;
    const actions = step.demo ?? [];
    const motion = reducedMotion();
    state.setState({
      demo: {
        guideId: guide.id,
        stepId: step.id,
        title: pickLocale(step.title, ctx.locale()),
        status: "playing",
        index: 0,
        total: actions.length,
        pointer: null,
        glideMs: 0,
        presses: 0,
        targetRect: null,
        caption: "",
        speed,
        reducedMotion: motion,
      },
      announcement: label(labels.demoStarted, { title: pickLocale(step.title, ctx.locale()) }),
    });
    ctx.record({ type: "demo.play", guide: guide.id, step: step.id });
    const playback = playDemo({
      win,
      actions,
      text: (value) => pickLocale(value, ctx.locale()),
      mayCommit: step.demoMayCommit === true,
      keepValues: step.demoKeepValues === true,
      targetWaitMs: step.wait ?? ctx.defaultWaitMs,
      reducedMotion: motion,
      speed,
      signal: c.abort.signal,
      onEvent: (event) => onEvent(c, event),
    });
    c.playback = playback;
    const result = await playback.done;
    if (current !== c) return; // Replaced: the replacement reports for itself.
    current = null;
    win.removeEventListener("keydown", onKeydown, true);
    win.removeEventListener("scroll", follow, true);
    win.removeEventListener("resize", follow);
    const restored = result.restored ? ` ${labels.demoRestored}` : "";
    const message =
      result.status === "failed"
        ? explain(result, guide, step)
        : result.status === "stopped"
          ? labels.demoStopped + restored
          : labels.demoFinished + restored;
    state.setState({ demo: null, announcement: message });
    ctx.ended(result, guide, step, message);
  }

  const session = {
    /** Plays `step`'s demo; a demo already playing is stopped (its values restored) first. */
    async play(guide: Guide, step: Step): Promise<void> {
      if (!step.demo?.length) return;
      const previous = current;
      const c: Current = {
        guide,
        step,
        abort: new AbortController(),
        playback: null,
        target: null,
        done: Promise.resolve(),
      };
      current = c;
      if (previous) {
        previous.abort.abort();
        await previous.done;
        if (current !== c) return;
      }
      if (!previous) {
        win.addEventListener("keydown", onKeydown, true);
        win.addEventListener("scroll", follow, { capture: true, passive: true });
        win.addEventListener("resize", follow, { passive: true });
      }
      c.done = run(c);
      await c.done;
    },
    /** The guide and step whose demo plays, or null. */
    current(): { guide: Guide; step: Step } | null {
      return current ? { guide: current.guide, step: current.step } : null;
    },
    /** True from the start of a demo until its values are restored. */
    playing(): boolean {
      return current !== null;
    },
    pause() {
      current?.playback?.pause();
    },
    resume() {
      current?.playback?.resume();
    },
    stop() {
      current?.abort.abort();
    },
    /** Plays the current demo again from its first action. */
    replay() {
      if (current) void session.play(current.guide, current.step);
    },
    setSpeed(next: number) {
      if (!(DEMO_SPEEDS as readonly number[]).includes(next)) return;
      speed = next;
      current?.playback?.setSpeed(next);
      setView({ speed: next });
      announce(label(labels.demoSpeedChanged, { speed: next }));
    },
    destroy() {
      current?.abort.abort();
      current = null;
      win.removeEventListener("keydown", onKeydown, true);
      win.removeEventListener("scroll", follow, true);
      win.removeEventListener("resize", follow);
      if (frame) win.cancelAnimationFrame(frame);
      state.setState({ demo: null });
    },
  };
  return session;
}
