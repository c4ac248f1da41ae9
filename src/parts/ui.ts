/**
 * Lazy part: everything Waymark shows. Preact, the components and their CSS, and driver.js's
 * overlay are loaded when something is first shown (a tour starts, a help card or a panel
 * opens), so a page view that shows nothing downloads and evaluates none of it. See src/lazy.ts.
 */
import { h } from "preact";
import { App, type AppProps } from "../ui/App";
import { createUiRoot, type UiRoot } from "../ui/root";
import widgetCss from "../ui/widget.css?inline";

export { createHighlighter } from "../tour/highlight";
export type { UiRoot };

/** Adds Waymark's shadow-root host to `doc` and renders the app into it. */
export function mountUi(doc: Document, props: AppProps, nonce?: string): UiRoot {
  const ui = createUiRoot(doc, widgetCss, nonce);
  ui.render(h(App, props));
  return ui;
}
