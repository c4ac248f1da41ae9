/**
 * Adds a stylesheet to a document or shadow root. Constructable stylesheets are used where the
 * browser has them: they are not `<style>` elements, so a strict `style-src` CSP does not
 * block them, and the host page's DOM is left alone. Returns the function that removes it.
 */
export function adoptStyles(root: Document | ShadowRoot, css: string, nonce?: string): () => void {
  try {
    if (
      "adoptedStyleSheets" in root &&
      typeof CSSStyleSheet === "function" &&
      "replaceSync" in CSSStyleSheet.prototype
    ) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      return () => {
        root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet);
      };
    }
  } catch {
    // Fall through to a <style> element (older engines, or a frozen adoptedStyleSheets).
  }
  const doc = root instanceof Document ? root : root.ownerDocument;
  const style = doc.createElement("style");
  if (nonce) style.nonce = nonce;
  style.textContent = css;
  (root instanceof Document ? root.head || root.documentElement : root).appendChild(style);
  return () => style.remove();
}
