/**
 * Steps no tour can reach: the tour starts at the first step (or at a step a help action names),
 * and moves along "next", branch "goto"s, "onFail" "goto"s, or to the following step when a step
 * has no "next". A step nothing leads to is dead text, usually a forgotten "next" or "goto".
 */
import { problem, type GuideProblem } from "../../guide/problem";
import type { Guide, Step } from "../../guide/schema";
import { quote } from "../../guide/values";

/** The ids of the steps that `step` (at `index`) can lead to. */
function successors(steps: readonly Step[], step: Step, index: number): string[] {
  const out: string[] = [];
  if (typeof step.next === "string") out.push(step.next);
  else if (Array.isArray(step.next)) out.push(...step.next.map((branch) => branch.goto));
  else if (steps[index + 1]) out.push(steps[index + 1]!.id);
  if (step.onFail && "goto" in step.onFail) out.push(step.onFail.goto);
  return out;
}

/**
 * Warnings for steps of `guide` that can't be reached. `entries` are step ids that something
 * outside the guide starts it at (help actions with `"step"`).
 */
export function findUnreachableSteps(
  guide: Guide,
  file: string,
  entries: ReadonlySet<string> = new Set(),
): GuideProblem[] {
  const steps = guide.steps ?? [];
  if (steps.length === 0) return [];
  const index = new Map(steps.map((step, i) => [step.id, i] as const));
  // A "next" or "goto" to a step that doesn't exist is reported by the guide rules; until it is
  // fixed, which steps it was meant to reach can't be told.
  if (steps.some((step, i) => successors(steps, step, i).some((id) => !index.has(id)))) return [];
  const reached = new Set<string>();
  const queue = [steps[0]!.id, ...[...entries].filter((id) => index.has(id))];
  while (queue.length) {
    const id = queue.pop()!;
    if (reached.has(id)) continue;
    reached.add(id);
    const i = index.get(id)!;
    queue.push(...successors(steps, steps[i]!, i));
  }
  const problems: GuideProblem[] = [];
  steps.forEach((step, i) => {
    if (reached.has(step.id) || steps.findIndex((s) => s.id === step.id) !== i) return;
    const before = steps[i - 1];
    const why =
      before && before.next !== undefined
        ? `the step before it, ${quote(before.id)}, goes elsewhere with "next"`
        : "no step leads to it";
    problems.push(
      problem(file, `$.steps[${i}]`, "warning", {
        message: `step ${quote(step.id)} can never be shown: ${why}`,
        suggestion: `point a "next" or "goto" at ${quote(step.id)}, or remove the step (a host page can still start it with Waymark.start("${guide.id}", {step: "${step.id}"}))`,
      }),
    );
  });
  return problems;
}
