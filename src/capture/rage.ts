/**
 * Rage clicks: rapid repeated clicks on one element (by default 3 within 1 s, close together).
 * A passive capture-phase listener that only reads the event target.
 */

export interface RageOptions {
  /** Clicks needed. Default 3. */
  clicks?: number;
  /** Within this many milliseconds. Default 1000. */
  windowMs?: number;
  /** Maximum pointer travel between the clicks, in px. Default 40. */
  radius?: number;
}

export function observeRageClicks(
  doc: Document,
  onRage: (element: Element) => void,
  options: RageOptions = {},
): () => void {
  const { clicks = 3, windowMs = 1000, radius = 40 } = options;
  let recent: Array<{ el: Element; t: number; x: number; y: number }> = [];
  const onClick = (event: MouseEvent) => {
    try {
      const el = event.target;
      if (!(el instanceof Element) || el.closest("[data-waymark-host]")) return;
      const now = event.timeStamp || Date.now();
      recent = recent.filter(
        (c) =>
          now - c.t <= windowMs &&
          c.el === el &&
          Math.hypot(c.x - event.clientX, c.y - event.clientY) <= radius,
      );
      recent.push({ el, t: now, x: event.clientX, y: event.clientY });
      if (recent.length >= clicks) {
        recent = [];
        onRage(el);
      }
    } catch {
      // never disturb the page
    }
  };
  doc.addEventListener("click", onClick, { capture: true, passive: true });
  return () => doc.removeEventListener("click", onClick, { capture: true });
}
