/**
 * Keeps a demo from committing anything on the user's behalf (SPEC §3, Action: "a demo never
 * submits forms or sends requests unless the step sets demoMayCommit").
 *
 * What is guaranteed while a non-committing demo plays:
 * - The player never dispatches a click on a link or a submit control (see `commitsOnClick`);
 *   it shows the pointer pressing it and says that it did not.
 * - Any form submission, link activation or Navigation-API navigation that happens *while the
 *   demo is dispatching one of its own events* is cancelled before the page's handlers see it:
 *   a capture-phase listener on the window cancels the event and stops it from propagating
 *   (the page's `submit` handler, which would send the request, never runs). This covers
 *   indirect cases such as a page handler calling `form.requestSubmit()` from an `input` event.
 * - The user's own events are never touched: only events dispatched synchronously inside
 *   `dispatch()` count as the demo's (a flag set for the duration of the dispatch), and events
 *   the browser marks as trusted are always let through.
 *
 * Not guaranteed: a request the page's own code sends from a handler of an ordinary field or
 * button the demo types into or clicks (Waymark does not wrap fetch/XHR to block it). Such
 * a demo should click only what a person can click without committing, or set
 * `"demoMayCommit": true`; Waymark reports requests seen during a demo in debug mode.
 */

export interface CommitGuard {
  /** Dispatches `event` on `target` as the demo's own event; returns dispatchEvent's result. */
  dispatch(target: EventTarget, event: Event): boolean;
  /** How many submissions/navigations were cancelled. */
  blocked(): number;
  dispose(): void;
}

const SUBMITTERS =
  'button:not([type]), button[type="submit"], input[type="submit"], input[type="image"]';

/** The link or submit control that a click on `el` would activate, if any. */
export function commitsOnClick(el: Element): Element | null {
  const link = el.closest("a[href], area[href]");
  if (link) return link;
  const submitter = el.closest(SUBMITTERS);
  if (submitter && ((submitter as HTMLButtonElement).form || submitter.closest("form")))
    return submitter;
  return null;
}

export function createCommitGuard(win: Window, options: { mayCommit: boolean }): CommitGuard {
  let depth = 0;
  let blocked = 0;
  const block = (event: Event) => {
    if (depth === 0 || event.isTrusted || options.mayCommit) return;
    if (event.cancelable) event.preventDefault();
    event.stopImmediatePropagation();
    blocked++;
  };
  const onClick = (event: Event) => {
    if (depth === 0 || event.isTrusted) return;
    const path = event.composedPath().filter((n): n is Element => n instanceof Element);
    if (path.some((el) => commitsOnClick(el) === el)) block(event);
  };
  win.addEventListener("submit", block, true);
  win.addEventListener("click", onClick, true);
  // Chromium: navigations a page script starts (location.assign, router.push) while the demo
  // dispatches are cancelable here; same-document ones always are.
  const navigation = (win as Window & { navigation?: EventTarget }).navigation;
  const onNavigate = (event: Event) => {
    if (depth > 0 && !options.mayCommit && event.cancelable) {
      event.preventDefault();
      blocked++;
    }
  };
  navigation?.addEventListener("navigate", onNavigate);

  return {
    dispatch(target, event) {
      depth++;
      try {
        return target.dispatchEvent(event);
      } finally {
        depth--;
      }
    },
    blocked: () => blocked,
    dispose() {
      win.removeEventListener("submit", block, true);
      win.removeEventListener("click", onClick, true);
      navigation?.removeEventListener("navigate", onNavigate);
    },
  };
}
