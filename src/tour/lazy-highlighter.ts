import type { Highlighter } from "./highlight";

/**
 * A highlighter whose driver.js half arrives with the UI part (src/lazy.ts): it loads on
 * `preload()` (a tour started) or the first `show()`, and then shows whatever the tour asked
 * for last. A failed load leaves the step without its overlay (the step itself still shows)
 * and is retried on the next `show()`.
 */
export function lazyHighlighter(load: () => Promise<Highlighter>): Highlighter {
  let real: Highlighter | undefined;
  let loading = false;
  let wanted: { element: Element | null } | null = null;

  function start() {
    if (real || loading) return;
    loading = true;
    load().then(
      (highlighter) => {
        loading = false;
        real = highlighter;
        if (wanted && (wanted.element === null || wanted.element.isConnected)) {
          real.show(wanted.element);
        }
      },
      () => {
        loading = false;
      },
    );
  }

  return {
    preload: start,
    show(element) {
      wanted = { element };
      if (real) real.show(element);
      else start();
    },
    refresh() {
      real?.refresh();
    },
    hide() {
      wanted = null;
      real?.hide();
    },
  };
}
