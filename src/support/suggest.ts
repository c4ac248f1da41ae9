/**
 * What the "before you contact us" panel offers: the help matching the user's recent failures
 * and stalls on this page, and the tours that belong to this page. Plain data, no DOM.
 */
import { matchGlob } from "../guide/glob";
import type { Condition, Guide, Help } from "../guide/schema";
import { pickLocale } from "../guide/text";
import type { SupportHelpView } from "../state";

/** Page globs a condition requires (top level and `all`), ignoring `any`/`not` branches. */
function requiredPages(condition: Condition | undefined, depth = 0): string[] {
  if (!condition || depth > 8) return [];
  const own = condition.page ? [condition.page] : [];
  return [...own, ...(condition.all ?? []).flatMap((c) => requiredPages(c, depth + 1))];
}

/**
 * Tours for the page at `location` (path, plus `#hash` when the page uses one): a guide whose
 * `start` requires this page, or whose first step lives on it. Help-only guides are not tours.
 */
export function guidesForPage(
  guides: readonly Guide[],
  location: string,
  locale: string,
): Array<{ id: string; title: string; summary: string }> {
  const out: Array<{ id: string; title: string; summary: string }> = [];
  for (const guide of guides) {
    if (!guide.steps?.length) continue;
    const pages = [
      ...requiredPages(guide.start),
      ...(guide.steps[0]?.page ? [guide.steps[0].page] : []),
    ];
    if (!pages.some((glob) => matchGlob(glob, location))) continue;
    out.push({
      id: guide.id,
      title: pickLocale(guide.title, locale),
      summary: guide.summary ? pickLocale(guide.summary, locale) : "",
    });
  }
  return out;
}

/** A help entry as the panel shows it: localized, with its actions. */
export function helpView(help: Help, locale: string): SupportHelpView {
  return {
    id: help.id,
    title: pickLocale(help.title, locale),
    body: help.body ? pickLocale(help.body, locale) : "",
    actions: (help.actions ?? []).map((action) => {
      const labelText = pickLocale(action.label, locale);
      if ("guide" in action)
        return {
          label: labelText,
          kind: "guide" as const,
          guide: action.guide,
          ...(action.step ? { step: action.step } : {}),
        };
      if ("href" in action) return { label: labelText, kind: "href" as const, href: action.href };
      return { label: labelText, kind: "report" as const };
    }),
  };
}

/** Finds a help entry by id across the loaded guides. */
export function findHelp(guides: readonly Guide[], id: string): Help | undefined {
  for (const guide of guides) {
    const found = guide.help?.find((h) => h.id === id);
    if (found) return found;
  }
  return undefined;
}
