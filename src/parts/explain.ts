/**
 * Lazy part: the guide explainer, which turns a guide that failed its checks into problems
 * with file, JSON path, what is wrong and a suggestion, and a file that is not JSON into the
 * line and column where it stops being JSON. Only loaded when a guide is broken (guide/load.ts).
 * See src/lazy.ts.
 */
export { explainSchemaFailure } from "../guide/validate";
export { jsonErrorProblem } from "../guide/json-error";
