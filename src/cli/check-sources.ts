/**
 * Checks guide and index files given as text, the way `waymark validate` and the playground
 * both do (so they say the same things): JSON syntax, the guide format and its rules (the same
 * code the widget runs), references across the files, and the designer-only lint. Every
 * problem gets a line and column in its file and a link to the docs. No file system, no DOM:
 * the CLI reads the files, the playground passes its editor's text.
 */
import { crossCheck } from "../guide/cross-check";
import { jsonErrorProblem } from "../guide/json-error";
import { docsLink, problem, type GuideProblem } from "../guide/problem";
import * as v from "valibot";
import { GuideSchema, type Guide } from "../guide/schema";
import { closest, didYouMean } from "../guide/suggest";
import { validateGuide } from "../guide/validate";
import { isPlainObject, preview, quote } from "../guide/values";
import { parseJsonSource, type Position } from "./json-source";
import { lintGuide } from "./lint/lint-guide";

export type SourceFile = {
  /** The name problems are reported under, with "/" separators: `guides/billing.json`. */
  file: string;
  text: string;
};

export type LocatedProblem = GuideProblem & Position & { docs: string };

export type CheckOptions = {
  /**
   * The .json file names in a folder (`guides` → `["index.json", "billing.json"]`), so an index
   * file's entries can be checked against what exists. Without it, entries are not checked.
   */
  listFolder?: (folder: string) => readonly string[] | undefined;
};

export type CheckResult = {
  problems: LocatedProblem[];
  /** The valid guides, by file. */
  guides: { file: string; guide: Guide }[];
  errors: number;
  warnings: number;
  /** Where a JSON path is in a file (for problems found later, such as by `waymark check`). */
  locate(file: string, path: string): Position;
};

export function checkSources(
  sources: readonly SourceFile[],
  options: CheckOptions = {},
): CheckResult {
  const problems: GuideProblem[] = [];
  const locators = new Map<string, (path: string) => Position>();
  const valid: { file: string; guide: Guide }[] = [];
  const indexes: { file: string; listed: Set<string> }[] = [];
  const linted: { file: string; guide: Guide }[] = [];

  for (const { file, text } of sources) {
    const source = parseJsonSource(text);
    if (!source.ok) {
      const [, details] = jsonErrorProblem(text, source.error.reason);
      locators.set(file, () => source.position);
      problems.push(
        problem(file, "$", "error", {
          message: `not valid JSON: ${source.error.reason}`,
          found: details.found,
          suggestion: source.error.suggestion ?? details.suggestion,
        }),
      );
      continue;
    }
    locators.set(file, source.locate);
    for (const duplicate of source.duplicates) {
      problems.push(
        problem(file, duplicate.path, "warning", {
          message: `the key ${quote(duplicate.key)} appears twice in this object (first at line ${duplicate.first.line}, column ${duplicate.first.column}); only the last one counts`,
          suggestion: "remove one of them",
        }),
      );
    }
    if (isIndex(source.value)) {
      indexes.push({ file, listed: checkIndex(file, source.value, problems, options) });
      continue;
    }
    const result = validateGuide(source.value, file);
    problems.push(...result.problems);
    if (result.ok) valid.push({ file, guide: result.guide });
    else {
      // Broken ids or globs keep the widget from loading the guide, but the designer-only
      // checks can still run on it, so one run shows every problem the format allows us to see.
      const shaped = v.safeParse(GuideSchema, source.value);
      if (shaped.success) linted.push({ file, guide: shaped.output });
    }
  }

  problems.push(
    ...crossCheck(
      valid.map((g) => g.guide),
      valid.map((g) => g.file),
    ),
  );

  // Steps that help actions start a guide at count as reachable.
  const entrySteps = new Map<string, Set<string>>();
  for (const { guide } of valid) {
    for (const entry of guide.help ?? []) {
      for (const action of entry.actions ?? []) {
        if (!("guide" in action) || action.step === undefined) continue;
        const steps = entrySteps.get(action.guide) ?? new Set<string>();
        steps.add(action.step);
        entrySteps.set(action.guide, steps);
      }
    }
  }
  for (const { file, guide } of [...valid, ...linted]) {
    problems.push(...lintGuide(guide, file, { entrySteps: entrySteps.get(guide.id) ?? new Set() }));
  }
  for (const { file } of valid) {
    const index = indexes.find((x) => folderOf(x.file) === folderOf(file));
    if (index && !index.listed.has(baseName(file))) {
      problems.push(
        problem(file, "$", "warning", {
          message: `${index.file} doesn't list this file, so the widget never loads it`,
          suggestion: `add "${baseName(file)}" to "guides" in ${index.file}`,
        }),
      );
    }
  }

  const order = new Map(sources.map((s, i) => [s.file, i]));
  const located = problems
    .map((p): LocatedProblem => {
      const at = locators.get(p.file)?.(p.path) ?? { line: 1, column: 1 };
      return { ...p, line: at.line, column: at.column, docs: docsLink(p.path) };
    })
    .sort(
      (a, b) =>
        (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) ||
        a.line - b.line ||
        a.column - b.column,
    );
  return {
    problems: located,
    guides: valid,
    errors: located.filter((p) => p.severity === "error").length,
    warnings: located.filter((p) => p.severity === "warning").length,
    locate: (file, path) => locators.get(file)?.(path) ?? { line: 1, column: 1 },
  };
}

/** An index is an object with a "guides" key and no "id" (a guide always has an id). */
function isIndex(value: unknown): value is Record<string, unknown> {
  return isPlainObject(value) && "guides" in value && !("id" in value);
}

/** Problems in an index file; returns the file names it lists (relative to its folder). */
function checkIndex(
  file: string,
  index: Record<string, unknown>,
  problems: GuideProblem[],
  options: CheckOptions,
): Set<string> {
  const listed = new Set<string>();
  for (const key of Object.keys(index)) {
    if (key !== "guides" && key !== "$schema") {
      problems.push(
        problem(file, `$.${key}`, "warning", {
          message: `unknown key ${quote(key)} in an index file`,
          expected: '{"guides": ["billing.json", …]}',
          suggestion: "remove it",
        }),
      );
    }
  }
  const list = index["guides"];
  if (!Array.isArray(list)) {
    problems.push(
      problem(file, "$.guides", "error", {
        message: '"guides" must be a list of guide file names',
        expected: '["billing.json", "onboarding.json"]',
        found: preview(list),
      }),
    );
    return listed;
  }
  const folder = folderOf(file);
  const existing = options.listFolder?.(folder);
  list.forEach((entry, i) => {
    if (typeof entry !== "string" || entry.trim() === "") {
      problems.push(
        problem(file, `$.guides[${i}]`, "error", {
          message: "each entry must be the name or URL of a guide file",
          expected: '"billing.json" (relative to the index)',
          found: preview(entry),
        }),
      );
      return;
    }
    if (/^[a-z][a-z0-9+.-]*:|^\//i.test(entry) || !existing) return; // not a file next to us
    const name = entry.replace(/^\.\//, "");
    listed.add(name);
    if (existing.includes(name)) return;
    const candidates = existing.filter((f) => f !== baseName(file));
    problems.push(
      problem(file, `$.guides[${i}]`, "error", {
        message: `there is no file ${quote(name)} next to this index`,
        expected: `one of ${candidates.join(", ") || "(no other .json files)"}`,
        found: quote(entry),
        suggestion: didYouMean(closest(name, candidates)) ?? "check the file name",
      }),
    );
  });
  return listed;
}

const folderOf = (file: string) =>
  file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : ".";
const baseName = (file: string) => file.slice(file.lastIndexOf("/") + 1);
