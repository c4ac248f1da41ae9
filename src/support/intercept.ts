/**
 * Holds back the host's own "contact support" actions (SPEC §2): a plain click on an element
 * with `data-waymark-support` opens the "before you contact us" panel instead, and the
 * original action runs only when the user chooses to contact support after all.
 *
 * The listener sits on the window in the capture phase, so it runs before the link's default
 * action and before the host's own click handlers (which would otherwise open a chat or a
 * mail client at once). Continuing replays a real click on the same element with a bypass
 * flag, so the host's handlers, the link's href and its target all behave as they would have.
 */

export const SUPPORT_ATTRIBUTE = "data-waymark-support";

export interface SupportInterceptor {
  /** Runs the held-back action of `element`: its click handlers and its link. */
  continueWith(element: Element): void;
  stop(): void;
}

/** The support element a click landed on, looking through open shadow roots. */
function supportElementOf(event: Event): Element | null {
  for (const node of event.composedPath()) {
    if (node instanceof Element && node.hasAttribute(SUPPORT_ATTRIBUTE)) return node;
  }
  return null;
}

/** Modifier and middle clicks open in a new tab or window: the user chose that, let it be. */
function isPlainClick(event: MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

export function interceptSupportClicks(
  win: Window,
  onSupport: (element: Element, event: MouseEvent) => void,
): SupportInterceptor {
  let bypass: Element | null = null;

  function onClick(event: MouseEvent) {
    const element = supportElementOf(event);
    if (!element || element === bypass || !isPlainClick(event)) return;
    // A disabled button's click never reaches the host either; nothing to hold back.
    if ((element as HTMLButtonElement).disabled) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    onSupport(element, event);
  }

  win.addEventListener("click", onClick, true);

  return {
    continueWith(element) {
      if (element.isConnected && typeof (element as HTMLElement).click === "function") {
        bypass = element;
        try {
          (element as HTMLElement).click();
        } finally {
          bypass = null;
        }
        return;
      }
      // The page re-rendered and the element is gone: follow its link, if it had one.
      const href = element.getAttribute("href");
      if (href) win.location.assign(new URL(href, win.location.href).href);
    },
    stop() {
      win.removeEventListener("click", onClick, true);
    },
  };
}
