/**
 * Keyboard and focus for an open tour step (SPEC §4): Tab cycles inside the step (and the
 * highlighted element, when the step asks the user to act on it), Esc closes, arrow keys move
 * only when focus is not in a text field.
 *
 * The listener is registered on the window *before* driver.js registers its own Tab trap, so
 * that `stopImmediatePropagation` keeps driver.js (which only knows its own popover) from
 * fighting over focus. Host listeners on the document and below have already run.
 */

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"]), [contenteditable=""], [contenteditable="true"]';

export function focusableWithin(root: Element | ShadowRoot): HTMLElement[] {
  const list = [...root.querySelectorAll<HTMLElement>(FOCUSABLE)];
  if (root instanceof Element && root.matches(FOCUSABLE)) list.unshift(root as HTMLElement);
  return list.filter((el) => el.getClientRects().length > 0);
}

/** The focused element, looking through shadow roots. */
export function deepActiveElement(doc: Document): Element | null {
  let el: Element | null = doc.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

export function isTextField(el: Element | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) {
    return ![
      "button",
      "submit",
      "reset",
      "checkbox",
      "radio",
      "range",
      "color",
      "file",
      "image",
    ].includes(el.type);
  }
  return (el as HTMLElement).isContentEditable === true;
}

export interface StepKeys {
  dialog(): HTMLElement | null;
  /** The highlighted element, when the user is meant to act on it. */
  interactiveTarget(): Element | null;
  canGoBack(): boolean;
  usesNext(): boolean;
  next(): void;
  back(): void;
  close(): void;
}

export function listenStepKeys(win: Window, keys: StepKeys): () => void {
  const doc = win.document;
  const onKeydown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.isComposing) return;
    const dialog = keys.dialog();
    if (!dialog) return;
    const active = deepActiveElement(doc);
    const inDialog = active !== null && dialog.contains(active);
    if (event.key === "Escape") {
      keys.close();
      return;
    }
    if (event.key === "Tab") {
      const target = keys.interactiveTarget();
      const cycle = [...focusableWithin(dialog), ...(target ? focusableWithin(target) : [])];
      if (cycle.length === 0) return;
      const index = active ? cycle.indexOf(active as HTMLElement) : -1;
      const nextIndex =
        index < 0
          ? event.shiftKey
            ? cycle.length - 1
            : 0
          : (index + (event.shiftKey ? -1 : 1) + cycle.length) % cycle.length;
      event.preventDefault();
      event.stopImmediatePropagation();
      cycle[nextIndex]?.focus();
      return;
    }
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    // Arrows belong to the page unless focus is in the step (or nowhere in particular).
    const nowhere = active === null || active === doc.body || active === doc.documentElement;
    if (!(inDialog || nowhere) || isTextField(active)) return;
    if (event.key === "ArrowRight" && keys.usesNext()) {
      event.preventDefault();
      keys.next();
    } else if (event.key === "ArrowLeft" && keys.canGoBack()) {
      event.preventDefault();
      keys.back();
    }
  };
  win.addEventListener("keydown", onKeydown);
  return () => win.removeEventListener("keydown", onKeydown);
}
