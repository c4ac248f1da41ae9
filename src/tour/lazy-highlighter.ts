import type { Highlighter } from "./highlight";

/**
 * A highlighter whose driver.js half arrives with the UI part (src/lazy.ts): it loads on
 * `ready()` (a tour started) or the first `show()`, and then shows whatever the tour asked
 * for last. A failed load leaves the step without its overlay and is retried on the next
 * `ready()` or `show()`.
 */
export function lazyHighlighter(load: () => Promise<Highlighter>): Highlighter {
  let real: Highlighter | undefined;
  let loading: Promise<void> | null = null;
  let wanted: { element: Element | null } | null = null;

  function start(): Promise<void> | null {
    if (real) return null;
    loading ??= load().then(
      (highlighter) => {
        loading = null;
        real = highlighter;
        if (wanted && (wanted.element === null || wanted.element.isConnected)) {
          real.show(wanted.element);
        }
      },
      () => {
        loading = null;
      },
    );
    return loading;
  }

  return {
    ready: start,
    show(element) {
      wanted = { element };
      if (real) real.show(element);
      else void start();
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
