/**
 * A description and an example for every field of the guide format, by the object that holds
 * it. Only the JSON Schema generator (src/cli/json-schema.ts) reads this, so none of the text
 * reaches the widget bundle; test/unit/guide/docs.test.ts fails when a field of schema.ts has
 * no entry here, or an example does not fit its field.
 *
 * Objects are named after their definition in the schema (`Step`, `Advance`); an object that
 * only appears inside another is named by its place (`FailureMatch.error`). The object forms of
 * a union (`Advance`, `OnFail`, `HelpAction`, `UserMatch`) and the kinds of `Action` share one
 * table.
 */

export type FieldDoc = { description: string; example: unknown };

/** What each object is, and the section of docs/guides.md that explains it. */
export const OBJECT_DOCS: Record<string, { description: string; anchor: string }> = {
  Guide: {
    description:
      "A Waymark guide: a tour of steps and/or help entries for one task in your product.",
    anchor: "guide-file",
  },
  Step: {
    description: "One step of a tour: a popover next to an element (or a centred dialog).",
    anchor: "step",
  },
  Advance: {
    description: 'When a step is complete: "next" (the Next button) or the user doing something.',
    anchor: "advance",
  },
  Next: { description: "The step that follows: a step id, or branches.", anchor: "next" },
  Branch: {
    description: 'A branch of "next": go to a step when a condition holds.',
    anchor: "next",
  },
  OnFail: {
    description: "What happens when the request a step waits for fails.",
    anchor: "next",
  },
  Action: {
    description: 'One thing "Show me" does: point, click, type, select, wait or say.',
    anchor: "action",
  },
  Condition: {
    description: "A condition: every key given must hold.",
    anchor: "condition",
  },
  Goal: {
    description:
      "The outcome of the guide: a condition, optionally with a request that must succeed.",
    anchor: "goal",
  },
  RequestMatch: {
    description: "Matches fetch/XMLHttpRequest responses by URL, method and status.",
    anchor: "request-match",
  },
  StatusPattern: {
    description: 'An HTTP status code, or a class like "4xx".',
    anchor: "request-match",
  },
  UserMatch: {
    description: "A test on a user trait (from Waymark.identify): a value, or in/lt/gt/exists.",
    anchor: "condition",
  },
  LocalizedText: {
    description: 'Text, or a locale map like {"en": "Next", "de": "Weiter"}.',
    anchor: "text",
  },
  Placement: {
    description: "Where the popover goes: top, right, bottom or left, optionally -start or -end.",
    anchor: "step",
  },
  Help: {
    description: "A help card shown when something goes wrong for the user.",
    anchor: "help",
  },
  FailureMatch: {
    description:
      'What went wrong: at least one of request, error, invalid, event, stall, rage ("page" narrows where).',
    anchor: "failure-match",
  },
  HelpAction: {
    description: "A button or link on a help card: start a guide, open a link, or report.",
    anchor: "help-action",
  },
};

const CONDITION: Record<string, FieldDoc> = {
  page: {
    description:
      'The page path matches this pattern ("*" one segment, "**" any; the hash counts only if the pattern has "#").',
    example: "/invoices/**",
  },
  element: {
    description: "An element matching this CSS selector is on the page and visible.",
    example: "#invoice-form",
  },
  event: {
    description: "The host reported this event with Waymark.track() in this session.",
    example: "invoice-created",
  },
  user: {
    description:
      "User traits (from Waymark.identify) that must match: a value, or {in}, {lt}, {gt}, {exists}.",
    example: { plan: { in: ["pro", "team"] }, seats: { gt: 1 } },
  },
  done: { description: "The user has finished the guide with this id.", example: "first-run" },
  notDone: {
    description: "The user has not finished the guide with this id.",
    example: "first-run",
  },
  all: {
    description: "Every one of these conditions holds.",
    example: [{ page: "/invoices" }, { notDone: "first-invoice" }],
  },
  any: {
    description: "At least one of these conditions holds.",
    example: [{ page: "/invoices" }, { page: "/customers" }],
  },
  not: { description: "This condition does not hold.", example: { done: "first-run" } },
};

const ID_EXAMPLE = "pick-customer";

export const FIELD_DOCS: Record<string, Record<string, FieldDoc>> = {
  Guide: {
    $schema: {
      description: "Where editors find this schema, for autocomplete and checks while you type.",
      example: "../node_modules/waymark/dist/guide.schema.json",
    },
    id: {
      description:
        'The guide\'s id: lower-case letters, digits and "-", unique across all loaded guides.',
      example: "first-invoice",
    },
    version: {
      description:
        "Bump it to offer a changed guide again to users who finished an earlier version (default 1).",
      example: 2,
    },
    title: {
      description: "The guide's name, as users see it.",
      example: "Send your first invoice",
    },
    summary: {
      description: "One sentence on what the guide covers.",
      example: "Customer, amount, send — about two minutes.",
    },
    start: {
      description:
        "When the tour starts by itself; without it the guide starts only on request (Waymark.start, a help action).",
      example: { page: "/invoices/new" },
    },
    frequency: {
      description:
        'How often it starts by itself: "once" (default), "until-done" (until finished) or "always".',
      example: "once",
    },
    goal: {
      description:
        "The outcome the guide leads to; when it happens (with or without the tour) the guide counts as done.",
      example: { request: { url: "/api/invoices", method: "POST", status: "2xx" } },
    },
    stallAfter: {
      description: "Seconds on a step without progress before it counts as a stall (default 30).",
      example: 30,
    },
    steps: {
      description: "The tour's steps, in order.",
      example: [{ id: "welcome", title: "Welcome" }],
    },
    help: {
      description: "Help cards shown when something goes wrong. A file may hold only help.",
      example: [
        {
          id: "card-declined",
          when: { request: { url: "/api/payments/**", status: [402] } },
          title: "Your card was declined",
        },
      ],
    },
  },
  Step: {
    id: {
      description: 'The step\'s id: letters, digits, "-" and "_", unique in the guide.',
      example: ID_EXAMPLE,
    },
    target: {
      description:
        "CSS selector of the element the step points at; without it the step is a centred dialog.",
      example: "#customer",
    },
    title: { description: "The step's heading (names its dialog).", example: "Pick a customer" },
    body: {
      description:
        "The step's text: Markdown subset (**bold**, *italic*, `code`, [links](https://…), - lists).",
      example: "Choose **who** you are billing.",
    },
    placement: {
      description:
        "Where the popover goes: top, right, bottom, left, optionally with -start or -end (default: best fit).",
      example: "bottom",
    },
    page: {
      description:
        "The page this step lives on (a path pattern); elsewhere the step offers a link there.",
      example: "/invoices/new",
    },
    advance: {
      description:
        'When the step is complete: "next" (the Next button, default) or an action such as {"click": true}.',
      example: { input: "#customer", matches: "^cus_" },
    },
    next: {
      description:
        'The step that follows (default: the next one in the list): a step id, or branches [{"when": …, "goto": …}].',
      example: "amount",
    },
    onFail: {
      description: "When the request the step waits for fails: show a help entry, or go to a step.",
      example: { help: "card-declined" },
    },
    wait: {
      description: "Milliseconds to wait for the target to appear and be visible (default 4000).",
      example: 5000,
    },
    ifMissing: {
      description:
        'If the target never shows: "modal" (show the step centred, default), "skip" or "end".',
      example: "skip",
    },
    stallAfter: {
      description: "Seconds without progress before a stall, for this step only.",
      example: 45,
    },
    demo: {
      description: 'What "Show me" does for this step.',
      example: [
        { do: "point", target: "#customer" },
        { do: "select", target: "#customer", value: "cus_acme" },
      ],
    },
    demoMayCommit: {
      description: "Let the demo submit forms and send requests (default false: it never does).",
      example: true,
    },
    demoKeepValues: {
      description:
        "Keep what the demo typed or selected when it ends (default false: fields are put back).",
      example: true,
    },
  },
  Advance: {
    click: {
      description: "The user clicks an element matching this selector (true: the step's target).",
      example: true,
    },
    input: {
      description:
        'The user types into or changes a field matching this selector (true: the step\'s target); see "matches".',
      example: "#amount",
    },
    matches: {
      description:
        'With "input": a regular expression the field\'s value must match (no slashes around it).',
      example: "^[0-9]+$",
    },
    page: {
      description: "The user reaches a page matching this path pattern.",
      example: "/invoices/*",
    },
    element: {
      description: "An element matching this selector appears and is visible.",
      example: "#invoice-sent",
    },
    event: {
      description: "The host reports this event with Waymark.track().",
      example: "invoice-created",
    },
    request: {
      description: 'A matching response arrives; a response with another status triggers "onFail".',
      example: { url: "/api/invoices", method: "POST", status: "2xx" },
    },
  },
  Branch: {
    when: {
      description:
        "The condition for this branch; a branch without it always applies (put it last).",
      example: { element: "#tax" },
    },
    goto: { description: "The id of the step to go to.", example: "tax" },
  },
  OnFail: {
    help: { description: "The id of the help entry to show.", example: "card-declined" },
    goto: { description: "The id of the step to go to.", example: "fix-errors" },
  },
  Action: {
    do: {
      description: 'The kind of action: "point", "click", "type", "select", "wait" or "say".',
      example: "type",
    },
    target: {
      description: "CSS selector of the element to point at, click, type into or select in.",
      example: "#amount",
    },
    text: {
      description: 'For "type": the text typed. For "say": the caption shown (Markdown subset).',
      example: "ACME Ltd",
    },
    value: {
      description: 'For "select": the value of the option to choose.',
      example: "EUR",
    },
    ms: { description: 'For "wait": how long to pause, in milliseconds.', example: 800 },
  },
  Condition: CONDITION,
  Goal: {
    ...CONDITION,
    request: {
      description: "A response that must arrive (and succeed) for the goal to count.",
      example: { url: "/api/invoices", method: "POST", status: "2xx" },
    },
  },
  RequestMatch: {
    url: {
      description:
        'URL pattern of the request: a path ("/api/invoices/**", any origin) or a full "https://…" URL.',
      example: "/api/invoices/**",
    },
    method: {
      description: "The HTTP method (any when omitted).",
      example: "POST",
    },
    status: {
      description:
        'The status that counts: a code, "1xx"…"5xx", or a list of them (for help: the failing ones).',
      example: ["4xx", 500],
    },
    network: {
      description: "Match requests that got no response at all (offline, blocked, dropped).",
      example: true,
    },
    json: {
      description: "Fields of a JSON error body that must equal these values, by dotted path.",
      example: { "error.code": "card_declined" },
    },
  },
  UserMatch: {
    in: { description: "The trait is one of these values.", example: ["pro", "team"] },
    lt: { description: "The trait is a number less than this.", example: 10 },
    gt: { description: "The trait is a number greater than this.", example: 1 },
    exists: {
      description: "The trait is set (true) or not set (false).",
      example: true,
    },
  },
  Help: {
    id: {
      description: 'The help entry\'s id: letters, digits, "-" and "_" (onFail refers to it).',
      example: "card-declined",
    },
    when: {
      description: "What went wrong: a failed request, an error, an invalid field, a stall…",
      example: { request: { url: "/api/payments/**", method: "POST", status: [402] } },
    },
    times: {
      description: "Show only after this many matches (default 1)…",
      example: 2,
    },
    within: {
      description: "…within this many seconds.",
      example: 300,
    },
    target: {
      description:
        "CSS selector of the element to anchor the card to; default: the field or form involved, else a corner.",
      example: "#pay",
    },
    title: { description: "The card's heading (names it).", example: "Your card was declined" },
    body: {
      description: "What happened and what to do, in plain words (Markdown subset).",
      example: "Your bank refused the charge. Try another card.",
    },
    actions: {
      description: "Buttons and links on the card.",
      example: [{ label: "Show me how", guide: "update-card" }],
    },
  },
  FailureMatch: {
    page: {
      description: "Only on pages matching this path pattern.",
      example: "/billing/**",
    },
    request: {
      description: "A fetch/XMLHttpRequest response failed (or got none, with network: true).",
      example: { url: "/api/payments/**", status: ["4xx", "5xx"] },
    },
    error: {
      description: "An uncaught error or unhandled rejection in the page.",
      example: { message: "ChunkLoadError" },
    },
    invalid: {
      description:
        'A form field matching this selector becomes invalid (constraint validation or aria-invalid="true").',
      example: "#card-number",
    },
    event: {
      description: "The host reported this failure with Waymark.fail().",
      example: "payment-failed",
    },
    code: {
      description: 'With "event": the code the failure must carry.',
      example: "card_declined",
    },
    stall: {
      description: "The user stalled (in a guide, at a step).",
      example: { guide: "first-invoice", step: "amount" },
    },
    rage: {
      description: "Rapid repeated clicks on an element matching this selector.",
      example: "#pay",
    },
  },
  "FailureMatch.error": {
    message: {
      description: "A regular expression the error message must match.",
      example: "^ChunkLoadError",
    },
    source: {
      description: "A regular expression the script URL of the error must match.",
      example: "/assets/",
    },
  },
  "FailureMatch.stall": {
    guide: { description: "The id of the guide the stall happened in.", example: "first-invoice" },
    step: { description: "The id of the step the stall happened at.", example: "amount" },
  },
  HelpAction: {
    label: { description: "The button's or link's text.", example: "Show me how" },
    guide: { description: "Start the guide with this id.", example: "update-card" },
    step: {
      description: 'With "guide": start at this step.',
      example: "card-number",
    },
    demo: {
      description: 'With "guide": play its demo ("Show me") instead of the tour.',
      example: true,
    },
    href: {
      description: "Open this link (https:, http:, mailto: or relative).",
      example: "https://docs.example.com/billing",
    },
    report: {
      description: "Open the problem report (always true).",
      example: true,
    },
  },
};

/** A complete small guide, for the schema's root example. */
export const EXAMPLE_GUIDE = {
  $schema: "../node_modules/waymark/dist/guide.schema.json",
  id: "first-invoice",
  title: "Send your first invoice",
  start: { page: "/invoices/new" },
  steps: [
    {
      id: "customer",
      target: "#customer",
      title: "Pick a customer",
      body: "Choose **who** you are billing.",
      advance: { input: "#customer" },
    },
    { id: "send", target: "#send", title: "Send it", advance: { click: true } },
  ],
};
