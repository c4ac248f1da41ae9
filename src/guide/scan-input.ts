/**
 * A look at the raw input before valibot sees it: valibot recurses (deep nesting could overflow
 * the stack) and silently drops "__proto__" keys from maps, and inline guides are JavaScript
 * objects that may contain cycles.
 */
import { formatPath, problem, type Draft, type GuideProblem, type Segment } from "./problem";
import { quote } from "./values";

/** Deeper than any sensible guide; also keeps recursion (ours and valibot's) far from the stack limit. */
export const MAX_DEPTH = 40;

/** Names that could reach Object.prototype; never allowed as keys. */
export const RESERVED_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Largest number of values we look at; beyond it a "guide" is not something a person wrote. */
const MAX_VALUES = 1_000_000;

/**
 * Looks at the raw input before valibot (which recurses, and silently drops "__proto__" keys from
 * maps) sees it: nesting deeper than MAX_DEPTH, cycles (inline guides are JS objects) and absurd
 * sizes are fatal; names that could reach Object.prototype are errors. Iterative, so hostile
 * input can't overflow the stack.
 */
export function scanInput(
  input: unknown,
  file: string,
): { fatal?: GuideProblem; reserved: GuideProblem[] } {
  type Frame = { value: unknown; path: Segment[]; exit?: boolean };
  const stack: Frame[] = [{ value: input, path: [] }];
  const ancestors = new Set<unknown>();
  const reserved: GuideProblem[] = [];
  const fatal = (path: Segment[], draft: Draft) => ({
    fatal: problem(file, formatPath(path), "error", draft),
    reserved,
  });
  let budget = MAX_VALUES;
  while (stack.length) {
    const { value, path, exit } = stack.pop()!;
    if (exit) {
      ancestors.delete(value);
      continue;
    }
    if (--budget < 0) {
      return fatal([], {
        message: "the guide is too large to check",
        suggestion: "split it into several guide files",
      });
    }
    if (typeof value !== "object" || value === null) continue;
    if (ancestors.has(value)) {
      return fatal(path, {
        message: "this value contains itself (a circular reference)",
        suggestion: "pass plain JSON data without circular references",
      });
    }
    if (path.length >= MAX_DEPTH) {
      return fatal(path, {
        message: `the guide is nested too deeply (more than ${MAX_DEPTH} levels)`,
        suggestion: 'flatten nested "all"/"any"/"not" conditions',
      });
    }
    ancestors.add(value);
    stack.push({ value, path, exit: true });
    const isArray = Array.isArray(value);
    const keys = Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      if (!isArray && RESERVED_KEYS.has(key)) {
        reserved.push(
          problem(file, formatPath([...path, key]), "error", {
            message: `${quote(key)} can't be used as a name`,
            suggestion: `remove ${quote(key)}, or choose another name`,
          }),
        );
        continue;
      }
      stack.push({
        value: (value as Record<string, unknown>)[key],
        path: [...path, isArray ? i : key],
      });
    }
  }
  return { reserved };
}
