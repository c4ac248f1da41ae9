/**
 * A problem in a guide, as a designer reads it: which file, where in it (a JSON path), what
 * was expected, what was found, what to do, and which section of docs/guides.md explains it.
 * Everything that checks guides (the runtime loader, the CLI, the playground) reports these.
 */

export type GuideProblem = {
  /** The file as the designer knows it: `/guides/billing.json`, `config.guides[0]`. */
  file: string;
  /** JSON path of the offending value, `$` for the whole guide: `$.steps[2].advance.click`. */
  path: string;
  message: string;
  expected?: string;
  /** A short, truncated JSON preview of what the file holds at `path`. */
  found?: string;
  suggestion?: string;
  severity: "error" | "warning";
};

/** A problem's text parts; undefined parts are left out of the problem. */
export type Draft = {
  message: string;
  expected?: string | undefined;
  found?: string | undefined;
  suggestion?: string | undefined;
};

/** Adds a problem at a path (used by the rule checkers). */
export type Add = (severity: GuideProblem["severity"], path: string, draft: Draft) => void;

export function problem(
  file: string,
  path: string,
  severity: GuideProblem["severity"],
  draft: Draft,
): GuideProblem {
  const p: GuideProblem = { file, path, message: draft.message, severity };
  if (draft.expected !== undefined) p.expected = draft.expected;
  if (draft.found !== undefined) p.found = draft.found;
  if (draft.suggestion !== undefined) p.suggestion = draft.suggestion;
  return p;
}

export const isError = (p: GuideProblem) => p.severity === "error";

// ---- JSON paths -----------------------------------------------------------------------------

/** One step of a JSON path: an object key or an array index. */
export type Segment = string | number;

/** `["steps", 2, "advance"]` → `$.steps[2].advance`; odd keys are quoted: `$.user["plan type"]`. */
export function formatPath(path: readonly Segment[]): string {
  let out = "$";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(seg)) out += `.${seg}`;
    else out += `[${JSON.stringify(seg.length > 40 ? `${seg.slice(0, 39)}…` : seg)}]`;
  }
  return out;
}

// ---- One line for a console -----------------------------------------------------------------

/** Where docs/guides.md is published; problems link to its sections. */
export const GUIDE_DOCS = "https://github.com/waymark-dev/waymark/blob/main/docs/guides.md";

/**
 * One line for a console or CLI:
 * `/guides/billing.json $.steps[1].advance: unknown advance "clik" (expected …) — did you mean "click"? See …#advance`
 */
export function formatProblem(p: GuideProblem): string {
  const details = [p.expected && `expected ${p.expected}`, p.found && `found ${p.found}`].filter(
    Boolean,
  );
  let line = `${p.file} ${p.path}: ${p.message}`;
  if (details.length) line += ` (${details.join(", ")})`;
  if (p.suggestion) line += ` — ${p.suggestion}`;
  if (!/[.?!]$/.test(line)) line += ".";
  return `${line} See ${docsLink(p.path)}`;
}

/** The link to the section of docs/guides.md that explains the value at a path. */
export function docsLink(path: string): string {
  return `${GUIDE_DOCS}#${topicOf(path)}`;
}

/** The section of docs/guides.md that explains the value at a path. */
function topicOf(path: string): string {
  const keys = path.split(/[.[\]"]+/).filter((k) => k && k !== "$" && !/^\d+$/.test(k));
  let topic = "guide-file";
  keys.forEach((key, i) => {
    if (i === 0) {
      topic =
        key === "steps"
          ? "step"
          : key === "help"
            ? "help"
            : key === "start" || key === "goal"
              ? "condition"
              : topic;
    } else if (key === "advance") topic = "advance";
    else if (key === "demo") topic = "action";
    else if (key === "when" && keys[0] === "steps") topic = "condition";
  });
  return topic;
}

export function errorText(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return "unknown error";
  }
}
