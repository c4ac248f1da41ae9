/**
 * Checks a guide against the format in schema.ts and against the rules a schema can't express
 * (check.ts), and explains every problem for a designer: where (a JSON path), what was
 * expected, what was found, and what to do.
 *
 * valibot decides whether a guide is valid and builds the clean output. Only when it fails does
 * explain.ts walk the schema beside the input, to say which mistake the designer made. The CLI
 * and the playground call validateGuide; the widget runs check.ts and loads the explanation as
 * the `explain` part (src/parts/explain.ts) only for a guide valibot rejects.
 */
import { checkGuide, fromIssues, isSchemaFailure, unreadable } from "./check";
import type { GuideValidation, SchemaFailure } from "./check";
import { explain } from "./explain";
import { isError, type GuideProblem } from "./problem";
import { GuideSchema } from "./schema";

export type { GuideProblem } from "./problem";
export type { GuideValidation, SchemaFailure } from "./check";
export { crossCheck } from "./cross-check";

export function validateGuide(input: unknown, file: string): GuideValidation {
  const check = checkGuide(input, file);
  return isSchemaFailure(check)
    ? { ok: false, problems: explainSchemaFailure(input, file, check) }
    : check;
}

/** The problems of a guide valibot rejected (checkGuide's SchemaFailure), one per mistake. */
export function explainSchemaFailure(
  input: unknown,
  file: string,
  failure: SchemaFailure,
): GuideProblem[] {
  try {
    const problems = [...failure.problems, ...explain(GuideSchema, input, [], file)];
    // Our walker and valibot should agree; if they ever don't, valibot's word stands.
    if (!problems.some(isError)) problems.push(...fromIssues(failure.issues, file));
    return problems;
  } catch (error) {
    return [unreadable(file, error)];
  }
}
