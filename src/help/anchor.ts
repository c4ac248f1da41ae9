/**
 * Which element a help card sits next to: the rule's `target`, else the field or form the
 * failure is about (the invalid field the app just marked, the button the user pressed), else
 * none (a corner card).
 */
import type { Failure } from "./match";

export interface Anchor {
  element: Element;
  /** The element is an invalid field: outline it. */
  highlight: boolean;
}

function visible(el: Element | null | undefined): el is Element {
  if (!el || !el.isConnected) return false;
  const rect = el.getBoundingClientRect();
  if (rect.width === 0 && rect.height === 0) return false;
  const style = el.ownerDocument.defaultView?.getComputedStyle(el);
  return !style || (style.visibility !== "hidden" && style.display !== "none");
}

function query(root: ParentNode, selector: string): Element | null {
  try {
    for (const el of Array.from(root.querySelectorAll(selector))) if (visible(el)) return el;
  } catch {
    // an invalid selector: no anchor
  }
  return null;
}

const INVALID = '[aria-invalid="true"]';

function isField(el: Element): boolean {
  return (
    /^(input|select|textarea)$/i.test(el.tagName) ||
    el.getAttribute("role") === "textbox" ||
    el.hasAttribute("aria-invalid")
  );
}

export function findAnchor(
  doc: Document,
  target: string | undefined,
  failure: Failure | undefined,
  involved: { form: Element | null; control: Element | null } | null,
): Anchor | null {
  if (target) {
    const el = query(doc, target);
    if (el) return { element: el, highlight: el.matches(INVALID) };
  }
  if (failure?.kind === "invalid" || failure?.kind === "rage") {
    return visible(failure.element)
      ? {
          element: failure.element,
          highlight: failure.kind === "invalid" && isField(failure.element),
        }
      : null;
  }
  if (failure?.kind === "request" || !failure) {
    const form = involved?.form ?? null;
    // A client error the app reflected on a field (a 422): that field.
    if (
      form &&
      failure?.kind === "request" &&
      failure.request.status >= 400 &&
      failure.request.status < 500
    ) {
      const field = query(form, INVALID);
      if (field) return { element: field, highlight: true };
    }
    if (visible(involved?.control)) return { element: involved.control, highlight: false };
    if (visible(form)) return { element: form, highlight: false };
  }
  return null;
}

/** Waits `ms`, but at least two animation frames (so the app's re-render has happened). */
export function settle(win: Window, ms: number): Promise<void> {
  return new Promise((resolve) => {
    let frames = 0;
    const started = Date.now();
    const tick = () => {
      frames++;
      if (frames >= 2 && Date.now() - started >= ms) resolve();
      else if (typeof win.requestAnimationFrame === "function" && !win.document.hidden)
        win.requestAnimationFrame(tick);
      else setTimeout(tick, 16);
    };
    tick();
  });
}
