/**
 * The check every page view runs on a guide: scan-input.ts, then valibot, then the rules a
 * schema can't express (guide-rules.ts). It decides what is valid and says what the rules
 * found; it does not explain what valibot rejected. That explanation (validate.ts, explain.ts
 * and what they use) is only needed for a broken guide, so the script tag loads it as the
 * `explain` part (load.ts) and the core stays small; `fromIssues` is what is said without it.
 */
import * as v from "valibot";
import { checkRules } from "./guide-rules";
import { errorText, formatPath, isError, type GuideProblem } from "./problem";
import { GuideSchema, type Guide } from "./schema";
import { scanInput } from "./scan-input";

export type GuideValidation =
  { ok: true; guide: Guide; problems: GuideProblem[] } | { ok: false; problems: GuideProblem[] };

/** valibot rejected the guide: what was found before it (reserved keys), and valibot's issues. */
export type SchemaFailure = {
  ok: false;
  problems: GuideProblem[];
  issues: readonly v.BaseIssue<unknown>[];
};

/** A valid guide, a guide that breaks a rule, or a schema failure still to be explained. */
export function checkGuide(input: unknown, file: string): GuideValidation | SchemaFailure {
  try {
    const scan = scanInput(input, file);
    if (scan.fatal) return { ok: false, problems: [scan.fatal] };
    const result = v.safeParse(GuideSchema, input);
    if (!result.success) return { ok: false, problems: scan.reserved, issues: result.issues };
    const problems = [...scan.reserved, ...checkRules(result.output, file)];
    return problems.some(isError)
      ? { ok: false, problems }
      : { ok: true, guide: result.output, problems };
  } catch (error) {
    return { ok: false, problems: [unreadable(file, error)] };
  }
}

export const isSchemaFailure = (check: GuideValidation | SchemaFailure): check is SchemaFailure =>
  "issues" in check;

/** Getters or proxies in inline guides can throw; the widget must not. */
export function unreadable(file: string, error: unknown): GuideProblem {
  return {
    file,
    path: "$",
    message: `could not read this guide (${errorText(error)})`,
    suggestion: "pass plain JSON data: objects, lists, text, numbers, true/false, null",
    severity: "error",
  };
}

/** valibot's own words for what it rejected: one problem per issue, at the issue's path. */
export function fromIssues(issues: readonly v.BaseIssue<unknown>[], file: string): GuideProblem[] {
  return issues.map((issue) => ({
    file,
    path: formatPath(
      (issue.path ?? []).flatMap((item) =>
        typeof item.key === "string" || typeof item.key === "number" ? [item.key] : [],
      ),
    ),
    message: issue.message,
    severity: "error",
  }));
}
