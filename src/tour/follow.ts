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
  // The last layout the step was placed for; mutations and scrolls far outnumber real moves.
  let placedFor = "";

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
          if (!signal.aborted && !element.isConnected && !findVisible(options.selector, doc))
            options.lost();
        }, 300);
      }
      return;
    }
    const box = element.getBoundingClientRect();
    const layout = `${box.x},${box.y},${box.width},${box.height},${win.innerWidth},${win.innerHeight}`;
    if (layout === placedFor) return;
    placedFor = layout;
    options.update();
  };
  const schedule = () => {
    if (!frame && !signal.aborted) frame = win.requestAnimationFrame(run);
  };

  const resize = new ResizeObserver(schedule);
  resize.observe(element);
  const mutations = new MutationObserver(schedule);
  // Attributes too: a style or class change can move the target without resizing it, which
  // ResizeObserver does not report. Waymark's own overlay updates change nothing measured
  // above, so they stop at the layout check instead of looping.
  mutations.observe(doc.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["style", "class", "hidden"],
  });
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
