/**
 * Texts that lack a translation the rest of the guide has: when most texts are
 * {"en": …, "de": …} and one is only {"en": …}, a German user meets one English step.
 */
import { collectTexts } from "../../guide/collect";
import { problem, type GuideProblem } from "../../guide/problem";
import type { Guide } from "../../guide/schema";
import { orList } from "../../guide/values";

/** The language of a tag: "de-CH" → "de" (case and "_" don't matter). */
const language = (tag: string) => tag.trim().replace(/_/g, "-").toLowerCase().split("-")[0]!;

export function findMissingLocales(guide: Guide, file: string): GuideProblem[] {
  const maps = collectTexts(guide).filter(
    (t): t is { path: string; value: Record<string, string> } => typeof t.value === "object",
  );
  // By language: a text in "de-CH" serves German users too (the widget falls back to it).
  const all = new Map<string, string>();
  for (const { value } of maps)
    for (const tag of Object.keys(value)) {
      if (!all.has(language(tag))) all.set(language(tag), tag);
    }
  const problems: GuideProblem[] = [];
  for (const { path, value } of maps) {
    const tags = Object.keys(value);
    const languages = new Set(tags.map(language));
    const missing = [...all].filter(([lang]) => !languages.has(lang)).map(([, tag]) => tag);
    if (missing.length === 0) continue;
    const list = orList(missing.map((t) => JSON.stringify(t)));
    problems.push(
      problem(file, path, "warning", {
        message: `this text has no ${list} translation, which other texts in this guide have`,
        expected: `translations for ${[...all.values()].join(", ")}`,
        found: tags.join(", "),
        suggestion: `add ${missing.map((t) => `"${t}": "…"`).join(", ")}; until then these users see another language here`,
      }),
    );
  }
  return problems;
}
