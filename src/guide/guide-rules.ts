/**
 * Rules for one guide that the schema can't express: ids that must be unique and must exist,
 * regular expressions that must compile, globs that must be able to match, and combinations
 * that do nothing. Runtime-relevant only; designer-only lint lives in src/cli/lint/.
 */
import { collectGlobs, type GlobUse } from "./collect";
import { isValidGlob } from "./glob";
import { errorText, problem, type Add, type GuideProblem } from "./problem";
import type { Guide } from "./schema";
import { STRING_HINTS } from "./string-hints";
import { closest, didYouMean } from "./suggest";
import { clip, preview, quote } from "./values";

export function checkRules(guide: Guide, file: string): GuideProblem[] {
  const problems: GuideProblem[] = [];
  const add: Add = (severity, path, draft) => problems.push(problem(file, path, severity, draft));
  const steps = guide.steps ?? [];
  const help = guide.help ?? [];
  if (steps.length === 0 && help.length === 0) {
    add("error", "$", {
      message: `guide ${quote(guide.id)} has no steps and no help`,
      expected: '"steps": [ … ] and/or "help": [ … ]',
      suggestion: 'add at least one step, like {"id": "start", "title": "Welcome"}',
    });
  }
  duplicates(steps, "steps", "step", add);
  duplicates(help, "help", "help", add);

  const ids = [...new Set(steps.map((s) => s.id))];
  const checkRef = (path: string, id: string, what: string) => {
    if (ids.includes(id)) return;
    add("error", path, {
      message: `${what} names step ${quote(id)}, which this guide doesn't have`,
      expected: `one of the step ids: ${clip(ids.join(", "), 120)}`,
      found: quote(id),
      suggestion:
        didYouMean(closest(id, ids)) ?? `add a step with "id": ${quote(id)}, or fix the name`,
    });
  };

  steps.forEach((step, i) => {
    const at = `$.steps[${i}]`;
    if (typeof step.next === "string") checkRef(`${at}.next`, step.next, '"next"');
    else if (step.next) {
      step.next.forEach((branch, j) => {
        checkRef(`${at}.next[${j}].goto`, branch.goto, '"goto"');
        if (!branch.when && j < step.next!.length - 1) {
          add("warning", `${at}.next[${j}]`, {
            message:
              'a branch without "when" always applies, so the branches after it are never used',
            suggestion: 'move it to the end of "next", or give it a "when"',
          });
        }
      });
    }
    const advance = step.advance;
    if (step.onFail) {
      if ("goto" in step.onFail) checkRef(`${at}.onFail.goto`, step.onFail.goto, '"onFail"');
      if (typeof advance !== "object" || !("request" in advance)) {
        add("warning", `${at}.onFail`, {
          message:
            '"onFail" only applies when the step advances on a request, so it is never used here',
          expected: '"advance": {"request": {"url": …}}',
          found: advance === undefined ? "no advance" : preview(advance),
          suggestion: 'set "advance": {"request": { … }} or remove "onFail"',
        });
      }
    }
    if (typeof advance === "object" && !step.target) {
      const mode =
        "click" in advance && advance.click === true
          ? "click"
          : "input" in advance && advance.input === true
            ? "input"
            : undefined;
      if (mode) {
        add("error", `${at}.advance.${mode}`, {
          message: `"${mode}": true means the step's target, but this step has no "target"`,
          suggestion: `add a "target" selector to the step, or give a selector: {"${mode}": "#…"}`,
        });
      }
    }
    if (typeof advance === "object" && "matches" in advance && advance.matches !== undefined) {
      checkRegex(`${at}.advance.matches`, advance.matches, add);
    }
    if ((step.demoMayCommit !== undefined || step.demoKeepValues !== undefined) && !step.demo) {
      add("warning", at, {
        message: '"demoMayCommit"/"demoKeepValues" have no effect on a step without "demo"',
        suggestion: 'add a "demo", or remove them',
      });
    }
  });

  help.forEach((entry, i) => {
    const error = entry.when.error;
    if (error?.message !== undefined)
      checkRegex(`$.help[${i}].when.error.message`, error.message, add);
    if (error?.source !== undefined)
      checkRegex(`$.help[${i}].when.error.source`, error.source, add);
    if (entry.when.code !== undefined && entry.when.event === undefined) {
      add("error", `$.help[${i}].when.code`, {
        message: '"code" only works together with "event"',
        expected: '{"event": "payment-failed", "code": "…"}',
        suggestion: 'add the "event" name that Waymark.fail reports',
      });
    }
  });
  for (const glob of collectGlobs(guide)) checkGlob(glob.path, glob.value, glob.use, add);
  return problems;
}

function duplicates(items: readonly { id: string }[], list: string, noun: string, add: Add) {
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const earlier = first.get(item.id);
    if (earlier === undefined) return void first.set(item.id, i);
    add("error", `$.${list}[${i}].id`, {
      message: `${noun} id ${quote(item.id)} is used twice (also at $.${list}[${earlier}])`,
      suggestion: `give each ${noun} its own id, e.g. ${quote(`${item.id}-2`)}`,
    });
  });
}

function checkRegex(path: string, source: string, add: Add) {
  try {
    new RegExp(source);
  } catch (error) {
    return add("error", path, {
      message: `not a valid regular expression: ${errorText(error).replace(/^Invalid regular expression: /, "")}`,
      found: preview(source),
      suggestion: "check brackets, and escape special characters such as ( ) [ ] . * + ? with \\",
    });
  }
  if (/^\/.+\/[a-z]*$/.test(source)) {
    add("warning", path, {
      message: "the slashes around this regular expression are matched literally",
      found: preview(source),
      suggestion: `write it without slashes: ${quote(source.replace(/^\/|\/[a-z]*$/g, ""))}`,
    });
  }
}

/** Globs that can never match: broken syntax, or a full URL where only a path is compared. */
function checkGlob(path: string, glob: string, use: GlobUse, add: Add) {
  const hint = use === "page" ? STRING_HINTS["page"] : STRING_HINTS["url"];
  const reason = isValidGlob(glob);
  if (reason !== null) {
    return add("error", path, {
      message: `this pattern never matches: ${reason.replace(/^The glob/, "the glob").replace(/\.$/, "")}`,
      expected: hint,
      found: preview(glob),
    });
  }
  const origin = use === "page" ? /^https?:\/\/[^/?#]*/i.exec(glob)?.[0] : undefined;
  if (origin) {
    add("error", path, {
      message:
        "a page pattern is compared with the path of the page only, so a full URL never matches",
      expected: hint,
      found: preview(glob),
      suggestion: `drop ${quote(origin)}: ${quote(glob.slice(origin.length) || "/")}`,
    });
  }
}
