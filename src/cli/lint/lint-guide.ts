/**
 * Designer-only checks of a valid guide, beyond what the widget needs at run time (so they live
 * here, not in the widget bundle): CSS selector syntax, links with forbidden schemes and HTML in
 * texts, translations missing from some texts, and steps no tour can reach.
 */
import { collectSelectors, collectTexts } from "../../guide/collect";
import { safeHref } from "../../guide/markdown";
import { formatPath, problem, type GuideProblem } from "../../guide/problem";
import type { Guide } from "../../guide/schema";
import { preview } from "../../guide/values";
import { selectorError } from "./css-selector";
import { findMissingLocales } from "./missing-locales";
import { findUnreachableSteps } from "./unreachable-steps";

export type LintContext = {
  /** Step ids of this guide that help actions in any guide start it at. */
  entrySteps?: ReadonlySet<string>;
};

export function lintGuide(guide: Guide, file: string, context: LintContext = {}): GuideProblem[] {
  return [
    ...checkSelectors(guide, file),
    ...checkTexts(guide, file),
    ...findMissingLocales(guide, file),
    ...findUnreachableSteps(guide, file, context.entrySteps),
  ];
}

function checkSelectors(guide: Guide, file: string): GuideProblem[] {
  return collectSelectors(guide).flatMap(({ path, value }) => {
    const error = selectorError(value);
    if (!error) return [];
    const where = value.length > 12 ? ` (at character ${error.offset + 1})` : "";
    return [
      problem(file, path, "error", {
        message: `not a valid CSS selector: ${error.message}${where}`,
        expected: 'a CSS selector like "#save", ".toolbar button" or "[data-step=\'pay\']"',
        found: preview(value),
        suggestion: error.suggestion,
      }),
    ];
  });
}

/** `[label](destination)` outside code spans; the destination up to the first space or ")". */
const MARKDOWN_LINK = /\[([^\]\n]*)\]\(\s*<?([^)\s>]*)/g;
const HTML_TAG = /<\/?([a-z][a-z0-9]*)\b[^<>]*>/i;

function checkTexts(guide: Guide, file: string): GuideProblem[] {
  const problems: GuideProblem[] = [];
  for (const { path, value } of collectTexts(guide)) {
    const entries =
      typeof value === "string"
        ? [[path, value] as const]
        : Object.entries(value).map(
            ([tag, text]) => [path + formatPath([tag]).slice(1), text] as const,
          );
    for (const [at, text] of entries) {
      const plain = text.replace(/`[^`]*`/g, (code) => " ".repeat(code.length));
      for (const [, label, href] of plain.matchAll(MARKDOWN_LINK)) {
        if (href === undefined || safeHref(href) !== null) continue;
        problems.push(
          problem(file, at, "error", {
            message: `the link "${label ?? ""}" uses a scheme that is not allowed, so it is shown as plain text`,
            expected: "an https:, http:, mailto: or relative URL",
            found: preview(href),
            suggestion: "link to a web page, e.g. [Billing help](https://docs.example.com/billing)",
          }),
        );
      }
      const tag = HTML_TAG.exec(plain);
      if (tag) {
        const name = tag[1]!.toLowerCase();
        const markdown =
          name === "b" || name === "strong"
            ? "**bold**"
            : name === "i" || name === "em"
              ? "*italic*"
              : name === "a"
                ? "[label](https://…)"
                : name === "code"
                  ? "`code`"
                  : "Markdown (**bold**, *italic*, [links](https://…), - lists)";
        problems.push(
          problem(file, at, "warning", {
            message: `HTML is not interpreted: ${JSON.stringify(tag[0].slice(0, 40))} is shown as those characters`,
            found: preview(text),
            suggestion: `use ${markdown} instead`,
          }),
        );
      }
    }
  }
  return problems;
}
