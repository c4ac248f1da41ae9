import * as v from "valibot";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  ActionSchema,
  AdvanceSchema,
  ConditionSchema,
  FailureMatchSchema,
  GoalSchema,
  GuideSchema,
  HelpActionSchema,
  HelpSchema,
  LocalizedTextSchema,
  NextSchema,
  OnFailSchema,
  PlacementSchema,
  RequestMatchSchema,
  StepSchema,
  UserMatchSchema,
  type Action,
  type Advance,
  type Condition,
  type Guide,
  type HelpAction,
  type LocalizedText,
  type Step,
} from "../../../src/guide/schema";

/** Removes `//` and `/* … *\/` comments outside strings, as a designer copying SPEC §3 would. */
function stripComments(jsonc: string): string {
  let out = "";
  for (let i = 0; i < jsonc.length; i++) {
    const c = jsonc[i]!;
    if (c === '"') {
      const end = jsonc.indexOf('"', i + 1);
      out += jsonc.slice(i, end + 1);
      i = end;
    } else if (c === "/" && jsonc[i + 1] === "/") {
      while (i < jsonc.length && jsonc[i] !== "\n") i++;
      out += "\n";
    } else if (c === "/" && jsonc[i + 1] === "*") {
      i = jsonc.indexOf("*/", i) + 1;
    } else out += c;
  }
  return out;
}

// SPEC §3, verbatim.
const SPEC_GUIDE = `{
  "$schema": "…/guide.schema.json",
  "id": "first-invoice",              // required; [a-z0-9-]; unique across loaded guides
  "version": 1,                       // bump to offer a changed guide again to users who finished it
  "title": "Send your first invoice", // required
  "summary": "Customer, amount, send — about two minutes.",
  "start": { "page": "/invoices" },   // Condition: when to start automatically; omitted = only on request
  "frequency": "once",                // "once" (default) | "until-done" | "always"
  "goal": { "request": { "url": "/api/invoices", "method": "POST", "status": "2xx" } },
                                      // Condition or Failure-style match: the user reached the outcome
                                      // (with or without the tour); marks the guide done
  "stallAfter": 30,                   // seconds on a step without progress = a stall (default 30)
  "steps": [ /* Step… */ ],
  "help":  [ /* Help… */ ]            // a file may hold only help entries
}`;

const SPEC_STEP = `{
  "id": "customer",                  // required, unique in the guide
  "target": "#customer",             // CSS selector; omitted = a centred modal step
  "title": "Pick a customer",        // required
  "body": "Choose **who** you are billing.",
  "placement": "bottom",             // top|right|bottom|left, optional -start|-end; default: best fit
  "page": "/invoices/new",           // the page this step lives on (multi-page tours, SPA or not)
  "advance": "next",                 // "next" (Next button, default) or an Advance (below)
  "next": "amount",                  // step id, or branches [{"when": Condition, "goto": id}, {"goto": id}]
  "onFail": { "help": "card-declined" },   // when the advance request fails: {"help": id} or {"goto": id}
  "wait": 5000,                      // ms to wait for the target to exist and be visible
  "ifMissing": "modal",              // target never showed: "modal" (show centred, say so) | "skip" | "end"
  "stallAfter": 45,                  // overrides the guide default for this step
  "demo": [ /* Action… */ ]          // what "Show me" does for this step
}`;

const SPEC_HELP = `{
  "id": "card-declined",
  "when": { "request": { "url": "/api/payments/**", "method": "POST", "status": [402] },
            "page": "/billing/**" },
  "times": 1,                         // show after this many matches…
  "within": 300,                      // …within this many seconds
  "target": "#pay",                   // anchor; default: the field or form involved, else a corner card
  "title": "Your card was declined",
  "body": "Your bank refused the charge. Try another card, or ask your bank to allow it.",
  "actions": [
    { "label": "Show me how", "guide": "update-card" },
    { "label": "Payment docs", "href": "https://docs.example.com/billing" },
    { "label": "Still stuck? Report it", "report": true }
  ]
}`;

const parse = (jsonc: string): unknown => JSON.parse(stripComments(jsonc));

describe("SPEC §3 examples", () => {
  it.each([
    ["guide", GuideSchema, SPEC_GUIDE],
    ["step", StepSchema, SPEC_STEP],
    ["help", HelpSchema, SPEC_HELP],
  ] as const)("the %s example is valid", (_name, schema, jsonc) => {
    const result = v.safeParse(schema, parse(jsonc));
    expect(result.issues).toBeUndefined();
    expect(result.success).toBe(true);
  });

  it("the guide example with the step and help examples inside is valid", () => {
    const guide = parse(SPEC_GUIDE) as Record<string, unknown>;
    guide["steps"] = [parse(SPEC_STEP), { id: "amount", title: "Amount" }];
    guide["help"] = [parse(SPEC_HELP)];
    expect(v.safeParse(GuideSchema, guide).success).toBe(true);
  });
});

describe("valid forms named in SPEC §3", () => {
  const valid: [string, v.GenericSchema, unknown][] = [
    ["advance next", AdvanceSchema, "next"],
    ["advance click selector", AdvanceSchema, { click: "#save" }],
    ["advance click target", AdvanceSchema, { click: true }],
    ["advance input", AdvanceSchema, { input: "#amount" }],
    ["advance input matches", AdvanceSchema, { input: true, matches: "^\\d+$" }],
    ["advance page", AdvanceSchema, { page: "/invoices/*" }],
    ["advance element", AdvanceSchema, { element: ".toast" }],
    ["advance event", AdvanceSchema, { event: "invoice:sent" }],
    [
      "advance request",
      AdvanceSchema,
      { request: { url: "/api/invoices", method: "POST", status: "2xx" } },
    ],
    ["next id", NextSchema, "amount"],
    [
      "next branches",
      NextSchema,
      [{ when: { user: { plan: "pro" } }, goto: "pro" }, { goto: "basic" }],
    ],
    ["onFail help", OnFailSchema, { help: "card-declined" }],
    ["onFail goto", OnFailSchema, { goto: "customer" }],
    ["condition page", ConditionSchema, { page: "/billing/**#tab" }],
    ["condition element", ConditionSchema, { element: "#x" }],
    ["condition event", ConditionSchema, { event: "signup" }],
    [
      "condition user",
      ConditionSchema,
      { user: { plan: "pro", seats: 3, admin: true, org: null } },
    ],
    ["condition user in", ConditionSchema, { user: { plan: { in: ["pro", "team", 3, false] } } }],
    [
      "condition user lt/gt/exists",
      ConditionSchema,
      { user: { a: { lt: 3 }, b: { gt: 1 }, c: { exists: false } } },
    ],
    ["condition done", ConditionSchema, { done: "first-invoice", notDone: "update-card" }],
    [
      "condition combinators",
      ConditionSchema,
      { all: [{ page: "/a" }, { any: [{ event: "x" }, { not: { done: "g" } }] }] },
    ],
    ["goal condition", GoalSchema, { page: "/done" }],
    [
      "goal request",
      GoalSchema,
      { request: { url: "/api/invoices", method: "POST", status: "2xx" } },
    ],
    ["action point", ActionSchema, { do: "point", target: "#a" }],
    ["action click", ActionSchema, { do: "click", target: "#a" }],
    ["action type", ActionSchema, { do: "type", target: "#a", text: "ACME Ltd" }],
    ["action select", ActionSchema, { do: "select", target: "#a", value: "eur" }],
    ["action wait", ActionSchema, { do: "wait", ms: 800 }],
    ["action say", ActionSchema, { do: "say", text: { en: "Now save", de: "Jetzt speichern" } }],
    [
      "failure request",
      FailureMatchSchema,
      {
        request: {
          url: "/api/**",
          status: [402, "5xx"],
          network: true,
          json: { "error.code": "card_declined", retry: false, n: 1, x: null },
        },
      },
    ],
    ["failure error", FailureMatchSchema, { error: { message: "^Chunk", source: "vendor" } }],
    ["failure invalid", FailureMatchSchema, { invalid: "#email", page: "/signup" }],
    ["failure event", FailureMatchSchema, { event: "payment-failed", code: "E42" }],
    ["failure stall", FailureMatchSchema, { stall: { guide: "first-invoice", step: "customer" } }],
    ["failure stall any", FailureMatchSchema, { stall: {} }],
    ["failure rage", FailureMatchSchema, { rage: "#pay" }],
    [
      "help action guide",
      HelpActionSchema,
      { label: "Show me", guide: "update-card", step: "card", demo: true },
    ],
    ["help action href", HelpActionSchema, { label: "Docs", href: "https://docs.example.com" }],
    ["help action relative href", HelpActionSchema, { label: "Docs", href: "/docs/billing" }],
    ["help action mailto", HelpActionSchema, { label: "Mail", href: "mailto:help@example.com" }],
    ["help action report", HelpActionSchema, { label: "Report", report: true }],
    ["placement", PlacementSchema, "left-end"],
    ["text", LocalizedTextSchema, { en: "Next", "zh-CN": "下一步", "zh-Hans-CN": "下一步" }],
    ["user match null", UserMatchSchema, null],
    ["request json", RequestMatchSchema, { url: "/x", json: {} }],
  ];
  it.each(valid)("%s", (_name, schema, input) => {
    expect(v.safeParse(schema, input).issues).toBeUndefined();
  });
});

describe("invalid values are rejected", () => {
  const invalid: [string, v.GenericSchema, unknown][] = [
    ["unknown key in a step", StepSchema, { id: "a", title: "A", tagret: "#a" }],
    ["$schema in a step", StepSchema, { id: "a", title: "A", $schema: "x" }],
    ["guide id with capitals", GuideSchema, { id: "First", title: "x" }],
    ["step id with a space", StepSchema, { id: "a b", title: "A" }],
    ["empty locale map", LocalizedTextSchema, {}],
    ["locale key with _", LocalizedTextSchema, { en_US: "x" }],
    ["status 99", RequestMatchSchema, { url: "/x", status: 99 }],
    ["status 6xx", RequestMatchSchema, { url: "/x", status: "6xx" }],
    ["status empty list", RequestMatchSchema, { url: "/x", status: [] }],
    ["method typo", RequestMatchSchema, { url: "/x", method: "PSOT" }],
    ["empty condition", ConditionSchema, {}],
    ["empty all", ConditionSchema, { all: [] }],
    ["two user forms", UserMatchSchema, { lt: 1, gt: 0 }],
    ["advance with two kinds", AdvanceSchema, { click: "#a", page: "/x" }],
    ["advance click false", AdvanceSchema, { click: false }],
    ["onFail with both", OnFailSchema, { help: "a", goto: "b" }],
    ["unknown action", ActionSchema, { do: "hover", target: "#a" }],
    ["negative wait action", ActionSchema, { do: "wait", ms: -1 }],
    ["placement typo", PlacementSchema, "top-middle"],
    ["failure page only", FailureMatchSchema, { page: "/x" }],
    ["help action with two kinds", HelpActionSchema, { label: "x", guide: "a", report: true }],
    ["help action report false", HelpActionSchema, { label: "x", report: false }],
    ["javascript: link", HelpActionSchema, { label: "x", href: "javascript:alert(1)" }],
    ["times 0", HelpSchema, { id: "h", title: "H", when: { rage: "#x" }, times: 0 }],
    ["within 0", HelpSchema, { id: "h", title: "H", when: { rage: "#x" }, within: 0 }],
    ["version 0", GuideSchema, { id: "g", title: "G", version: 0 }],
    ["stallAfter 0", StepSchema, { id: "a", title: "A", stallAfter: 0 }],
    ["empty branch list", NextSchema, []],
  ];
  it.each(invalid)("%s", (_name, schema, input) => {
    expect(v.safeParse(schema, input).success).toBe(false);
  });
});

describe("output", () => {
  it("normalises HTTP methods to upper case", () => {
    const out = v.parse(RequestMatchSchema, { url: "/x", method: "post" });
    expect(out.method).toBe("POST");
  });

  it("is a fresh object, not the input", () => {
    const input = { id: "g", title: "G", steps: [{ id: "a", title: { en: "A" } }] };
    const out = v.parse(GuideSchema, input);
    expect(out).toEqual(input);
    expect(out).not.toBe(input);
    expect(out.steps).not.toBe(input.steps);
    expect(out.steps?.[0]?.title).not.toBe(input.steps[0]?.title);
  });

  it("leaves out keys that were not given", () => {
    const out = v.parse(StepSchema, { id: "a", title: "A" });
    expect(Object.keys(out)).toEqual(["id", "title"]);
  });
});

describe("types", () => {
  it("derives the documented shapes", () => {
    expectTypeOf<Guide["id"]>().toEqualTypeOf<string>();
    expectTypeOf<Step["advance"]>().toEqualTypeOf<Advance | undefined>();
    expectTypeOf<Step["demo"]>().toEqualTypeOf<Action[] | undefined>();
    expectTypeOf<LocalizedText>().toEqualTypeOf<string | Record<string, string>>();
    expectTypeOf<Extract<Advance, { click: unknown }>["click"]>().toEqualTypeOf<string | true>();
    expectTypeOf<Extract<HelpAction, { report: unknown }>["report"]>().toEqualTypeOf<true>();
    expectTypeOf<NonNullable<Condition["not"]>>().toEqualTypeOf<Condition>();
    expectTypeOf<Extract<Action, { do: "wait" }>>().toEqualTypeOf<{ do: "wait"; ms: number }>();
  });
});
