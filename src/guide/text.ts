import type { LocalizedText } from "./schema";

/**
 * The string to show for `text` in `locale` (a BCP 47 tag). A locale map is searched for, in
 * order: the exact tag; its shorter prefixes (`zh-Hant-TW` → `zh-Hant` → `zh`); another region
 * of the same language (`de-AT` → `de-DE`); then the same three steps for `fallback`; and finally
 * the first entry. Tags compare case-insensitively and `_` counts as `-`.
 */
export function pickLocale(text: LocalizedText, locale: string, fallback = "en"): string {
  if (typeof text === "string") return text;
  const entries = Object.entries(text).filter(
    (entry): entry is [string, string] => typeof entry[1] === "string",
  );
  const tags = entries.map(([tag]) => normalizeTag(tag));
  const index = findTag(tags, locale) ?? findTag(tags, fallback) ?? 0;
  return entries[index]?.[1] ?? "";
}

function findTag(tags: readonly string[], wanted: string): number | undefined {
  const tag = normalizeTag(wanted);
  if (tag === "") return undefined;
  const parts = tag.split("-");
  for (let length = parts.length; length > 0; length--) {
    const index = tags.indexOf(parts.slice(0, length).join("-"));
    if (index >= 0) return index;
  }
  const language = parts[0] + "-";
  const index = tags.findIndex((candidate) => candidate.startsWith(language));
  return index >= 0 ? index : undefined;
}

function normalizeTag(tag: string): string {
  return typeof tag === "string" ? tag.trim().replace(/_/g, "-").toLowerCase() : "";
}
