import { describe, expect, it } from "vitest";
import {
  conditionDependsOn,
  evaluateCondition,
  type ConditionContext,
} from "../../../src/guide/condition";
import type { Condition } from "../../../src/guide/schema";

/** A page at /invoices/new#details, with #customer on it, after "invoice-opened". */
function context(overrides: Partial<ConditionContext> = {}): ConditionContext {
  return {
    path: "/invoices/new",
    hash: "#details",
    hasElement: (selector) => selector === "#customer",
    hasEvent: (name) => name === "invoice-opened",
    user: {
      plan: "pro",
      seats: 5,
      admin: true,
      trial: null,
      roles: ["billing", "viewer"],
      name: "Ada",
    },
    isDone: (id) => id === "welcome",
    ...overrides,
  };
}

describe("evaluateCondition", () => {
  const cases: Array<[name: string, condition: Condition, expected: boolean]> = [
    ["empty condition", {}, true],
    ["page literal", { page: "/invoices/new" }, true],
    ["page glob", { page: "/invoices/*" }, true],
    ["page globstar", { page: "/invoices/**" }, true],
    ["other page", { page: "/billing/**" }, false],
    ["page with hash", { page: "/invoices/new#details" }, true],
    ["page with other hash", { page: "/invoices/new#lines" }, false],
    ["element present", { element: "#customer" }, true],
    ["element missing", { element: "#amount" }, false],
    ["event tracked", { event: "invoice-opened" }, true],
    ["event not tracked", { event: "invoice-sent" }, false],
    ["done", { done: "welcome" }, true],
    ["not yet done", { done: "first-invoice" }, false],
    ["notDone of an unfinished guide", { notDone: "first-invoice" }, true],
    ["notDone of a finished guide", { notDone: "welcome" }, false],
    // user traits
    ["string trait", { user: { plan: "pro" } }, true],
    ["string trait differs", { user: { plan: "free" } }, false],
    ["number trait", { user: { seats: 5 } }, true],
    ["no type coercion", { user: { seats: "5" } }, false],
    ["boolean trait", { user: { admin: true } }, true],
    ["boolean trait differs", { user: { admin: false } }, false],
    ["null matches null", { user: { trial: null } }, true],
    ["null matches a missing trait", { user: { company: null } }, true],
    ["null does not match a value", { user: { plan: null } }, false],
    ["in", { user: { plan: { in: ["pro", "team"] } } }, true],
    ["not in", { user: { plan: { in: ["free", "team"] } } }, false],
    ["in is strict", { user: { seats: { in: ["5"] } } }, false],
    ["list trait contains value", { user: { roles: "billing" } }, true],
    ["list trait lacks value", { user: { roles: "owner" } }, false],
    ["list trait meets in", { user: { roles: { in: ["owner", "viewer"] } } }, true],
    ["lt", { user: { seats: { lt: 10 } } }, true],
    ["lt boundary", { user: { seats: { lt: 5 } } }, false],
    ["gt", { user: { seats: { gt: 4 } } }, true],
    ["gt boundary", { user: { seats: { gt: 5 } } }, false],
    ["gt needs a number", { user: { plan: { gt: 0 } } }, false],
    ["lt on a missing trait", { user: { age: { lt: 100 } } }, false],
    ["exists", { user: { name: { exists: true } } }, true],
    ["exists on a missing trait", { user: { company: { exists: true } } }, false],
    ["exists false on a missing trait", { user: { company: { exists: false } } }, true],
    ["exists false on a null trait", { user: { trial: { exists: false } } }, true],
    ["inherited names are not traits", { user: { constructor: { exists: true } } }, false],
    ["toString is not a trait", { user: { toString: { exists: false } } }, true],
    ["every trait must hold", { user: { plan: "pro", seats: { gt: 10 } } }, false],
    // several keys: all must hold
    ["page and element", { page: "/invoices/new", element: "#customer" }, true],
    ["page and missing element", { page: "/invoices/new", element: "#amount" }, false],
    ["right page, wrong user", { page: "/invoices/**", user: { plan: "free" } }, false],
    // combinators
    ["all empty", { all: [] }, true],
    ["any empty", { any: [] }, false],
    ["all holds", { all: [{ page: "/invoices/**" }, { event: "invoice-opened" }] }, true],
    ["all fails", { all: [{ page: "/invoices/**" }, { event: "invoice-sent" }] }, false],
    ["any holds", { any: [{ page: "/billing" }, { done: "welcome" }] }, true],
    ["any fails", { any: [{ page: "/billing" }, { done: "other" }] }, false],
    ["not", { not: { page: "/billing/**" } }, true],
    ["not of a true condition", { not: { element: "#customer" } }, false],
    ["not of empty", { not: {} }, false],
    [
      "nested",
      {
        page: "/invoices/**",
        any: [
          { user: { plan: "free" } },
          { all: [{ user: { admin: true } }, { not: { done: "first-invoice" } }] },
        ],
      },
      true,
    ],
  ];
  it.each(cases)("%s", (_name, condition, expected) => {
    expect(evaluateCondition(condition, context())).toBe(expected);
  });

  it.each([
    ["details", true],
    ["#details", true],
    ["", false],
    ["#", false],
  ])("accepts the hash %j with or without its #", (hash, expected) => {
    expect(evaluateCondition({ page: "/invoices/new#details" }, context({ hash }))).toBe(expected);
  });

  it("ignores a query string left in the path", () => {
    expect(
      evaluateCondition({ page: "/invoices/new" }, context({ path: "/invoices/new?x=1" })),
    ).toBe(true);
  });

  it("checks elements last, and only when everything else holds", () => {
    const asked: string[] = [];
    const hasElement = (selector: string) => (asked.push(selector), true);
    evaluateCondition({ element: "#a", page: "/billing" }, context({ hasElement }));
    evaluateCondition({ element: "#b", any: [{ element: "#c" }] }, context({ hasElement }));
    expect(asked).toEqual(["#c", "#b"]);
  });

  it("does not overflow on absurd nesting", () => {
    let deep: Condition = { page: "/invoices/new" };
    for (let i = 0; i < 10_000; i++) deep = { not: { not: deep } };
    expect(() => evaluateCondition(deep, context())).not.toThrow();
    expect(() => conditionDependsOn(deep)).not.toThrow();
  });
});

describe("conditionDependsOn", () => {
  const none = { page: false, element: false, event: false, user: false, done: false };
  const cases: Array<[condition: Condition, expected: Partial<typeof none>]> = [
    [{}, {}],
    [{ page: "/x" }, { page: true }],
    [
      { element: "#a", event: "e" },
      { element: true, event: true },
    ],
    [{ user: { plan: "pro" } }, { user: true }],
    [{ done: "a" }, { done: true }],
    [{ notDone: "a" }, { done: true }],
    [{ all: [{ page: "/x" }, { any: [{ element: "#a" }] }] }, { page: true, element: true }],
    [{ not: { user: { seats: { gt: 1 } } } }, { user: true }],
    [{ any: [{ not: { notDone: "a" } }, { event: "e" }] }, { done: true, event: true }],
  ];
  it.each(cases)("%j", (condition, expected) => {
    expect(conditionDependsOn(condition)).toEqual({ ...none, ...expected });
  });
});
