import { useLayoutEffect, useState } from "preact/hooks";
import { deepActiveElement } from "../tour/keyboard";

type Ref<T> = { current: T | null };

/** What Tab can reach inside a Waymark dialog. */
const TABBABLE =
  "button:not([disabled]),textarea:not([disabled]),input:not([disabled]),select:not([disabled])," +
  "a[href],summary,[tabindex]:not([tabindex='-1'])";

/**
 * Keeps Tab and Shift+Tab inside a modal dialog: from its last control Tab wraps to the first,
 * and from the first (or the dialog itself) Shift+Tab wraps to the last.
 */
export function trapTab(event: KeyboardEvent, dialog: HTMLElement): void {
  if (event.key !== "Tab") return;
  const items = [...dialog.querySelectorAll<HTMLElement>(TABBABLE)];
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return;
  const active = (dialog.getRootNode() as ShadowRoot | Document).activeElement;
  if (event.shiftKey && (active === first || active === dialog)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && active === last) {
    event.preventDefault();
    first.focus();
  }
}

/**
 * Focus for a dialog Waymark opens:
 * - on mount, focus moves to `initial` (or the dialog itself) in the same commit, so the
 *   dialog never shows without focus in it;
 * - a modal keeps it: when a render removes the focused control (a confirmation closing),
 *   focus goes back to the dialog instead of falling to the page, where Esc and Tab would no
 *   longer reach the dialog;
 * - with `returnFocus`, whatever had focus when it opened gets it back when it closes.
 */
export function useDialogFocus(
  dialog: Ref<HTMLElement>,
  options: { initial?: Ref<HTMLElement>; modal?: boolean; returnFocus?: boolean } = {},
): void {
  // Read while rendering, before this commit can move focus (a modal makes what is behind it
  // inert, which blurs the button that opened it).
  const [before] = useState(() =>
    options.returnFocus && typeof document !== "undefined" ? deepActiveElement(document) : null,
  );
  useLayoutEffect(() => {
    (options.initial?.current ?? dialog.current)?.focus({ preventScroll: true });
    const doc = dialog.current?.ownerDocument;
    if (!before || !doc) return;
    return () => {
      // Restoring waits a tick and skips elements that are gone: when the preview and the
      // panel close together, only the element still in the page gets focus back.
      setTimeout(() => {
        if (!before.isConnected || !(before instanceof HTMLElement)) return;
        const now = deepActiveElement(doc);
        // Somebody else (a tour step, the host) moved focus meanwhile: leave it there.
        if (now && now !== doc.body && now.isConnected) return;
        before.focus({ preventScroll: true });
      }, 0);
    };
  }, []);
  useLayoutEffect(() => {
    const el = dialog.current;
    if (!options.modal || !el) return;
    const active = deepActiveElement(el.ownerDocument);
    const lost =
      !active ||
      !active.isConnected ||
      active === el.ownerDocument.body ||
      active.shadowRoot === el.getRootNode(); // the host itself: nothing inside has focus
    if (lost) {
      el.focus({ preventScroll: true });
    }
  });
}
