import type { Action } from "../guide/schema";
import { findVisible, waitForTarget } from "../tour/targets";
import { createClock, DemoStopped, type DemoClock } from "./clock";
import { commitsOnClick, createCommitGuard, type CommitGuard } from "./guard";
import {
  chooseOption,
  findOption,
  setFieldValue,
  isDisabled,
  isSelect,
  isTypable,
  restoreField,
  snapshotField,
  typeInto,
  type FieldSnapshot,
} from "./input";

/**
 * Plays a step's demo (SPEC §3, Action) on the real page: resolves each action's target (waiting
 * for late ones like a tour step does), reports where the pointer goes and what the caption
 * says, and changes fields the way a person would (`input.ts`) behind a commit guard
 * (`guard.ts`). Knows nothing about the UI: it reports `DemoEvent`s and the caller draws them.
 * When it ends, however it ends, the fields it changed get their values back (unless the step
 * keeps them), and `done` resolves (never rejects).
 */

export type DemoEvent =
  | { type: "action"; index: number; action: Action }
  /** The action's target is not on the page yet; the player waits for it. */
  | { type: "waiting"; index: number; selector: string }
  /** Move the pointer to `target` (gliding for `glideMs`, 0 = jump). */
  | { type: "pointer"; target: Element; glideMs: number }
  /** The pointer presses `target`; `performed` is false when the demo only shows the press. */
  | { type: "press"; target: Element; performed: boolean }
  | { type: "type"; target: Element; text: string }
  | { type: "select"; target: Element; label: string }
  | { type: "caption"; text: string }
  /** Playback was paused or resumed. */
  | { type: "paused"; paused: boolean };

export type DemoFailure =
  "target-missing" | "not-typable" | "not-select" | "option-missing" | "disabled" | "error";

export type DemoResult =
  | { status: "done"; restored: boolean }
  | { status: "stopped"; restored: boolean }
  | {
      status: "failed";
      restored: boolean;
      index: number;
      reason: DemoFailure;
      selector?: string;
      detail: string;
    };

export interface PlayOptions {
  win: Window;
  actions: readonly Action[];
  /** Picks the text of a `say` action in the user's language. */
  text(value: Extract<Action, { do: "say" }>["text"]): string;
  /** The step's `demoMayCommit`. */
  mayCommit: boolean;
  /** The step's `demoKeepValues`. */
  keepValues: boolean;
  /** How long to wait for a missing target, in ms (the step's `wait`). */
  targetWaitMs: number;
  /** Pointer jumps instead of gliding, text appears at once (prefers-reduced-motion). */
  reducedMotion: boolean;
  speed?: number;
  signal: AbortSignal;
  onEvent(event: DemoEvent): void;
}

export interface DemoPlayback {
  done: Promise<DemoResult>;
  pause(): void;
  resume(): void;
  readonly paused: boolean;
  setSpeed(speed: number): void;
}

/** Timings at 1× speed, in ms: slow enough to follow, quick enough not to bore. */
export const DEMO_TIMING = {
  glide: 650,
  settle: 350,
  press: 300,
  key: 95,
  afterAction: 700,
  /** Captions stay up for a base time plus per character, within these bounds. */
  captionMin: 1800,
  captionPerChar: 45,
  captionMax: 6000,
  scroll: 400,
} as const;

class DemoFailed extends Error {
  constructor(
    readonly reason: DemoFailure,
    readonly detail: string,
    readonly selector?: string,
  ) {
    super(detail);
  }
}

export function playDemo(options: PlayOptions): DemoPlayback {
  const { win, signal, onEvent, reducedMotion } = options;
  const clock: DemoClock = createClock(signal, options.speed ?? 1);
  const guard: CommitGuard = createCommitGuard(win, { mayCommit: options.mayCommit });
  const dispatch = guard.dispatch;
  const snapshots = new Map<Element, FieldSnapshot>();
  let index = -1;

  const remember = (el: Element) => {
    if (snapshots.has(el)) return;
    const snapshot = snapshotField(el);
    if (snapshot) snapshots.set(el, snapshot);
  };

  async function resolve(selector: string): Promise<Element> {
    let el = findVisible(selector, win.document);
    if (!el) {
      onEvent({ type: "waiting", index, selector });
      el = await waitForTarget(selector, options.targetWaitMs, signal);
      if (signal.aborted) throw new DemoStopped();
    }
    if (!el)
      throw new DemoFailed(
        "target-missing",
        `matched nothing visible after ${options.targetWaitMs / 1000} s`,
        selector,
      );
    return el;
  }

  async function pointAt(el: Element): Promise<void> {
    const rect = el.getBoundingClientRect();
    const inView =
      rect.top >= 0 &&
      rect.left >= 0 &&
      rect.bottom <= win.innerHeight &&
      rect.right <= win.innerWidth;
    if (!inView) {
      el.scrollIntoView({
        block: "center",
        inline: "nearest",
        behavior: reducedMotion ? "instant" : "smooth",
      });
      await clock.sleep(reducedMotion ? 0 : DEMO_TIMING.scroll);
    }
    const glideMs = reducedMotion ? 0 : DEMO_TIMING.glide / clock.speed;
    onEvent({ type: "pointer", target: el, glideMs });
    await clock.sleep(reducedMotion ? DEMO_TIMING.settle : DEMO_TIMING.glide + DEMO_TIMING.settle);
  }

  function clickAt(el: Element): void {
    const rect = el.getBoundingClientRect();
    const init = {
      bubbles: true,
      cancelable: true,
      composed: true,
      clientX: rect.left + rect.width / 2,
      clientY: rect.top + rect.height / 2,
      view: win,
      button: 0,
    };
    const w = win as Window & typeof globalThis;
    const Pointer = typeof w.PointerEvent === "function" ? w.PointerEvent : w.MouseEvent;
    dispatch(el, new Pointer("pointerdown", { ...init, pointerType: "mouse", isPrimary: true }));
    dispatch(el, new w.MouseEvent("mousedown", init));
    dispatch(el, new Pointer("pointerup", { ...init, pointerType: "mouse", isPrimary: true }));
    dispatch(el, new w.MouseEvent("mouseup", init));
    dispatch(el, new w.MouseEvent("click", { ...init, detail: 1 }));
  }

  async function perform(action: Action): Promise<void> {
    switch (action.do) {
      case "wait":
        await clock.sleep(action.ms);
        return;
      case "say": {
        const text = options.text(action.text);
        onEvent({ type: "caption", text });
        const ms = Math.min(
          DEMO_TIMING.captionMax,
          Math.max(DEMO_TIMING.captionMin, text.length * DEMO_TIMING.captionPerChar),
        );
        await clock.sleep(ms);
        return;
      }
      case "point": {
        await pointAt(await resolve(action.target));
        await clock.sleep(DEMO_TIMING.afterAction / 2);
        return;
      }
      case "click": {
        const el = await resolve(action.target);
        await pointAt(el);
        const commits = commitsOnClick(el) !== null;
        const performed = options.mayCommit || !commits;
        onEvent({ type: "press", target: el, performed });
        await clock.sleep(DEMO_TIMING.press);
        if (performed) {
          remember(el);
          clickAt(el);
        }
        await clock.sleep(DEMO_TIMING.afterAction);
        return;
      }
      case "type": {
        const el = await resolve(action.target);
        if (!isTypable(el))
          throw new DemoFailed(
            "not-typable",
            "is not a text field (input or textarea)",
            action.target,
          );
        if (isDisabled(el))
          throw new DemoFailed(
            "disabled",
            "is disabled or read-only, so nothing can be typed into it",
            action.target,
          );
        await pointAt(el);
        remember(el);
        onEvent({ type: "type", target: el, text: action.text });
        if (reducedMotion) {
          // Steps jump: the whole text at once, still as events the framework sees.
          setFieldValue(el, action.text, dispatch);
        } else {
          await typeInto(el, action.text, dispatch, (char) =>
            clock.sleep(char === " " ? DEMO_TIMING.key * 1.8 : DEMO_TIMING.key),
          );
        }
        await clock.sleep(DEMO_TIMING.afterAction);
        return;
      }
      case "select": {
        const el = await resolve(action.target);
        if (!isSelect(el))
          throw new DemoFailed(
            "not-select",
            "is not a <select>; use click actions for a custom dropdown",
            action.target,
          );
        if (isDisabled(el)) throw new DemoFailed("disabled", "is disabled", action.target);
        const option = findOption(el, action.value);
        if (!option)
          throw new DemoFailed(
            "option-missing",
            `has no option with the value or label "${action.value}"`,
            action.target,
          );
        await pointAt(el);
        remember(el);
        onEvent({
          type: "select",
          target: el,
          label: option.label || option.textContent?.trim() || option.value,
        });
        await clock.sleep(DEMO_TIMING.press);
        chooseOption(el, option, dispatch);
        await clock.sleep(DEMO_TIMING.afterAction);
        return;
      }
    }
  }

  function restore(): boolean {
    if (options.keepValues || snapshots.size === 0) return false;
    for (const snapshot of [...snapshots.values()].reverse()) {
      try {
        restoreField(snapshot, dispatch);
      } catch {
        // One field that cannot be restored must not keep the others from it.
      }
    }
    return true;
  }

  async function run(): Promise<DemoResult> {
    try {
      for (index = 0; index < options.actions.length; index++) {
        if (signal.aborted) throw new DemoStopped();
        const action = options.actions[index]!;
        onEvent({ type: "action", index, action });
        await perform(action);
      }
      return { status: "done", restored: restore() };
    } catch (error) {
      const restored = restore();
      if (error instanceof DemoStopped || signal.aborted) return { status: "stopped", restored };
      if (error instanceof DemoFailed) {
        return {
          status: "failed",
          restored,
          index,
          reason: error.reason,
          detail: error.detail,
          ...(error.selector ? { selector: error.selector } : {}),
        };
      }
      return {
        status: "failed",
        restored,
        index,
        reason: "error",
        detail: error instanceof Error ? error.message : String(error),
      };
    } finally {
      guard.dispose();
    }
  }

  return {
    done: run(),
    pause() {
      if (clock.paused) return;
      clock.pause();
      onEvent({ type: "paused", paused: true });
    },
    resume() {
      if (!clock.paused) return;
      clock.resume();
      onEvent({ type: "paused", paused: false });
    },
    get paused() {
      return clock.paused;
    },
    setSpeed(speed) {
      if (Number.isFinite(speed) && speed > 0) clock.speed = speed;
    },
  };
}
