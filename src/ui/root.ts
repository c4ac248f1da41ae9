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

export function createUiRoot(doc: Document, css: string): UiRoot {
  const host = doc.createElement("div");
  host.setAttribute("data-waymark-host", "");
  host.className = "waymark-host";
  // Inline styles beat the page's ordinary rules; the shadow stylesheet's `:host` rules use
  // !important, which beats even the page's !important rules for the host element.
  host.style.cssText = "position:fixed;top:0;left:0;width:0;height:0;z-index:2147483647;pointer-events:auto;";
  const shadow = host.attachShadow({ mode: "open" });
  adoptStyles(shadow, css);
  const container = doc.createElement("div");
  container.className = "wm-root";
  shadow.appendChild(container);
  (doc.body || doc.documentElement).appendChild(host);
  return {
    host,
    shadow,
    render(vnode) {
      render(vnode, container);
    },
    destroy() {
      render(null, container);
      host.remove();
    },
  };
}
