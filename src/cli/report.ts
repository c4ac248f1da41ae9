/**
 * How the CLI prints problems: `file:line:column: error: message` lines (the format editors'
 * problem matchers and CI logs understand) with the JSON path, expected, found, fix and docs
 * beneath; or one JSON document (`--format json`) for tools; or GitHub Actions annotations
 * (`--format github`).
 */
import type { LocatedProblem } from "./check-sources";

export const FORMATS = ["text", "json", "github"] as const;
export type Format = (typeof FORMATS)[number];

/** Something worth saying that is not a problem: a step `check` could not visit, and why. */
export type Note = { file: string; line: number; column: number; path: string; message: string };

export type Report = {
  files: readonly string[];
  problems: readonly LocatedProblem[];
  notes?: readonly Note[];
  /** Warnings fail the run too (`--strict`). */
  strict?: boolean;
};

export function failed(report: Report): boolean {
  return report.problems.some((p) => p.severity === "error" || report.strict);
}

export function formatReport(report: Report, format: Format, color = false): string {
  if (format === "json") return `${JSON.stringify(jsonReport(report), null, 2)}\n`;
  if (format === "github") return githubReport(report);
  return textReport(report, color);
}

function jsonReport(report: Report) {
  const count = (severity: string) => report.problems.filter((p) => p.severity === severity).length;
  return {
    ok: !failed(report),
    errors: count("error"),
    warnings: count("warning"),
    files: report.files,
    problems: report.problems.map((p) => ({
      file: p.file,
      line: p.line,
      column: p.column,
      path: p.path,
      severity: p.severity,
      message: p.message,
      ...(p.expected !== undefined ? { expected: p.expected } : {}),
      ...(p.found !== undefined ? { found: p.found } : {}),
      ...(p.suggestion !== undefined ? { suggestion: p.suggestion } : {}),
      docs: p.docs,
    })),
    ...(report.notes ? { notes: report.notes } : {}),
  };
}

function textReport(report: Report, color: boolean): string {
  const paint = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  for (const p of report.problems) {
    const severity = p.severity === "error" ? paint("31;1", "error") : paint("33;1", "warning");
    lines.push(`${paint("1", `${p.file}:${p.line}:${p.column}`)}: ${severity}: ${p.message}`);
    lines.push(`    at        ${p.path}`);
    if (p.expected !== undefined) lines.push(`    expected  ${p.expected}`);
    if (p.found !== undefined) lines.push(`    found     ${p.found}`);
    if (p.suggestion !== undefined) lines.push(`    fix       ${p.suggestion}`);
    lines.push(`    docs      ${paint("2", p.docs)}`);
    lines.push("");
  }
  for (const n of report.notes ?? []) {
    lines.push(
      `${paint("1", `${n.file}:${n.line}:${n.column}`)}: note: ${n.message}`,
      `    at        ${n.path}`,
      "",
    );
  }
  const errors = report.problems.filter((p) => p.severity === "error").length;
  const warnings = report.problems.length - errors;
  const files = report.files.length;
  const summary = `${plural(errors, "error")}, ${plural(warnings, "warning")} in ${plural(files, "file")}`;
  if (failed(report)) lines.push(paint("31;1", `✖ ${summary}`));
  else lines.push(paint("32;1", `✔ ${summary}`));
  return `${lines.join("\n")}\n`;
}

function githubReport(report: Report): string {
  // https://docs.github.com/actions/reference/workflow-commands-for-github-actions
  const escape = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const property = (s: string) => escape(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
  const lines = report.problems.map((p) => {
    const details = [
      p.path,
      p.expected !== undefined ? `expected ${p.expected}` : "",
      p.found !== undefined ? `found ${p.found}` : "",
      p.suggestion ?? "",
      p.docs,
    ].filter(Boolean);
    return `::${p.severity} file=${property(p.file)},line=${p.line},col=${p.column},title=${property(p.message)}::${escape(details.join("\n"))}`;
  });
  return lines.length ? `${lines.join("\n")}\n` : "";
}

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
