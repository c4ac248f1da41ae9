/**
 * Checks a guide against the format in schema.ts and against the rules a schema can't express
 * (guide-rules.ts), and explains every problem for a designer: where (a JSON path), what was
 * expected, what was found, and what to do.
 *
 * valibot decides whether a guide is valid and builds the clean output. Only when it fails does
 * explain.ts walk the schema beside the input, to say which mistake the designer made.
 */
import * as v from "valibot";
import { explain } from "./explain";
import { checkRules } from "./guide-rules";
import { errorText, formatPath, isError, type GuideProblem } from "./problem";
import { GuideSchema, type Guide } from "./schema";
import { scanInput } from "./scan-input";

export type { GuideProblem } from "./problem";
export { crossCheck } from "./cross-check";

export type GuideValidation =
  { ok: true; guide: Guide; problems: GuideProblem[] } | { ok: false; problems: GuideProblem[] };

export function validateGuide(input: unknown, file: string): GuideValidation {
  try {
    const scan = scanInput(input, file);
    if (scan.fatal) return { ok: false, problems: [scan.fatal] };
    const result = v.safeParse(GuideSchema, input);
    if (!result.success) {
      const problems = [...scan.reserved, ...explain(GuideSchema, input, [], file)];
      // Our walker and valibot should agree; if they ever don't, valibot's word stands.
      if (!problems.some(isError)) problems.push(...fromIssues(result.issues, file));
      return { ok: false, problems };
    }
    const problems = [...scan.reserved, ...checkRules(result.output, file)];
    return problems.some(isError)
      ? { ok: false, problems }
      : { ok: true, guide: result.output, problems };
  } catch (error) {
    // Getters or proxies in inline guides can throw; the widget must not.
    return {
      ok: false,
      problems: [
        {
          file,
          path: "$",
          message: `could not read this guide (${errorText(error)})`,
          suggestion: "pass plain JSON data: objects, lists, text, numbers, true/false, null",
          severity: "error",
        },
      ],
    };
  }
}

function fromIssues(issues: readonly v.BaseIssue<unknown>[], file: string): GuideProblem[] {
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
