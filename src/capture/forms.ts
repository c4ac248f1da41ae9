/**
 * Form fields becoming invalid: native constraint validation (the `invalid` event, which does
 * not bubble, so it is caught in the capture phase) and `aria-invalid="true"` set by the app
 * (a MutationObserver on that one attribute). Only the element is reported, never its value.
 */

export function observeInvalidFields(
  doc: Document,
  onInvalid: (field: Element, via: "native" | "aria") => void,
): () => void {
  const onEvent = (event: Event) => {
    try {
      if (event.target instanceof Element) onInvalid(event.target, "native");
    } catch {
      // never disturb the page
    }
  };
  doc.addEventListener("invalid", onEvent, { capture: true, passive: true });
  let observer: MutationObserver | undefined;
  const MO = doc.defaultView?.MutationObserver;
  if (typeof MO === "function") {
    observer = new MO((records) => {
      for (const record of records) {
        const el = record.target;
        if (
          !(el instanceof Element) ||
          el.getAttribute("aria-invalid") !== "true" ||
          record.oldValue === "true"
        )
          continue;
        if (el.closest("[data-waymark-host]")) continue;
        try {
          onInvalid(el, "aria");
        } catch {
          // never disturb the page
        }
      }
    });
    observer.observe(doc.documentElement, {
      attributes: true,
      attributeFilter: ["aria-invalid"],
      attributeOldValue: true,
      subtree: true,
    });
  }
  return () => {
    doc.removeEventListener("invalid", onEvent, { capture: true });
    observer?.disconnect();
  };
}
