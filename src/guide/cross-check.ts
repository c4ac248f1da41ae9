/**
 * Checks what one file can't: guide ids unique across files, and references to help entries,
 * guides and their steps that no loaded guide has.
 */
import { collectConditions } from "./collect";
import { problem, type Draft, type GuideProblem } from "./problem";
import type { Guide } from "./schema";
import { closest, didYouMean } from "./suggest";
import { clip, quote } from "./values";

/**
 * Checks what one file can't: guide ids unique across files, and references to help entries and
 * guides that no loaded guide has. `files[i]` names the file of `guides[i]`; the first guide with
 * an id wins, later ones get the "already used" error.
 */
export function crossCheck(guides: readonly Guide[], files: readonly string[]): GuideProblem[] {
  const problems: GuideProblem[] = [];
  const fileOf = (i: number) => files[i] ?? `guide ${i}`;
  const add = (i: number, severity: GuideProblem["severity"], path: string, draft: Draft) =>
    problems.push(problem(fileOf(i), path, severity, draft));
  const byId = new Map<string, number>();
  guides.forEach((guide, i) => {
    const earlier = byId.get(guide.id);
    if (earlier === undefined) return void byId.set(guide.id, i);
    add(i, "error", "$.id", {
      message: `guide id ${quote(guide.id)} is already used by ${fileOf(earlier)}, so this guide is ignored`,
      found: quote(guide.id),
      suggestion: "give each guide its own id",
    });
  });

  const helpIds = new Map<string, number>();
  guides.forEach((guide, i) =>
    (guide.help ?? []).forEach((h, k) => {
      const earlier = helpIds.get(h.id);
      if (earlier === undefined) return void helpIds.set(h.id, i);
      if (earlier !== i) {
        add(i, "warning", `$.help[${k}].id`, {
          message: `help id ${quote(h.id)} is also used in ${fileOf(earlier)}; "onFail" references to it are ambiguous`,
          suggestion: "give each help entry its own id",
        });
      }
    }),
  );
  const guideIds = [...byId.keys()];
  const unknownGuide = (i: number, path: string, id: string, severity: GuideProblem["severity"]) =>
    add(i, severity, path, {
      message: `there is no loaded guide with id ${quote(id)}`,
      expected: `one of ${clip(guideIds.join(", "), 120)}`,
      found: quote(id),
      suggestion:
        didYouMean(closest(id, guideIds)) ?? "check the id, and that its file is in the index",
    });

  guides.forEach((guide, i) => {
    (guide.steps ?? []).forEach((step, j) => {
      if (step.onFail && "help" in step.onFail && !helpIds.has(step.onFail.help)) {
        add(i, "error", `$.steps[${j}].onFail.help`, {
          message: `there is no help entry with id ${quote(step.onFail.help)}`,
          expected: `one of ${clip([...helpIds.keys()].join(", ") || "(none loaded)", 120)}`,
          found: quote(step.onFail.help),
          suggestion:
            didYouMean(closest(step.onFail.help, helpIds.keys())) ??
            'add a "help" entry with that id',
        });
      }
    });
    (guide.help ?? []).forEach((h, k) => {
      (h.actions ?? []).forEach((action, a) => {
        if (!("guide" in action)) return;
        const at = `$.help[${k}].actions[${a}]`;
        const target = byId.get(action.guide);
        if (target === undefined) return unknownGuide(i, `${at}.guide`, action.guide, "error");
        const stepIds = (guides[target]?.steps ?? []).map((s) => s.id);
        if (action.step !== undefined && !stepIds.includes(action.step)) {
          add(i, "error", `${at}.step`, {
            message: `guide ${quote(action.guide)} has no step ${quote(action.step)}`,
            expected: `one of ${clip(stepIds.join(", ") || "(no steps)", 120)}`,
            suggestion: didYouMean(closest(action.step, stepIds)),
          });
        }
      });
      const stall = h.when.stall;
      if (stall?.guide !== undefined && !byId.has(stall.guide))
        unknownGuide(i, `$.help[${k}].when.stall.guide`, stall.guide, "warning");
      const stalled = stall?.guide !== undefined ? byId.get(stall.guide) : undefined;
      const stallSteps = (guides[stalled ?? -1]?.steps ?? []).map((s) => s.id);
      if (stalled !== undefined && stall?.step !== undefined && !stallSteps.includes(stall.step)) {
        add(i, "warning", `$.help[${k}].when.stall.step`, {
          message: `guide ${quote(stall.guide!)} has no step ${quote(stall.step)}, so this help never shows`,
          expected: `one of ${clip(stallSteps.join(", ") || "(no steps)", 120)}`,
          suggestion: didYouMean(closest(stall.step, stallSteps)),
        });
      }
    });
    // done/notDone on a guide nobody loaded always/never holds: likely a typo, but not fatal.
    for (const { path, value: c } of collectConditions(guide)) {
      if (c.done !== undefined && !byId.has(c.done))
        unknownGuide(i, `${path}.done`, c.done, "warning");
      if (c.notDone !== undefined && !byId.has(c.notDone))
        unknownGuide(i, `${path}.notDone`, c.notDone, "warning");
    }
  });
  return problems;
}
