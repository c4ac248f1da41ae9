import { render, type ComponentChild } from "preact";
import { adoptStyles } from "./styles";

/**
 * Waymark's UI lives in a shadow root on one host element, so the host page's CSS cannot
 * break it and Waymark's CSS cannot leak into the page. `destroy()` unmounts Preact before
 * removing the host, so no component, listener or observer outlives it.
 */
export interface UiRoot {
  host: HTMLElement;
  shadow: ShadowRoot;
  render(vnode: ComponentChild): void;
  destroy(): void;
}

export function createUiRoot(doc: Document, css: string, nonce?: string): UiRoot {
  const host = doc.createElement("div");
  host.setAttribute("data-waymark-host", "");
  host.className = "waymark-host";
  // Inline styles beat the page's ordinary rules; the shadow stylesheet's `:host` rules use
  // !important, which beats even the page's !important rules for the host element.
  host.style.cssText =
    "position:fixed;top:0;left:0;width:0;height:0;z-index:2147483647;pointer-events:auto;";
  const shadow = host.attachShadow({ mode: "open" });
  adoptStyles(shadow, css, nonce);
  const container = doc.createElement("div");
  container.className = "wm-root";
  shadow.appendChild(container);
  (doc.body || doc.documentElement).appendChild(host);
  const layer = topLayer(doc, host, shadow);
  return {
    host,
    shadow,
    render(vnode) {
      render(vnode, container);
    },
    destroy() {
      layer.stop();
      render(null, container);
      host.remove();
    },
  };
}

/**
 * Puts the host in the top layer (a manual popover), above every z-index and out of reach of
 * transformed, filtered or `overflow: hidden` ancestors. While the page has a modal <dialog>
 * open, everything outside it is inert, so the host moves into that dialog (and back when it
 * closes) and is raised above it again.
 */
function topLayer(doc: Document, host: HTMLElement, shadow: ShadowRoot): { stop(): void } {
  if (typeof host.showPopover !== "function") return { stop() {} };
  host.popover = "manual";
  let observer: MutationObserver | undefined;
  const raise = () => {
    let modal: Element | null = null;
    try {
      const open = doc.querySelectorAll("dialog:modal");
      modal = open[open.length - 1] ?? null;
    } catch {
      // `:modal` unsupported: stay where we are.
    }
    const parent = modal ?? doc.body ?? doc.documentElement;
    if (host.parentNode !== parent) {
      // Moving an element drops its focus and its top-layer place; give both back.
      const focused = shadow.activeElement as HTMLElement | null;
      parent.appendChild(host);
      focused?.focus({ preventScroll: true });
    }
    if (!host.matches(":popover-open")) host.showPopover();
    // A dialog removed without being closed sends no event; watch for it while we live inside one.
    if (modal && !observer && typeof MutationObserver === "function") {
      observer = new MutationObserver(() => {
        if (!host.isConnected || !host.parentElement?.matches("dialog:modal")) safeRaise();
      });
      observer.observe(doc.documentElement, { childList: true, subtree: true });
    } else if (!modal) {
      observer?.disconnect();
      observer = undefined;
    }
  };
  const safeRaise = () => {
    try {
      raise();
    } catch {
      // The page may forbid popovers or be tearing down: the host stays where it is.
    }
  };
  // Dialogs fire "toggle" when they open and close (it does not bubble: listen while capturing).
  const onToggle = (event: Event) => event.target !== host && safeRaise();
  doc.addEventListener("toggle", onToggle, true);
  doc.addEventListener("close", onToggle, true);
  safeRaise();
  return {
    stop() {
      doc.removeEventListener("toggle", onToggle, true);
      doc.removeEventListener("close", onToggle, true);
      observer?.disconnect();
      observer = undefined;
    },
  };
}
