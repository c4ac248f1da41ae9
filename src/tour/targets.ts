/**
 * Finding step targets on a page the host framework keeps re-rendering: an element counts
 * once it exists and is visible; late elements are awaited with a MutationObserver (batched
 * to one check per animation frame, so a page with thousands of mutations a second pays one
 * querySelector per frame) and a time-out, and the wait is cancelled with its AbortSignal.
 */

/** True when the element takes up space and is not hidden by CSS. */
export function isVisible(el: Element): boolean {
  if (!el.isConnected) return false;
  const html = el as HTMLElement;
  if (typeof html.checkVisibility === "function") {
    if (
      !html.checkVisibility({
        checkOpacity: false,
        checkVisibilityCSS: true,
      } as CheckVisibilityOptions)
    )
      return false;
  } else {
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden") return false;
  }
  const rect = el.getBoundingClientRect();
  return rect.width > 0 || rect.height > 0;
}

/** The first visible element matching `selector`, or null; an invalid selector finds nothing. */
export function findVisible(selector: string, root: ParentNode = document): Element | null {
  let all: NodeListOf<Element>;
  try {
    all = root.querySelectorAll(selector);
  } catch {
    return null;
  }
  for (const el of all) if (isVisible(el)) return el;
  return null;
}

/** Counts matches of a selector, for misuse diagnostics ("matched 3 elements"). */
export function countMatches(selector: string, root: ParentNode = document): number | "invalid" {
  try {
    return root.querySelectorAll(selector).length;
  } catch {
    return "invalid";
  }
}

/**
 * Resolves with the first visible element for `selector`, or null after `timeoutMs`, or null
 * as soon as `signal` aborts. Never rejects.
 */
export function waitForTarget(
  selector: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Element | null> {
  const found = findVisible(selector);
  if (found || timeoutMs <= 0 || signal?.aborted) return Promise.resolve(found);
  return new Promise((resolve) => {
    let frame = 0;
    const finish = (el: Element | null) => {
      observer.disconnect();
      clearTimeout(timer);
      clearInterval(poll);
      cancelAnimationFrame(frame);
      signal?.removeEventListener("abort", onAbort);
      resolve(el);
    };
    const check = () => {
      frame = 0;
      const el = findVisible(selector);
      if (el) finish(el);
    };
    const observer = new MutationObserver(() => {
      if (!frame) frame = requestAnimationFrame(check);
    });
    const onAbort = () => finish(null);
    const timer = setTimeout(() => finish(findVisible(selector)), timeoutMs);
    // Visibility can change without a DOM mutation (a CSS transition, a stylesheet loading).
    const poll = setInterval(check, 250);
    observer.observe(document.documentElement, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["class", "style", "hidden", "open", "aria-hidden"],
    });
    signal?.addEventListener("abort", onAbort);
  });
}
