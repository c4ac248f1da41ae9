import { describe, expect, it } from "vitest";
import type { Guide } from "../../../src/guide/schema";
import { crossCheck } from "../../../src/guide/cross-check";
import type { GuideProblem } from "../../../src/guide/problem";
import { validateGuide } from "../../../src/guide/validate";

const FILE = "/guides/billing.json";

/** A valid guide with two steps; `second` patches the second step, `top` the guide. */
function guideWith(second: Record<string, unknown> = {}, top: Record<string, unknown> = {}) {
  return {
    id: "billing",
    title: "Billing",
    steps: [
      { id: "customer", title: "Pick a customer", target: "#customer" },
      { id: "amount", title: "Amount", target: "#amount", ...second },
    ],
    ...top,
  };
}

function helpWith(entry: Record<string, unknown>) {
  return {
    id: "billing-help",
    title: "Help",
    help: [{ id: "declined", title: "Declined", when: { rage: "#pay" }, ...entry }],
  };
}

const errors = (problems: GuideProblem[]) => problems.filter((p) => p.severity === "error");

type Expect = {
  path: string;
  message: string;
  expected?: string;
  found?: string;
  suggestion?: string;
};

/** [name, input, the one error expected: exact path, and parts of the texts] */
const broken: [string, unknown, Expect][] = [
  ["not an object", [], { path: "$", message: "a guide must be a JSON object", found: "[]" }],
  ["null", null, { path: "$", message: "a guide must be a JSON object", found: "null" }],
  [
    "missing id",
    { title: "x", steps: [{ id: "a", title: "A" }] },
    { path: "$", message: 'missing "id"', suggestion: 'add "id"' },
  ],
  [
    "guide id with spaces",
    guideWith({}, { id: "First Invoice" }),
    {
      path: "$.id",
      message: 'guide id "First Invoice" has characters that are not allowed',
      expected: 'lower-case letters, digits and "-"',
      suggestion: 'use "first-invoice"',
    },
  ],
  [
    "unknown key, typo",
    guideWith({ tagret: "#x" }),
    {
      path: "$.steps[1].tagret",
      message: 'unknown key "tagret"',
      expected: "one of id, target, title",
      suggestion: 'did you mean "target"?',
    },
  ],
  [
    "unknown key, other case",
    guideWith({ IfMissing: "skip" }),
    {
      path: "$.steps[1].IfMissing",
      message: 'unknown key "IfMissing"',
      suggestion: 'did you mean "ifMissing"?',
    },
  ],
  [
    "unknown key, synonym",
    guideWith({ selector: "#x" }),
    {
      path: "$.steps[1].selector",
      message: 'unknown key "selector"',
      suggestion: 'did you mean "target"?',
    },
  ],
  [
    "unknown key, no guess",
    guideWith({ colour: "red" }),
    { path: "$.steps[1].colour", message: 'unknown key "colour"', suggestion: 'remove "colour"' },
  ],
  [
    "title misspelt (no second 'missing' error)",
    { id: "g", title: "G", steps: [{ id: "a", titel: "A" }] },
    {
      path: "$.steps[0].titel",
      message: 'unknown key "titel"',
      suggestion: 'did you mean "title"?',
    },
  ],
  [
    "missing step title",
    { id: "g", title: "G", steps: [{ id: "a" }] },
    { path: "$.steps[0]", message: 'missing "title"', expected: "locale map" },
  ],
  [
    "advance typo in key",
    guideWith({ advance: { clik: "#x" } }),
    {
      path: "$.steps[1].advance",
      message: 'unknown advance "clik"',
      expected: '"next" or one of click, input, page, element, event, request',
      suggestion: 'did you mean "click"?',
    },
  ],
  [
    "advance typo in word",
    guideWith({ advance: "nxt" }),
    {
      path: "$.steps[1].advance",
      message: 'unknown advance "nxt"',
      suggestion: 'did you mean "next"?',
    },
  ],
  [
    "advance wrong type",
    guideWith({ advance: 5 }),
    { path: "$.steps[1].advance", message: '"advance" must be "next" or an object', found: "5" },
  ],
  [
    "advance two kinds",
    guideWith({ advance: { click: "#a", page: "/x" } }),
    {
      path: "$.steps[1].advance",
      message: '"advance" can have only one of click, input',
      suggestion: "keep one of click, page",
    },
  ],
  [
    "advance empty",
    guideWith({ advance: {} }),
    {
      path: "$.steps[1].advance",
      message: '"advance" needs one of click, input, page, element, event, request',
    },
  ],
  [
    "advance click not a selector",
    guideWith({ advance: { click: 5 } }),
    {
      path: "$.steps[1].advance.click",
      message: '"click" must be text or true',
      expected: "a CSS selector or true",
      found: "5",
    },
  ],
  [
    "advance input option typo",
    guideWith({ advance: { input: "#a", matchs: "^x" } }),
    {
      path: "$.steps[1].advance.matchs",
      message: 'unknown key "matchs"',
      suggestion: 'did you mean "matches"?',
    },
  ],
  [
    "advance request without url",
    guideWith({ advance: { request: { method: "POST" } } }),
    { path: "$.steps[1].advance.request", message: 'missing "url"' },
  ],
  [
    "wait in quotes",
    guideWith({ wait: "5000" }),
    {
      path: "$.steps[1].wait",
      message: '"wait" must be a number',
      found: '"5000"',
      suggestion: "without quotes: 5000",
    },
  ],
  [
    "wait with a unit",
    guideWith({ wait: "5s" }),
    {
      path: "$.steps[1].wait",
      message: '"wait" must be a number',
      expected: "milliseconds",
      suggestion: "5000",
    },
  ],
  [
    "negative wait",
    guideWith({ wait: -1 }),
    { path: "$.steps[1].wait", message: '"wait" must be at least 0', found: "-1" },
  ],
  [
    "stallAfter zero",
    guideWith({ stallAfter: 0 }),
    { path: "$.steps[1].stallAfter", message: "must be more than 0", expected: "seconds" },
  ],
  [
    "placement typo",
    guideWith({ placement: "botom" }),
    {
      path: "$.steps[1].placement",
      message: 'unknown placement "botom"',
      expected: '"bottom-start"',
      suggestion: 'did you mean "bottom"?',
    },
  ],
  [
    "ifMissing unknown",
    guideWith({ ifMissing: "hide" }),
    {
      path: "$.steps[1].ifMissing",
      message: 'unknown ifMissing "hide"',
      expected: '"modal", "skip" or "end"',
    },
  ],
  [
    "step id characters",
    guideWith({ id: "pick customer" }),
    {
      path: "$.steps[1].id",
      message: 'step id "pick customer"',
      suggestion: 'use "pick-customer"',
    },
  ],
  [
    "boolean in quotes",
    guideWith({ demo: [], demoMayCommit: "true" }),
    {
      path: "$.steps[1].demoMayCommit",
      message: '"demoMayCommit" must be true or false',
      suggestion: "without quotes: true",
    },
  ],
  [
    "steps not a list",
    { id: "g", title: "G", steps: { id: "a", title: "A" } },
    { path: "$.steps", message: '"steps" must be a list', suggestion: "wrap it in a list" },
  ],
  [
    "title a number",
    guideWith({}, { title: 5 }),
    { path: "$.title", message: '"title" must be text', suggestion: 'put it in quotes: "5"' },
  ],
  [
    "locale key",
    guideWith({}, { title: { en_US: "Billing" } }),
    { path: "$.title.en_US", message: '"en_US" is not a language code', suggestion: 'use "en-US"' },
  ],
  [
    "empty locale map",
    guideWith({ body: {} }),
    { path: "$.steps[1].body", message: '"body" has no translations' },
  ],
  [
    "locale map value not text",
    guideWith({ body: { en: 1 } }),
    { path: "$.steps[1].body.en", message: '"en" must be text' },
  ],
  [
    "frequency typo",
    guideWith({}, { frequency: "onse" }),
    {
      path: "$.frequency",
      message: 'unknown frequency "onse"',
      suggestion: 'did you mean "once"?',
    },
  ],
  [
    "version not whole",
    guideWith({}, { version: 1.5 }),
    { path: "$.version", message: '"version" must be a whole number', suggestion: "use 2" },
  ],
  [
    "empty start condition",
    guideWith({}, { start: {} }),
    {
      path: "$.start",
      message: '"start" is an empty condition',
      expected: "at least one of page, element",
    },
  ],
  [
    "condition key typo, nested",
    guideWith({}, { start: { all: [{ page: "/a" }, { not: { evnt: "x" } }] } }),
    {
      path: "$.start.all[1].not.evnt",
      message: 'unknown key "evnt"',
      suggestion: 'did you mean "event"?',
    },
  ],
  [
    "empty all",
    guideWith({}, { start: { all: [] } }),
    { path: "$.start.all", message: '"all" is an empty list', expected: "at least one condition" },
  ],
  [
    "user match unknown form",
    guideWith({}, { start: { user: { plan: { between: [1, 2] } } } }),
    {
      path: "$.start.user.plan",
      message: 'unknown user match "between"',
      expected: "one of in, lt, gt, exists",
    },
  ],
  [
    "user match range",
    guideWith({}, { start: { user: { age: { gt: 18, lt: 65 } } } }),
    {
      path: "$.start.user.age",
      message: "a user match can have only one of in, lt, gt, exists",
      suggestion: '"all"',
    },
  ],
  [
    "user trait named __proto__",
    JSON.parse(
      '{"id":"g","title":"G","steps":[{"id":"a","title":"A"}],"start":{"user":{"__proto__":1}}}',
    ),
    { path: "$.start.user.__proto__", message: '"__proto__" can\'t be used as a name' },
  ],
  [
    "branch condition typo",
    guideWith({ next: [{ when: { pag: "/x" }, goto: "customer" }] }),
    {
      path: "$.steps[1].next[0].when.pag",
      message: 'unknown key "pag"',
      suggestion: 'did you mean "page"?',
    },
  ],
  [
    "next as one object",
    guideWith({ next: { goto: "customer" } }),
    {
      path: "$.steps[1].next",
      message: '"next" must be text or a list',
      suggestion: "wrap it in a list",
    },
  ],
  [
    "onFail with both",
    guideWith({ onFail: { help: "x", goto: "y" } }),
    { path: "$.steps[1].onFail", message: '"onFail" can have only one of help, goto' },
  ],
  [
    "demo not a list",
    guideWith({ demo: { do: "point", target: "#a" } }),
    { path: "$.steps[1].demo", message: '"demo" must be a list', suggestion: "wrap it in a list" },
  ],
  [
    "demo action typo",
    guideWith({ demo: [{ do: "poin", target: "#a" }] }),
    {
      path: "$.steps[1].demo[0].do",
      message: 'unknown demo action "poin"',
      suggestion: 'did you mean "point"?',
    },
  ],
  [
    "demo action without do",
    guideWith({ demo: [{ target: "#a" }] }),
    {
      path: "$.steps[1].demo[0]",
      message: 'demo action has no "do"',
      expected: '"point", "click", "type"',
    },
  ],
  [
    "demo type without text",
    guideWith({ demo: [{ do: "type", target: "#a" }] }),
    { path: "$.steps[1].demo[0]", message: 'missing "text"' },
  ],
  [
    "demo wait key of another action",
    guideWith({ demo: [{ do: "wait", ms: 100, target: "#a" }] }),
    {
      path: "$.steps[1].demo[0].target",
      message: 'unknown key "target"',
      expected: "one of do, ms",
    },
  ],
  [
    "help without a failure",
    helpWith({ when: { page: "/billing" } }),
    {
      path: "$.help[0].when",
      message: '"when" doesn\'t say what failed',
      expected: "at least one of request, error, invalid, event, stall, rage",
    },
  ],
  [
    "help status in quotes",
    helpWith({ when: { request: { url: "/x", status: "402" } } }),
    {
      path: "$.help[0].when.request.status",
      message: 'unknown status "402"',
      suggestion: "without quotes: 402",
    },
  ],
  [
    "help status out of range",
    helpWith({ when: { request: { url: "/x", status: [402, 600] } } }),
    { path: "$.help[0].when.request.status[1]", message: "this status must be at most 599" },
  ],
  [
    "help method typo",
    helpWith({ when: { request: { url: "/x", method: "PSOT" } } }),
    {
      path: "$.help[0].when.request.method",
      message: 'unknown HTTP method "PSOT"',
      suggestion: 'did you mean "POST"?',
    },
  ],
  [
    "help times zero",
    helpWith({ times: 0 }),
    { path: "$.help[0].times", message: '"times" must be at least 1' },
  ],
  [
    "help action two kinds",
    helpWith({ actions: [{ label: "x", guide: "a", href: "https://x.test" }] }),
    {
      path: "$.help[0].actions[0]",
      message: "a help action can have only one of guide, href, report",
    },
  ],
  [
    "help action no kind",
    helpWith({ actions: [{ label: "x" }] }),
    { path: "$.help[0].actions[0]", message: "this help action needs one of guide, href, report" },
  ],
  [
    "help action typo",
    helpWith({ actions: [{ label: "x", gide: "a" }] }),
    {
      path: "$.help[0].actions[0]",
      message: 'unknown help action "gide"',
      suggestion: 'did you mean "guide"?',
    },
  ],
  [
    "help action without label",
    helpWith({ actions: [{ href: "/docs" }] }),
    { path: "$.help[0].actions[0]", message: 'missing "label"' },
  ],
  [
    "help link scheme",
    helpWith({ actions: [{ label: "x", href: "javascript:alert(1)" }] }),
    {
      path: "$.help[0].actions[0].href",
      message: "uses a scheme that is not allowed",
      expected: "https:, http:, mailto: or relative",
    },
  ],
  [
    "own __proto__ key",
    JSON.parse(
      '{"id":"g","title":"G","steps":[{"id":"a","title":"A"}],"__proto__":{"polluted":1}}',
    ),
    { path: "$.__proto__", message: '"__proto__" can\'t be used as a name' },
  ],
  [
    "undefined in an inline guide",
    guideWith({ target: undefined }),
    { path: "$.steps[1].target", message: '"target" must be text', suggestion: 'remove "target"' },
  ],
  // Rules beyond the schema
  [
    "no steps and no help",
    { id: "g", title: "G" },
    { path: "$", message: 'guide "g" has no steps and no help' },
  ],
  [
    "duplicate step id",
    guideWith({ id: "customer" }),
    { path: "$.steps[1].id", message: 'step id "customer" is used twice (also at $.steps[0])' },
  ],
  [
    "duplicate help id",
    {
      id: "g",
      title: "G",
      help: [
        { id: "h", title: "H", when: { rage: "#a" } },
        { id: "h", title: "H2", when: { rage: "#b" } },
      ],
    },
    { path: "$.help[1].id", message: 'help id "h" is used twice' },
  ],
  [
    "next names a missing step",
    guideWith({ next: "custmer" }),
    {
      path: "$.steps[1].next",
      message: '"next" names step "custmer", which this guide doesn\'t have',
      expected: "customer, amount",
      suggestion: 'did you mean "customer"?',
    },
  ],
  [
    "branch goto names a missing step",
    guideWith({ next: [{ when: { page: "/x" }, goto: "amout" }, { goto: "customer" }] }),
    {
      path: "$.steps[1].next[0].goto",
      message: '"goto" names step "amout"',
      suggestion: 'did you mean "amount"?',
    },
  ],
  [
    "onFail goto names a missing step",
    guideWith({ advance: { request: { url: "/x" } }, onFail: { goto: "elsewhere" } }),
    {
      path: "$.steps[1].onFail.goto",
      message: '"onFail" names step "elsewhere"',
      suggestion: 'add a step with "id": "elsewhere"',
    },
  ],
  [
    "invalid input regex",
    guideWith({ advance: { input: "#a", matches: "([a-z]" } }),
    {
      path: "$.steps[1].advance.matches",
      message: "not a valid regular expression",
      found: '"([a-z]"',
    },
  ],
  [
    "invalid error regex",
    helpWith({ when: { error: { message: "*oops" } } }),
    { path: "$.help[0].when.error.message", message: "not a valid regular expression" },
  ],
  [
    "invalid source regex",
    helpWith({ when: { error: { source: "[" } } }),
    { path: "$.help[0].when.error.source", message: "not a valid regular expression" },
  ],
  [
    "code without event",
    helpWith({ when: { rage: "#x", code: "E1" } }),
    { path: "$.help[0].when.code", message: '"code" only works together with "event"' },
  ],
];

describe("validateGuide: broken guides", () => {
  it.each(broken)("%s", (_name, input, want) => {
    const result = validateGuide(input, FILE);
    expect(result.ok).toBe(false);
    const found = errors(result.problems);
    expect(found.map((p) => p.path)).toEqual([want.path]);
    const problem = found[0]!;
    expect(problem.file).toBe(FILE);
    expect(problem.message).toContain(want.message);
    if (want.expected) expect(problem.expected).toContain(want.expected);
    if (want.found) expect(problem.found).toContain(want.found);
    if (want.suggestion) expect(problem.suggestion).toContain(want.suggestion);
  });

  it("reports every problem in one pass, in document order", () => {
    const result = validateGuide(
      guideWith({ tagret: "#x", wait: "1s", placement: "up" }, { frequency: "never" }),
      FILE,
    );
    expect(result.problems.map((p) => p.path)).toEqual([
      "$.steps[1].tagret",
      "$.steps[1].wait",
      "$.steps[1].placement",
      "$.frequency",
    ]);
  });

  it("click: true on a step without a target is an error", () => {
    const guide = {
      id: "g",
      title: "G",
      steps: [{ id: "a", title: "A", advance: { click: true } }],
    };
    const result = validateGuide(guide, FILE);
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({
      path: "$.steps[0].advance.click",
      message: expect.stringContaining('this step has no "target"'),
    });
  });

  it("quotes odd keys in paths", () => {
    const result = validateGuide(
      guideWith({}, { start: { user: { "plan type": { nope: 1 } } } }),
      FILE,
    );
    expect(result.problems[0]?.path).toBe('$.start.user["plan type"]');
  });

  it("truncates long values in previews", () => {
    const result = validateGuide(guideWith({ wait: "x".repeat(10_000) }), FILE);
    expect(result.problems[0]?.found?.length).toBeLessThanOrEqual(60);
    expect(result.problems[0]?.found).toMatch(/…$/);
  });
});

describe("validateGuide: warnings", () => {
  const warned: [string, unknown, string, string][] = [
    [
      "onFail without a request advance",
      guideWith({ onFail: { help: "x" } }),
      "$.steps[1].onFail",
      '"onFail" only applies when the step advances on a request',
    ],
    [
      "regex in slashes",
      guideWith({ advance: { input: "#a", matches: "/^\\d+$/" } }),
      "$.steps[1].advance.matches",
      "slashes",
    ],
    [
      "branch without when before others",
      guideWith({ next: [{ goto: "customer" }, { when: { page: "/x" }, goto: "amount" }] }),
      "$.steps[1].next[0]",
      "never used",
    ],
    ["demoMayCommit without demo", guideWith({ demoMayCommit: true }), "$.steps[1]", "no effect"],
  ];
  it.each(warned)("%s", (_name, input, path, message) => {
    const result = validateGuide(input, FILE);
    expect(result.ok).toBe(true);
    expect(result.problems).toEqual([
      expect.objectContaining({
        path,
        severity: "warning",
        message: expect.stringContaining(message),
      }),
    ]);
  });
});

describe("validateGuide: valid guides", () => {
  // SPEC §3's examples (comments removed), the step and help examples put into the guide example,
  // plus the "amount" step the step example points to.
  const specGuide = {
    $schema: "…/guide.schema.json",
    id: "first-invoice",
    version: 1,
    title: "Send your first invoice",
    summary: "Customer, amount, send — about two minutes.",
    start: { page: "/invoices" },
    frequency: "once",
    goal: { request: { url: "/api/invoices", method: "POST", status: "2xx" } },
    stallAfter: 30,
    steps: [
      {
        id: "customer",
        target: "#customer",
        title: "Pick a customer",
        body: "Choose **who** you are billing.",
        placement: "bottom",
        page: "/invoices/new",
        advance: "next",
        next: "amount",
        onFail: { help: "card-declined" },
        wait: 5000,
        ifMissing: "modal",
        stallAfter: 45,
        demo: [
          { do: "point", target: "#customer" },
          { do: "click", target: "#customer" },
          { do: "type", target: "#customer", text: "ACME Ltd" },
          { do: "select", target: "#currency", value: "eur" },
          { do: "wait", ms: 800 },
          { do: "say", text: "…" },
        ],
      },
      {
        id: "amount",
        title: "Amount",
        advance: { request: { url: "/api/invoices", method: "post" } },
        onFail: { goto: "customer" },
      },
    ],
    help: [
      {
        id: "card-declined",
        when: {
          request: { url: "/api/payments/**", method: "POST", status: [402] },
          page: "/billing/**",
        },
        times: 1,
        within: 300,
        target: "#pay",
        title: "Your card was declined",
        body: "Your bank refused the charge. Try another card, or ask your bank to allow it.",
        actions: [
          { label: "Show me how", guide: "update-card" },
          { label: "Payment docs", href: "https://docs.example.com/billing" },
          { label: "Still stuck? Report it", report: true },
        ],
      },
    ],
  };

  it("accepts the SPEC example, warning only about onFail on a Next step", () => {
    const result = validateGuide(specGuide, FILE);
    expect(result.ok).toBe(true);
    expect(result.problems.map((p) => [p.severity, p.path])).toEqual([
      ["warning", "$.steps[0].onFail"],
    ]);
  });

  it("returns a fresh, normalised copy", () => {
    const result = validateGuide(specGuide, FILE);
    if (!result.ok) throw new Error("expected ok");
    expect(result.guide).not.toBe(specGuide);
    expect(result.guide.steps?.[0]).not.toBe(specGuide.steps[0]);
    const amount = result.guide.steps?.[1]?.advance;
    expect(amount).toEqual({ request: { url: "/api/invoices", method: "POST" } });
    expect(specGuide.steps[1]?.advance).toEqual({
      request: { url: "/api/invoices", method: "post" },
    });
  });

  it.each([
    [
      "a help-only file",
      {
        id: "support",
        title: "Support",
        help: [{ id: "oops", title: "Oops", when: { error: { message: "^ChunkLoadError" } } }],
      },
    ],
    ["a minimal guide", { id: "a", title: "A", steps: [{ id: "one", title: "One" }] }],
    [
      "locale maps",
      { id: "a", title: { en: "A", "zh-CN": "甲" }, steps: [{ id: "one", title: { de: "Eins" } }] },
    ],
    [
      "conditions of every kind",
      {
        id: "a",
        title: "A",
        start: {
          all: [
            { page: "/x/**" },
            { not: { done: "b" } },
            { any: [{ user: { plan: { in: ["pro"] } } }, { event: "e" }] },
          ],
        },
        steps: [{ id: "one", title: "One" }],
      },
    ],
  ])("accepts %s", (_name, input) => {
    const result = validateGuide(input, FILE);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });
});

describe("validateGuide: never throws", () => {
  const deep = (() => {
    let c: Record<string, unknown> = { page: "/x" };
    for (let i = 0; i < 10_000; i++) c = { not: c };
    return { id: "g", title: "G", start: c, steps: [{ id: "a", title: "A" }] };
  })();
  const cyclic: Record<string, unknown> = { id: "g", title: "G" };
  cyclic["steps"] = [cyclic];
  const shared = { id: "a", title: "A" };
  const wide = (() => {
    // A DAG that is tiny in memory but huge when walked as a tree.
    let node: unknown = { page: "/x" };
    for (let i = 0; i < 30; i++) node = { all: [node, node] };
    return { id: "g", title: "G", start: node, steps: [shared] };
  })();
  const throwing = Object.defineProperty({ id: "g" }, "title", {
    enumerable: true,
    get() {
      throw new Error("boom");
    },
  });
  const proxy = new Proxy(
    {},
    {
      ownKeys() {
        throw new Error("trap");
      },
    },
  );
  const hostile: [string, unknown][] = [
    ["undefined", undefined],
    ["a number", 42],
    ["a string", '{"id": "g"}'],
    ["a huge string", "x".repeat(5_000_000)],
    ["a huge key", { ["k".repeat(100_000)]: 1, id: "g", title: "G", steps: [] }],
    ["a Date", new Date()],
    ["a Map", new Map()],
    ["a function", () => 1],
    ["a symbol", Symbol("x")],
    [
      "NaN where a number goes",
      { id: "g", title: "G", stallAfter: Number.NaN, steps: [{ id: "a", title: "A" }] },
    ],
    ["deep nesting", deep],
    ["a cycle", cyclic],
    ["a huge DAG", wide],
    ["a throwing getter", throwing],
    ["a throwing proxy", proxy],
    ["an array of guides", [{ id: "a", title: "A", steps: [] }]],
  ];
  it.each(hostile)("%s", (_name, input) => {
    const result = validateGuide(input, FILE);
    expect(result.ok).toBe(false);
    expect(errors(result.problems).length).toBeGreaterThan(0);
    for (const p of result.problems) {
      expect(typeof p.message).toBe("string");
      expect(p.path.startsWith("$")).toBe(true);
    }
  });

  it("caps nesting depth and says where", () => {
    const result = validateGuide(deep, FILE);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.message).toContain("nested too deeply");
    expect(result.problems[0]?.path).toMatch(/^\$\.start(\.not)+$/);
  });

  it("does not pollute prototypes", () => {
    const inputs = [
      '{"id":"g","title":"G","steps":[{"id":"a","title":"A"}],"__proto__":{"polluted":1}}',
      '{"id":"g","title":{"__proto__":{"polluted":1},"en":"x"},"steps":[{"id":"a","title":"A"}]}',
      '{"id":"g","title":"G","steps":[{"id":"a","title":"A"}],"help":[{"id":"h","title":"H","when":{"request":{"url":"/x","json":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}}}}]}',
      '{"id":"g","title":"G","start":{"user":{"constructor":{"prototype":{"polluted":1}}}},"steps":[{"id":"a","title":"A"}]}',
    ];
    for (const text of inputs) {
      const result = validateGuide(JSON.parse(text), FILE);
      expect(result.ok).toBe(false);
    }
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
  });
});

describe("crossCheck", () => {
  const g = (guide: Partial<Guide> & { id: string }): Guide => ({ title: guide.id, ...guide });
  const billing = g({
    id: "billing",
    steps: [
      {
        id: "pay",
        title: "Pay",
        advance: { request: { url: "/api/pay" } },
        onFail: { help: "card-declined" },
      },
      {
        id: "retry",
        title: "Retry",
        advance: { request: { url: "/api/pay" } },
        onFail: { help: "card-declined-x" },
      },
    ],
  });
  const support = g({
    id: "support",
    help: [
      {
        id: "card-declined",
        title: "Declined",
        when: { stall: { guide: "billng" } },
        actions: [
          { label: "Fix", guide: "update-card", step: "card" },
          { label: "Pay", guide: "billing", step: "payy" },
          { label: "Pay again", guide: "biling" },
        ],
      },
    ],
  });
  const updateCard = g({
    id: "update-card",
    start: { any: [{ done: "billing" }, { not: { notDone: "onboardng" } }] },
    steps: [{ id: "card", title: "Card" }],
  });

  it("finds references to help entries and guides that no file has", () => {
    const problems = crossCheck(
      [billing, support, updateCard],
      ["/g/billing.json", "/g/support.json", "/g/update-card.json"],
    );
    expect(problems.map((p) => [p.file, p.path, p.severity])).toEqual([
      ["/g/billing.json", "$.steps[1].onFail.help", "error"],
      ["/g/support.json", "$.help[0].actions[1].step", "error"],
      ["/g/support.json", "$.help[0].actions[2].guide", "error"],
      ["/g/support.json", "$.help[0].when.stall.guide", "warning"],
      ["/g/update-card.json", "$.start.any[1].not.notDone", "warning"],
    ]);
    expect(problems[0]).toMatchObject({
      message: 'there is no help entry with id "card-declined-x"',
      suggestion: 'did you mean "card-declined"?',
    });
    expect(problems[1]).toMatchObject({
      message: 'guide "billing" has no step "payy"',
      suggestion: 'did you mean "pay"?',
    });
    expect(problems[2]).toMatchObject({
      message: 'there is no loaded guide with id "biling"',
      suggestion: 'did you mean "billing"?',
    });
    expect(problems[3]?.suggestion).toBe('did you mean "billing"?');
  });

  it("rejects a duplicate guide id and names the first file", () => {
    const problems = crossCheck(
      [updateCard, billing, g({ id: "billing", steps: [{ id: "a", title: "A" }] })],
      ["/a.json", "/b.json", "/c.json"],
    );
    const duplicate = problems.filter((p) => p.path === "$.id");
    expect(duplicate).toEqual([
      expect.objectContaining({
        file: "/c.json",
        severity: "error",
        message: expect.stringContaining('guide id "billing" is already used by /b.json'),
      }),
    ]);
  });

  it("warns about help ids defined in two files", () => {
    const other = g({
      id: "other",
      help: [{ id: "card-declined", title: "x", when: { rage: "#a" } }],
    });
    const problems = crossCheck([support, other], ["/s.json", "/o.json"]);
    expect(problems).toContainEqual(
      expect.objectContaining({ file: "/o.json", path: "$.help[0].id", severity: "warning" }),
    );
  });

  it("is quiet when everything resolves", () => {
    const fixed = g({
      id: "help",
      help: [
        {
          id: "h",
          title: "H",
          when: { rage: "#a" },
          actions: [{ label: "Go", guide: "update-card", step: "card" }],
        },
      ],
    });
    expect(
      crossCheck([fixed, g({ ...updateCard, start: { done: "help" } })], ["/h.json", "/u.json"]),
    ).toEqual([]);
  });
});

describe("help links are judged as the browser reads them", () => {
  it.each([
    "java\tscript:alert(1)",
    " javascript:alert(1)",
    "\njavascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<b>x</b>",
    "vbscript:x",
  ])("refuses %j", (href) => {
    const result = validateGuide(
      {
        id: "g",
        title: "G",
        help: [{ id: "h", when: { event: "x" }, title: "H", actions: [{ label: "Docs", href }] }],
      },
      "g.json",
    );
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({
      path: "$.help[0].actions[0].href",
      message: expect.stringContaining("scheme that is not allowed"),
    });
  });
});

describe("globs that can never match (runtime rules)", () => {
  it.each([
    [
      "a segment with **",
      guideWith({ page: "/billing/**x" }),
      "$.steps[1].page",
      'uses "**" inside the segment',
    ],
    [
      "a full URL as a page",
      guideWith({ advance: { page: "https://app.example.com/done" } }),
      "$.steps[1].advance.page",
      "a full URL never matches",
    ],
    [
      "*** in a request URL",
      guideWith({ advance: { request: { url: "/api/***" } } }),
      "$.steps[1].advance.request.url",
      'contains "***"',
    ],
    [
      "a bad page in a nested condition",
      guideWith({}, { start: { all: [{ not: { page: "/a/**b" } }] } }),
      "$.start.all[0].not.page",
      "never matches",
    ],
    [
      "a bad help page",
      helpWith({ when: { rage: "#pay", page: "//billing" } }),
      "$.help[0].when.page",
      'starts with "//"',
    ],
  ])("%s", (_name, input, path, message) => {
    const result = validateGuide(input, FILE);
    expect(result.ok).toBe(false);
    expect(errors(result.problems)).toEqual([
      expect.objectContaining({ path, message: expect.stringContaining(message) }),
    ]);
  });

  it("accepts absolute request URLs and hash pages", () => {
    const result = validateGuide(
      guideWith({
        page: "/reports#/monthly",
        advance: { request: { url: "https://api.example.com/v1/**" } },
      }),
      FILE,
    );
    expect(result.problems).toEqual([]);
  });
});

describe("crossCheck: stall steps", () => {
  it("warns when a stall names a step its guide doesn't have", () => {
    const guide = {
      ...guideWith(),
      help: [{ id: "h", title: "H", when: { stall: { guide: "billing", step: "amout" } } }],
    };
    const result = validateGuide(guide, FILE);
    if (!result.ok) throw new Error("expected a valid guide");
    expect(crossCheck([result.guide], [FILE])).toEqual([
      expect.objectContaining({
        path: "$.help[0].when.stall.step",
        severity: "warning",
        suggestion: 'did you mean "amount"?',
      }),
    ]);
  });
});
