import { useLayoutEffect, useRef } from "preact/hooks";
import type { DemoView } from "../state";
import { placePopover } from "../tour/placement";
import { label, type Labels } from "./labels";
import { Markdown } from "./Markdown";

export interface DemoActions {
  pause(): void;
  resume(): void;
  stop(): void;
  replay(): void;
  setSpeed(speed: number): void;
}

export interface DemoOverlayProps {
  view: DemoView;
  labels: Labels;
  actions: DemoActions;
  speeds?: readonly number[];
}

/**
 * A playing "Show me" demo: a pointer over the element the demo acts on (viewport pixels, never
 * catching the user's clicks), a caption bubble next to it, and a non-modal toolbar "Demo
 * controls" with Pause/Resume, Stop, Replay and the speed. The live region that announces each
 * action is the App's. Focus starts on Pause so keyboard users can stop at once (or press Esc).
 */
export function DemoOverlay({ view, labels, actions, speeds = [0.5, 1, 2] }: DemoOverlayProps) {
  const pauseRef = useRef<HTMLButtonElement>(null);
  const captionRef = useRef<HTMLDivElement>(null);
  const toolbarRef = useRef<HTMLDivElement>(null);

  // In the commit that shows the controls, so they never show without focus on Pause.
  useLayoutEffect(() => {
    pauseRef.current?.focus({ preventScroll: true });
  }, [view.guideId, view.stepId]);

  // The caption goes below (else above) the target, or above the toolbar before there is one.
  useLayoutEffect(() => {
    const el = captionRef.current;
    if (!el) return;
    const win = el.ownerDocument.defaultView!;
    const box = el.getBoundingClientRect();
    const viewport = { width: win.innerWidth, height: win.innerHeight };
    if (view.targetRect) {
      const pos = placePopover(
        view.targetRect,
        { width: box.width, height: box.height },
        viewport,
        "bottom-start",
      );
      el.style.transform = `translate(${Math.round(pos.x)}px, ${Math.round(pos.y)}px)`;
    } else {
      const bar = toolbarRef.current?.getBoundingClientRect();
      const y = (bar ? bar.top : viewport.height) - box.height - 12;
      el.style.transform = `translate(${Math.round((viewport.width - box.width) / 2)}px, ${Math.round(y)}px)`;
    }
  }, [view.caption, view.targetRect]);

  // Arrow keys move between the toolbar's buttons (the ARIA toolbar pattern); Tab still works.
  const onToolbarKey = (event: KeyboardEvent) => {
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    const buttons = [...(toolbarRef.current?.querySelectorAll<HTMLButtonElement>("button") ?? [])];
    const root = toolbarRef.current?.getRootNode() as ShadowRoot | Document | undefined;
    const index = buttons.indexOf(root?.activeElement as HTMLButtonElement);
    if (index < 0) return;
    event.preventDefault();
    event.stopPropagation();
    buttons[
      (index + (event.key === "ArrowRight" ? 1 : -1) + buttons.length) % buttons.length
    ]?.focus();
  };

  const paused = view.status === "paused";
  const pointer = view.pointer;
  return (
    <div class="wm-demo" data-reduced-motion={view.reducedMotion ? "" : undefined}>
      {pointer ? (
        <div
          class="wm-demo-pointer"
          aria-hidden="true"
          data-presses={view.presses}
          style={{
            transform: `translate(${pointer.x}px, ${pointer.y}px)`,
            transitionDuration: `${view.reducedMotion ? 0 : Math.round(view.glideMs)}ms`,
          }}
        >
          {view.presses > 0 && !view.reducedMotion ? (
            <span key={view.presses} class="wm-demo-press" />
          ) : null}
          <svg width="22" height="28" viewBox="0 0 22 28" focusable="false">
            <path d="M1.5 1.5 L1.5 22 L7 17 L10.8 25.8 L14.6 24.2 L10.9 15.6 L18.4 15.6 Z" />
          </svg>
        </div>
      ) : null}
      {view.caption ? (
        <div ref={captionRef} class="wm-demo-caption" aria-hidden="true">
          <Markdown source={view.caption} />
        </div>
      ) : null}
      <div class="wm-demo-bar">
        <p class="wm-demo-title">
          <span>{label(labels.demoTitle, { title: view.title })}</span>
          <span class="wm-progress">
            {label(labels.demoProgress, { current: Math.max(view.index, 1), total: view.total })}
          </span>
        </p>
        <div
          ref={toolbarRef}
          class="wm-demo-buttons"
          role="toolbar"
          aria-label={labels.demoControls}
          onKeyDown={onToolbarKey}
        >
          <button
            ref={pauseRef}
            type="button"
            class="wm-btn wm-primary"
            onClick={paused ? actions.resume : actions.pause}
          >
            {paused ? labels.demoResume : labels.demoPause}
          </button>
          <button type="button" class="wm-btn" onClick={actions.stop}>
            {labels.demoStop}
          </button>
          <button type="button" class="wm-btn" onClick={actions.replay}>
            {labels.demoReplay}
          </button>
          <span class="wm-demo-speed" role="group" aria-label={labels.demoSpeed}>
            {speeds.map((speed) => (
              <button
                key={speed}
                type="button"
                class="wm-btn wm-demo-speed-btn"
                aria-pressed={view.speed === speed ? "true" : "false"}
                onClick={() => actions.setSpeed(speed)}
              >
                {`${speed}×`}
              </button>
            ))}
          </span>
        </div>
      </div>
    </div>
  );
}
