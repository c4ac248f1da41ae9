/**
 * Spelling suggestions: which word a designer most likely meant ("tagret" → "target",
 * "selector" → "target"), for keys, kinds and ids.
 */
import { lookup, quote } from "./values";

/** Damerau–Levenshtein (optimal string alignment) distance. */
function distance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const prev = rows[i - 1]!;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      }
      row.push(d);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/** The candidate a typo most likely meant, ignoring case, "-" and "_"; undefined if none is close. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > 64) return undefined;
  const norm = (s: string) => s.toLowerCase().replace(/[-_\s]/g, "");
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === word || candidate.length > 64) continue;
    const d = distance(norm(word), norm(candidate));
    const len = Math.max(word.length, candidate.length);
    const limit = len <= 2 ? 0 : len <= 4 ? 1 : len <= 8 ? 2 : 3;
    if (d <= limit && d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

export const didYouMean = (word: string | undefined) =>
  word ? `did you mean ${quote(word)}?` : undefined;

/** Words designers reach for, mapped to the keys the format uses. */
const KEY_ALIASES: Record<string, readonly string[]> = {
  selector: ["target", "element"],
  content: ["body"],
  text: ["body", "label"],
  description: ["body", "summary"],
  name: ["title", "label"],
  position: ["placement"],
  condition: ["when"],
  trigger: ["start", "advance"],
  delay: ["wait"],
  timeout: ["wait"],
  url: ["href", "page"],
  link: ["href"],
};

/** The allowed key an unknown key most likely meant: a synonym, else the closest spelling. */
export function suggestKey(key: string, allowed: readonly string[]): string | undefined {
  const alias = lookup(KEY_ALIASES, key.toLowerCase())?.find((a) => allowed.includes(a));
  return alias ?? closest(key, allowed);
}
