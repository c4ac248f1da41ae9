/**
 * What a plain string means at a key ("a CSS selector", "a step id"), for "expected …" in
 * problems. Its own small module because the rule checks of every page view (guide-rules.ts)
 * use it too, while the rest of describe.ts belongs to the lazily loaded explainer.
 */
export const STRING_HINTS: Record<string, string> = {
  target: "a CSS selector",
  element: "a CSS selector",
  invalid: "a CSS selector",
  rage: "a CSS selector",
  click: "a CSS selector",
  input: "a CSS selector",
  page: 'a path pattern like "/invoices/**"',
  url: 'a URL pattern like "/api/invoices/**"',
  matches: "a regular expression",
  message: "a regular expression",
  source: "a regular expression",
  goto: "a step id",
  next: "a step id",
  step: "a step id",
  guide: "a guide id",
  done: "a guide id",
  notDone: "a guide id",
  help: "a help id",
  event: "an event name",
  href: "a link (https:, http:, mailto: or relative)",
};
