import { matchGlob } from "../guide/glob";
import { matchRequestOutcome, matchRequestTarget, type RequestFacts } from "../guide/request";
import type { Advance } from "../guide/schema";
import { waitForTarget } from "./targets";

/**
 * Watches for the moment a step's `advance` condition holds (SPEC §3, Advance). Only observes:
 * listeners are passive and in the capture phase, so the host's own handlers run as before
 * and cannot hide the user's action from the tour by stopping propagation.
 */
export interface AdvanceWatch {
  doc: Document;
  /** The step's resolved target, when it has one (for `click: true` / `input: true`). */
  target: Element | null;
  /** Base URL for request globs. */
  base: string;
  signal: AbortSignal;
  onTrack(fn: (name: string) => void): () => void;
  onRequest(fn: (request: RequestFacts) => void): () => void;
  onLocation(fn: (location: { path: string; hash: string }) => void): () => void;
  /** The step's condition holds. */
  complete(): void;
  /** A request the step waits for failed (`onFail`). */
  fail(request: RequestFacts): void;
}

/** How long typing must pause before an `input` advance counts (a `change` counts at once). */
const INPUT_SETTLE_MS = 700;

function elementsOnPath(event: Event): Element[] {
  return event.composedPath().filter((n): n is Element => n instanceof Element);
}

function matchesSelector(el: Element, selector: string | true, target: Element | null): boolean {
  if (selector === true) return target !== null && (el === target || target.contains(el));
  try {
    return el.matches(selector);
  } catch {
    return false;
  }
}

/** Starts watching; everything is undone when `watch.signal` aborts. */
export function watchAdvance(advance: Advance, watch: AdvanceWatch): void {
  const { doc, signal } = watch;
  if (advance === "next") return;
  const cleanups: Array<() => void> = [];
  signal.addEventListener("abort", () => cleanups.forEach((fn) => fn()), { once: true });
  const listen = <K extends keyof DocumentEventMap>(
    type: K,
    fn: (e: DocumentEventMap[K]) => void,
  ) => {
    doc.addEventListener(type, fn, { capture: true, passive: true });
    cleanups.push(() => doc.removeEventListener(type, fn, { capture: true }));
  };

  if ("click" in advance) {
    listen("click", (event) => {
      if (elementsOnPath(event).some((el) => matchesSelector(el, advance.click, watch.target)))
        watch.complete();
    });
  } else if ("input" in advance) {
    let pattern: RegExp | undefined;
    try {
      pattern = advance.matches === undefined ? undefined : new RegExp(advance.matches);
    } catch {
      pattern = undefined; // Reported when the guide was loaded; treat as "any value".
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    cleanups.push(() => clearTimeout(timer));
    // The value is tested here and never stored or sent anywhere.
    const satisfied = (el: Element) => {
      const field = el as HTMLInputElement;
      if (field.type === "checkbox" || field.type === "radio") return field.checked;
      const value = typeof field.value === "string" ? field.value : (el.textContent ?? "");
      return pattern ? pattern.test(value) : value.trim() !== "";
    };
    const field = (event: Event) =>
      elementsOnPath(event).find((el) => matchesSelector(el, advance.input, watch.target));
    listen("input", (event) => {
      const el = field(event);
      clearTimeout(timer);
      if (el && satisfied(el))
        timer = setTimeout(() => satisfied(el) && watch.complete(), INPUT_SETTLE_MS);
    });
    listen("change", (event) => {
      const el = field(event);
      if (el && satisfied(el)) {
        clearTimeout(timer);
        watch.complete();
      }
    });
  } else if ("page" in advance) {
    cleanups.push(
      watch.onLocation((location) => {
        if (matchGlob(advance.page, location.path + location.hash)) watch.complete();
      }),
    );
  } else if ("element" in advance) {
    void waitForTarget(advance.element, 86_400_000, signal).then((el) => {
      if (el && !signal.aborted) watch.complete();
    });
  } else if ("event" in advance) {
    cleanups.push(watch.onTrack((name) => name === advance.event && watch.complete()));
  } else if ("request" in advance) {
    cleanups.push(
      watch.onRequest((request) => {
        if (!matchRequestTarget(advance.request, request, watch.base)) return;
        if (matchRequestOutcome(advance.request, request, "2xx")) watch.complete();
        else watch.fail(request);
      }),
    );
  }
}
