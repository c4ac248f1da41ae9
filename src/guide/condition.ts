import { compileGlob } from "./glob";
import type { Condition, UserMatch } from "./schema";

/**
 * The facts a condition is judged on. The caller supplies the DOM and session checks, so
 * condition matching itself stays free of the DOM.
 */
export type ConditionContext = {
  /** `location.pathname` (a query string, if included, is ignored). */
  path: string;
  /** `location.hash`, with or without the leading "#"; "" for none. */
  hash: string;
  /** The selector matches an element that is present and visible. */
  hasElement(selector: string): boolean;
  /** The host tracked this event (`Waymark.track`) in this session. */
  hasEvent(name: string): boolean;
  /** Traits from `Waymark.identify`. */
  user: Record<string, unknown>;
  /** The guide with this id is done. */
  isDone(guideId: string): boolean;
};

/** Which kinds of facts a condition reads, so the caller knows what should re-evaluate it. */
export type ConditionDependencies = {
  page: boolean;
  element: boolean;
  event: boolean;
  user: boolean;
  done: boolean;
};

// Conditions come from JSON; a pathological nesting depth must not overflow the stack.
const MAX_DEPTH = 64;

/**
 * Whether `condition` holds: every key given must hold (`{}` holds), `all: []` holds,
 * `any: []` does not. Keys outside the Condition type (such as a goal's `request`) are left to
 * their own matchers and ignored here. Cheap checks run first; `hasElement` is called last and
 * only when everything else already holds.
 */
export function evaluateCondition(condition: Condition, context: ConditionContext): boolean {
  return holds(condition, context, 0);
}

function holds(c: Condition, context: ConditionContext, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  if (c.page !== undefined && !compileGlob(c.page)(context.path + hashPart(context.hash))) {
    return false;
  }
  if (c.done !== undefined && !context.isDone(c.done)) return false;
  if (c.notDone !== undefined && context.isDone(c.notDone)) return false;
  if (c.event !== undefined && !context.hasEvent(c.event)) return false;
  if (c.user !== undefined) {
    for (const trait of Object.keys(c.user)) {
      // Own properties only: a trait named "constructor" must not find Object.prototype's.
      const value = Object.hasOwn(context.user, trait) ? context.user[trait] : undefined;
      if (!userMatches(c.user[trait] as UserMatch, value)) return false;
    }
  }
  if (c.all !== undefined && !c.all.every((child) => holds(child, context, depth + 1)))
    return false;
  if (c.any !== undefined && !c.any.some((child) => holds(child, context, depth + 1))) return false;
  if (c.not !== undefined && holds(c.not, context, depth + 1)) return false;
  if (c.element !== undefined && !context.hasElement(c.element)) return false;
  return true;
}

function hashPart(hash: string): string {
  if (hash === "" || hash === "#") return "";
  return hash.startsWith("#") ? hash : `#${hash}`;
}

/**
 * One trait against its matcher. Values compare strictly (`5` is not `"5"`); `null` also
 * matches a trait that was never set; when the trait is a list (roles, teams), a plain value or
 * `in` matches if any member does. `lt`/`gt` need a finite number.
 */
function userMatches(matcher: UserMatch, value: unknown): boolean {
  if (matcher === null) return value === null || value === undefined;
  if (typeof matcher !== "object") return equalsOrContains(value, matcher);
  if ("in" in matcher) return matcher.in.some((option) => equalsOrContains(value, option));
  if ("lt" in matcher) return isFiniteNumber(value) && value < matcher.lt;
  if ("gt" in matcher) return isFiniteNumber(value) && value > matcher.gt;
  if ("exists" in matcher) return (value !== undefined && value !== null) === matcher.exists;
  return false;
}

function equalsOrContains(value: unknown, expected: string | number | boolean): boolean {
  return Array.isArray(value) ? value.includes(expected) : value === expected;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** The kinds of facts `condition` reads anywhere in its tree (`notDone` counts as `done`). */
export function conditionDependsOn(condition: Condition): ConditionDependencies {
  const found: ConditionDependencies = {
    page: false,
    element: false,
    event: false,
    user: false,
    done: false,
  };
  const visit = (c: Condition, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    if (c.page !== undefined) found.page = true;
    if (c.element !== undefined) found.element = true;
    if (c.event !== undefined) found.event = true;
    if (c.user !== undefined) found.user = true;
    if (c.done !== undefined || c.notDone !== undefined) found.done = true;
    for (const child of c.all ?? []) visit(child, depth + 1);
    for (const child of c.any ?? []) visit(child, depth + 1);
    if (c.not !== undefined) visit(c.not, depth + 1);
  };
  visit(condition, 0);
  return found;
}
