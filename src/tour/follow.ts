import { findVisible } from "./targets";

/**
 * Keeps a step attached to its target while the page changes: the target moves or resizes
 * (ResizeObserver), something scrolls (including scroll containers: a capturing listener),
 * the window resizes, or the host framework re-renders the target as a new element (the old
 * one leaves the DOM; the selector is looked up again). Work is coalesced to one update per
 * animation frame; reads happen before writes in that update.
 */
export interface FollowOptions {
  win: Window;
  selector: string;
  element: Element;
  signal: AbortSignal;
  /** Layout changed: redraw the overlay and re-place the popover. */
  update(): void;
  /** The target was replaced by a new element matching the selector. */
  replaced(element: Element): void;
  /** The target disappeared and nothing matches the selector any more. */
  lost(): void;
}

export function followTarget(options: FollowOptions): void {
  const { win, signal } = options;
  const doc = win.document;
  let element = options.element;
  let frame = 0;
  let lostTimer: ReturnType<typeof setTimeout> | undefined;

  const run = () => {
    frame = 0;
    if (signal.aborted) return;
    if (!element.isConnected) {
      const again = findVisible(options.selector, doc);
      if (again) {
        clearTimeout(lostTimer);
        lostTimer = undefined;
        resize.unobserve(element);
        element = again;
        resize.observe(element);
        options.replaced(element);
      } else if (lostTimer === undefined) {
        // A re-render may remove the old node a frame before inserting the new one.
        lostTimer = setTimeout(() => {
          lostTimer = undefined;
          if (!signal.aborted && !element.isConnected && !findVisible(options.selector, doc)) options.lost();
        }, 300);
      }
      return;
    }
    options.update();
  };
  const schedule = () => {
    if (!frame && !signal.aborted) frame = win.requestAnimationFrame(run);
  };

  const resize = new ResizeObserver(schedule);
  resize.observe(element);
  const mutations = new MutationObserver(schedule);
  mutations.observe(doc.documentElement, { childList: true, subtree: true });
  const listenerOptions = { capture: true, passive: true } as const;
  doc.addEventListener("scroll", schedule, listenerOptions);
  win.addEventListener("resize", schedule, listenerOptions);

  signal.addEventListener(
    "abort",
    () => {
      win.cancelAnimationFrame(frame);
      clearTimeout(lostTimer);
      resize.disconnect();
      mutations.disconnect();
      doc.removeEventListener("scroll", schedule, listenerOptions);
      win.removeEventListener("resize", schedule, listenerOptions);
    },
    { once: true },
  );
}
