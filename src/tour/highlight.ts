import { driver, type Driver } from "driver.js";
import { adoptStyles } from "../ui/styles";
import highlightCss from "./highlight.css?inline";

/**
 * The only module that knows driver.js. Waymark uses it for the overlay, the cut-out around
 * the target and scrolling the target into view; the popover itself is Waymark's own (Preact
 * in a shadow root), because driver.js writes titles and descriptions with innerHTML.
 */
export interface Highlighter {
  /**
   * Gets ready to show: null when it can show now, else a promise that settles once what
   * showing needs has loaded (or could not). A tour calls it when it starts, so loading
   * overlaps the wait for its page and target, and awaits it before it shows a step.
   */
  ready(): Promise<void> | null;
  /** Highlights `element`, or dims the whole page for a centred step when it is null. */
  show(element: Element | null): void;
  /** Recomputes the cut-out after the target moved or resized. */
  refresh(): void;
  /** Removes the overlay and every class driver.js put on the page. */
  hide(): void;
}

export function createHighlighter(doc: Document = document, nonce?: string): Highlighter {
  let instance: Driver | undefined;
  let removeStyles: (() => void) | undefined;
  const reducedMotion = () =>
    doc.defaultView?.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;

  function ensure(): Driver {
    if (instance) return instance;
    removeStyles = adoptStyles(doc, highlightCss, nonce);
    instance = driver({
      animate: false,
      smoothScroll: !reducedMotion(),
      allowClose: false,
      // Waymark handles Escape, arrows and Tab itself (arrows must not fire in text fields).
      allowKeyboardControl: false,
      overlayClickBehavior: () => {},
      overlayOpacity: 0.45,
      stagePadding: 6,
      stageRadius: 6,
    });
    return instance;
  }

  return {
    ready: () => null,
    show(element) {
      const d = ensure();
      d.highlight(element ? { element } : {});
    },
    refresh() {
      instance?.refresh();
    },
    hide() {
      instance?.destroy();
      instance = undefined;
      removeStyles?.();
      removeStyles = undefined;
    },
  };
}
