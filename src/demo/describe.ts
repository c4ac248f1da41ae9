/**
 * Short names for what the demo acts on, for screen-reader announcements ("Typing “250” into
 * Amount"): roughly the accessible name, without a full accessible-name computation.
 */
export function describeElement(el: Element): string {
  const doc = el.ownerDocument;
  const clean = (text: string | null | undefined) =>
    (text ?? "").replace(/\s+/g, " ").trim().slice(0, 80);
  const ariaLabel = clean(el.getAttribute("aria-label"));
  if (ariaLabel) return ariaLabel;
  const labelledBy = el.getAttribute("aria-labelledby");
  if (labelledBy) {
    const text = clean(
      labelledBy
        .split(/\s+/)
        .map((id) => doc.getElementById(id)?.textContent ?? "")
        .join(" "),
    );
    if (text) return text;
  }
  const labels = (el as HTMLInputElement).labels;
  if (labels && labels.length > 0) {
    const text = clean(labels[0]?.textContent);
    if (text) return text;
  }
  const placeholder = clean(el.getAttribute("placeholder"));
  const own = clean(el.textContent);
  return own || placeholder || clean(el.getAttribute("title")) || el.tagName.toLowerCase();
}

/** Guide Markdown as plain text for a live region: no `**`, backticks or link targets. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*`]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}
