/**
 * Checks a guide against the format in schema.ts and against the rules a schema can't express
 * (ids that must exist, regular expressions that must compile), and explains every problem for
 * a designer: where (a JSON path), what was expected, what was found, and what to do.
 *
 * valibot decides whether a guide is valid and builds the clean output. Only when it fails do we
 * walk the schema ourselves beside the input: valibot reports a failed union as one issue with
 * every branch's complaints inside, while a designer needs one message about the branch they
 * meant (the one whose keys they used).
 */
import * as v from "valibot";
import {
  ActionSchema,
  AdvanceSchema,
  ConditionSchema,
  FAILURE_KINDS,
  GUIDE_ID_PATTERN,
  GuideSchema,
  HTTP_METHOD_PATTERN,
  HelpActionSchema,
  LOCALE_PATTERN,
  LocalizedTextSchema,
  NextSchema,
  OnFailSchema,
  isSafeHref,
  STEP_ID_PATTERN,
  StatusPatternSchema,
  UserMatchSchema,
  type Condition,
  type Guide,
} from "./schema";

export type GuideProblem = {
  /** The file as the designer knows it: `/guides/billing.json`, `config.guides[0]`. */
  file: string;
  /** JSON path of the offending value, `$` for the whole guide: `$.steps[2].advance.click`. */
  path: string;
  message: string;
  expected?: string;
  /** A short, truncated JSON preview of what the file holds at `path`. */
  found?: string;
  suggestion?: string;
  severity: "error" | "warning";
};

export type GuideValidation =
  { ok: true; guide: Guide; problems: GuideProblem[] } | { ok: false; problems: GuideProblem[] };

/** Deeper than any sensible guide; also keeps recursion (ours and valibot's) far from the stack limit. */
const MAX_DEPTH = 40;

export function validateGuide(input: unknown, file: string): GuideValidation {
  try {
    const scan = scanInput(input, file);
    if (scan.fatal) return { ok: false, problems: [scan.fatal] };
    const result = v.safeParse(GuideSchema, input);
    if (!result.success) {
      const problems = [...scan.reserved, ...explain(GuideSchema, input, [], file)];
      // Our walker and valibot should agree; if they ever don't, valibot's word stands.
      if (!problems.some(isError)) problems.push(...fromIssues(result.issues, file));
      return { ok: false, problems };
    }
    const problems = [...scan.reserved, ...checkRules(result.output, file)];
    return problems.some(isError)
      ? { ok: false, problems }
      : { ok: true, guide: result.output, problems };
  } catch (error) {
    // Getters or proxies in inline guides can throw; the widget must not.
    return {
      ok: false,
      problems: [
        {
          file,
          path: "$",
          message: `could not read this guide (${errorText(error)})`,
          suggestion: "pass plain JSON data: objects, lists, text, numbers, true/false, null",
          severity: "error",
        },
      ],
    };
  }
}

const isError = (p: GuideProblem) => p.severity === "error";

/** A problem's text parts; undefined parts are left out of the problem. */
type Draft = {
  message: string;
  expected?: string | undefined;
  found?: string | undefined;
  suggestion?: string | undefined;
};

function problem(file: string, path: string, severity: GuideProblem["severity"], draft: Draft) {
  const p: GuideProblem = { file, path, message: draft.message, severity };
  if (draft.expected !== undefined) p.expected = draft.expected;
  if (draft.found !== undefined) p.found = draft.found;
  if (draft.suggestion !== undefined) p.suggestion = draft.suggestion;
  return p;
}

// ---- Paths, previews, suggestions -----------------------------------------------------------

type Segment = string | number;

export function formatPath(path: readonly Segment[]): string {
  let out = "$";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(seg)) out += `.${seg}`;
    else out += `[${JSON.stringify(clip(seg, 40))}]`;
  }
  return out;
}

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
const quote = (s: string) => JSON.stringify(clip(s, 40));

/** A short JSON-like rendering of any value; never throws on cycles or odd objects. */
export function preview(value: unknown, max = 60): string {
  return clip(render(value, 2), max);
}

function render(value: unknown, depth: number): string {
  if (typeof value === "string") return JSON.stringify(clip(value, 60));
  if (value === null || typeof value === "number" || typeof value === "boolean") {
    return String(value);
  }
  if (value === undefined) return "undefined";
  if (typeof value === "function") return "a function";
  if (typeof value !== "object") return `a ${typeof value}`;
  if (Array.isArray(value)) {
    if (depth === 0) return value.length ? "[…]" : "[]";
    const items = value.slice(0, 4).map((item) => render(item, depth - 1));
    return `[${items.join(", ")}${value.length > 4 ? ", …" : ""}]`;
  }
  if (!isPlainObject(value)) return `a ${value.constructor?.name ?? "object"}`;
  const keys = Object.keys(value);
  if (depth === 0) return keys.length ? "{…}" : "{}";
  const items = keys.slice(0, 4).map((k) => `${quote(k)}: ${render(value[k], depth - 1)}`);
  return `{${items.join(", ")}${keys.length > 4 ? ", …" : ""}}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const hasOwn = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

/** Damerau–Levenshtein (optimal string alignment) distance. */
function distance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const prev = rows[i - 1]!;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      }
      row.push(d);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/** The candidate a typo most likely meant, ignoring case, "-" and "_"; undefined if none is close. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > 64) return undefined;
  const norm = (s: string) => s.toLowerCase().replace(/[-_\s]/g, "");
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === word || candidate.length > 64) continue;
    const d = distance(norm(word), norm(candidate));
    const len = Math.max(word.length, candidate.length);
    const limit = len <= 2 ? 0 : len <= 4 ? 1 : len <= 8 ? 2 : 3;
    if (d <= limit && d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/** Looks a user-written key up in a table without reaching Object.prototype ("__proto__"…). */
function lookup<T>(table: Record<string, T>, key: string | undefined): T | undefined {
  return key !== undefined && hasOwn(table, key) ? table[key] : undefined;
}

const didYouMean = (word: string | undefined) =>
  word ? `did you mean ${quote(word)}?` : undefined;

/** Words designers reach for, mapped to the keys the format uses. */
const KEY_ALIASES: Record<string, readonly string[]> = {
  selector: ["target", "element"],
  content: ["body"],
  text: ["body", "label"],
  description: ["body", "summary"],
  name: ["title", "label"],
  position: ["placement"],
  condition: ["when"],
  trigger: ["start", "advance"],
  delay: ["wait"],
  timeout: ["wait"],
  url: ["href", "page"],
  link: ["href"],
};

function suggestKey(key: string, allowed: readonly string[]): string | undefined {
  const alias = lookup(KEY_ALIASES, key.toLowerCase())?.find((a) => allowed.includes(a));
  return alias ?? closest(key, allowed);
}

function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]!}`;
}

// ---- Introspecting valibot schemas ----------------------------------------------------------

/** The parts of valibot's schema objects the walker reads (stable in valibot 1.x). */
type Node = {
  readonly type: string;
  readonly entries?: Record<string, Node>;
  readonly options?: readonly unknown[];
  readonly item?: Node;
  readonly wrapped?: Node;
  readonly getter?: (input: unknown) => Node;
  readonly key?: Node | string;
  readonly value?: Node;
  readonly literal?: unknown;
  readonly pipe?: readonly { readonly type: string; readonly requirement?: unknown }[];
};
const asNode = (schema: unknown) => schema as Node;

/** Names for unions in messages ("unknown advance …"); others are named after their key. */
const UNION_NOUNS = new Map<Node, string>([
  [asNode(AdvanceSchema), "advance"],
  [asNode(NextSchema), "next"],
  [asNode(OnFailSchema), "onFail"],
  [asNode(HelpActionSchema), "help action"],
  [asNode(UserMatchSchema), "user match"],
  [asNode(StatusPatternSchema), "status"],
  [asNode(ActionSchema), "demo action"],
]);

const DESCRIPTIONS = new Map<Node, string>([
  [asNode(LocalizedTextSchema), 'text, or a locale map like {"en": "…", "de": "…"}'],
  [asNode(ConditionSchema), 'a condition like {"page": "/invoices"}'],
]);

/** What a plain string means at a key, for "expected …". */
const STRING_HINTS: Record<string, string> = {
  target: "a CSS selector",
  element: "a CSS selector",
  invalid: "a CSS selector",
  rage: "a CSS selector",
  click: "a CSS selector",
  input: "a CSS selector",
  page: 'a path pattern like "/invoices/**"',
  url: 'a URL pattern like "/api/invoices/**"',
  matches: "a regular expression",
  message: "a regular expression",
  source: "a regular expression",
  goto: "a step id",
  next: "a step id",
  step: "a step id",
  guide: "a guide id",
  done: "a guide id",
  notDone: "a guide id",
  help: "a help id",
  event: "an event name",
  href: "a link (https:, http:, mailto: or relative)",
};

const UNITS: Record<string, string> = {
  wait: "milliseconds",
  ms: "milliseconds",
  stallAfter: "seconds",
  within: "seconds",
};

const ITEM_NOUNS: Record<string, string> = {
  steps: "step",
  help: "help entry",
  demo: "demo action",
  actions: "help action",
  all: "condition",
  any: "condition",
  next: "branch",
  status: "status",
  in: "value",
};

function unwrap(node: Node, value: unknown): Node {
  let n = node;
  for (let i = 0; i < 8; i++) {
    if ((n.type === "exact_optional" || n.type === "optional") && n.wrapped) n = n.wrapped;
    else if (n.type === "lazy" && n.getter) n = n.getter(value);
    else break;
  }
  return n;
}

type ValueKind = "string" | "number" | "boolean" | "null" | "array" | "object" | "other";

function kindOf(value: unknown): ValueKind {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (isPlainObject(value)) return "object";
  const t = typeof value;
  return t === "string" || t === "number" || t === "boolean" ? t : "other";
}

function accepts(node: Node, kind: ValueKind): boolean {
  const n = unwrap(node, undefined);
  switch (n.type) {
    case "literal":
      return kindOf(n.literal) === kind;
    case "picklist":
      return kind === "string";
    case "strict_object":
    case "object":
    case "record":
    case "variant":
      return kind === "object";
    case "union":
      return (n.options ?? []).some((o) => accepts(asNode(o), kind));
    default:
      return n.type === kind;
  }
}

/** Keys that tell the object branches of a union apart (those not shared by every branch). */
function discriminatingKeys(objects: readonly Node[]): Map<Node, string[]> {
  const all = objects.map((o) => Object.keys(o.entries ?? {}));
  const shared = (k: string) => all.every((keys) => keys.includes(k));
  return new Map(objects.map((o, i) => [o, all[i]!.filter((k) => !shared(k))]));
}

function describe(node: Node, key: string | undefined): string {
  const named = DESCRIPTIONS.get(node);
  if (named) return named;
  const n = unwrap(node, undefined);
  if (n !== node) return describe(n, key);
  switch (n.type) {
    case "string":
      return describeString(n, key);
    case "number":
      return describeNumber(n, key);
    case "boolean":
      return "true or false";
    case "null":
      return "null";
    case "literal":
      return JSON.stringify(n.literal);
    case "picklist":
      return orList((n.options ?? []).map((o) => JSON.stringify(o)));
    case "array":
      return `a list [ … ]${lookup(ITEM_NOUNS, key) ? ` of ${lookup(ITEM_NOUNS, key)} entries` : ""}`;
    case "strict_object":
      return `an object with ${orList(Object.keys(n.entries ?? {}))}`;
    case "record":
      return "an object";
    case "variant": {
      const kinds = (n.options ?? []).map((o) => asNode(o).entries?.["do"]?.literal);
      return `an action like {"do": "point", "target": "#pay"}; "do" is ${orList(kinds.map((k) => JSON.stringify(k)))}`;
    }
    case "union":
      return describeUnion(n, key);
    default:
      return "a different value";
  }
}

function describeUnion(n: Node, key: string | undefined): string {
  const options = (n.options ?? []).map(asNode);
  const objects = options.filter((o) => unwrap(o, undefined).type === "strict_object");
  const parts = options
    .filter((o) => !objects.includes(o))
    .map((o) => describe(o, key))
    .filter((d, i, all) => all.indexOf(d) === i);
  if (objects.length > 1) {
    const keys = [...discriminatingKeys(objects).values()].map((k) => k[0]!);
    parts.push(`one of ${keys.join(", ")}`);
  } else if (objects[0]) parts.push(describe(objects[0], key));
  return orList(parts);
}

function describeString(n: Node, key: string | undefined): string {
  const pattern = n.pipe?.find((a) => a.type === "regex")?.requirement;
  if (pattern === GUIDE_ID_PATTERN)
    return 'an id of lower-case letters, digits and "-", like "first-invoice"';
  if (pattern === STEP_ID_PATTERN)
    return 'an id of letters, digits, "-" and "_", like "pick-customer"';
  if (pattern === HTTP_METHOD_PATTERN) return 'an HTTP method like "POST"';
  return lookup(STRING_HINTS, key) ?? "text";
}

function describeNumber(n: Node, key: string | undefined): string {
  const pipe = n.pipe ?? [];
  const req = (type: string) => pipe.find((a) => a.type === type)?.requirement;
  const min = req("min_value");
  const max = req("max_value");
  const gt = req("gt_value");
  let out = pipe.some((a) => a.type === "integer") ? "a whole number" : "a number";
  const unit = lookup(UNITS, key);
  if (unit) out += ` of ${unit}`;
  if (min !== undefined && max !== undefined) return `${out} from ${String(min)} to ${String(max)}`;
  if (min !== undefined) out += ` ≥ ${String(min)}`;
  if (gt !== undefined) out += ` > ${String(gt)}`;
  return out;
}

/** The type words for a message: "a number", "text or an object". */
function kindWords(node: Node): string {
  if (node === asNode(LocalizedTextSchema)) return "text";
  const n = unwrap(node, undefined);
  const words: Record<string, string> = {
    string: "text",
    number: "a number",
    boolean: "true or false",
    null: "null",
    array: "a list",
    strict_object: "an object",
    record: "an object",
    variant: "an object",
  };
  if (n.type === "union") {
    const each = (n.options ?? []).map((o) => kindWords(asNode(o)));
    return orList(each.filter((w, i) => each.indexOf(w) === i));
  }
  if (n.type === "literal") return JSON.stringify(n.literal);
  if (n.type === "picklist") return "one of the listed words";
  return words[n.type] ?? "something else";
}

// ---- The walker -----------------------------------------------------------------------------

type Walk = { file: string; problems: GuideProblem[] };

function explain(node: Node | v.GenericSchema, value: unknown, path: Segment[], file: string) {
  const walk: Walk = { file, problems: [] };
  visit(walk, asNode(node), value, path);
  return walk.problems;
}

function report(walk: Walk, path: Segment[], draft: Draft) {
  walk.problems.push(problem(walk.file, formatPath(path), "error", draft));
}

/** How a message names the value at `path`: `"wait"`, `each step`, `the guide`. */
function labelOf(path: readonly Segment[]): string {
  const last = path[path.length - 1];
  if (last === undefined) return "the guide";
  if (typeof last === "string") return quote(last);
  const parent = path[path.length - 2];
  const noun = typeof parent === "string" ? lookup(ITEM_NOUNS, parent) : undefined;
  return noun ? `this ${noun}` : "this item";
}

const keyOf = (path: readonly Segment[]) => {
  for (let i = path.length - 1; i >= 0; i--) {
    const seg = path[i];
    if (typeof seg === "string") return seg;
  }
  return undefined;
};

function visit(walk: Walk, node: Node, value: unknown, path: Segment[]): void {
  if (v.is(node as unknown as v.GenericSchema, value)) return;
  const n = unwrap(node, value);
  switch (n.type) {
    case "strict_object":
      return visitObject(walk, n, value, path);
    case "record":
      return visitRecord(walk, n, value, path);
    case "array":
      return visitArray(walk, n, value, path);
    case "union":
      return visitUnion(walk, n, value, path);
    case "variant":
      return visitVariant(walk, n, value, path);
    default:
      return visitLeaf(walk, n, value, path, node);
  }
}

function visitObject(walk: Walk, n: Node, value: unknown, path: Segment[]) {
  if (!isPlainObject(value)) return wrongType(walk, n, value, path);
  const before = walk.problems.length;
  const entries = n.entries ?? {};
  const allowed = Object.keys(entries);
  const suggested = new Set<string>();
  for (const key of Object.keys(value)) {
    if (RESERVED_KEYS.has(key)) continue; // reported by scanInput
    const entry = hasOwn(entries, key) ? entries[key] : undefined;
    if (entry) {
      visit(walk, entry, value[key], [...path, key]);
      continue;
    }
    const guess = suggestKey(key, allowed);
    if (guess) suggested.add(guess);
    report(walk, [...path, key], {
      message: `unknown key ${quote(key)}`,
      expected: `one of ${allowed.join(", ")}`,
      suggestion: didYouMean(guess) ?? `remove ${quote(key)}, or check where it belongs`,
    });
  }
  for (const [key, entry] of Object.entries(entries)) {
    if (hasOwn(value, key) || entry.type === "exact_optional" || suggested.has(key)) continue;
    report(walk, path, {
      message: `missing ${quote(key)}`,
      expected: `${quote(key)}: ${describe(entry, key)}`,
      suggestion: `add ${quote(key)}: ${exampleOf(entry, key)}`,
    });
  }
  if (walk.problems.length === before) visitPipe(walk, n, value, path);
}

function exampleOf(entry: Node, key: string): string {
  if (key === "id") return '"a-short-id"';
  const n = unwrap(entry, undefined);
  if (n.type === "strict_object") return "{ … }";
  if (n.type === "array") return "[ … ]";
  if (n.type === "literal") return JSON.stringify(n.literal);
  return '"…"';
}

const RESERVED_KEYS = new Set(["__proto__", "constructor", "prototype"]);

function visitRecord(walk: Walk, n: Node, value: unknown, path: Segment[]) {
  if (!isPlainObject(value)) return wrongType(walk, n, value, path);
  const before = walk.problems.length;
  for (const key of Object.keys(value)) {
    if (RESERVED_KEYS.has(key)) continue; // reported by scanInput
    if (typeof n.key === "object") {
      const keyCheck = v.safeParse(n.key as unknown as v.GenericSchema, key);
      if (!keyCheck.success) failedRule(walk, n.key, key, [...path, key], keyCheck.issues[0], true);
    }
    if (n.value) visit(walk, n.value, value[key], [...path, key]);
  }
  if (walk.problems.length === before) visitPipe(walk, n, value, path);
}

function visitArray(walk: Walk, n: Node, value: unknown, path: Segment[]) {
  if (!Array.isArray(value)) return wrongType(walk, n, value, path);
  const before = walk.problems.length;
  if (n.item) value.forEach((item, i) => visit(walk, n.item!, item, [...path, i]));
  if (walk.problems.length === before) visitPipe(walk, n, value, path);
}

/** Reports what the pipe of a node (a rule on the whole value, like "not empty") says. */
function visitPipe(walk: Walk, n: Node, value: unknown, path: Segment[]) {
  const result = v.safeParse(n as unknown as v.GenericSchema, value);
  const issue = result.success ? undefined : result.issues.find((i) => !i.path?.length);
  if (issue) failedRule(walk, n, value, path, issue, false);
}

function visitUnion(walk: Walk, n: Node, value: unknown, path: Segment[]) {
  const kind = kindOf(value);
  const options = (n.options ?? []).map(asNode).filter((o) => accepts(o, kind));
  const noun = UNION_NOUNS.get(n) ?? keyOf(path) ?? "value";
  if (options.length === 0) return wrongType(walk, n, value, path);
  const words = options.flatMap((o) => {
    const u = unwrap(o, undefined);
    return u.type === "literal" ? [u.literal] : u.type === "picklist" ? (u.options ?? []) : [];
  });
  const allWords = options.every((o) =>
    ["literal", "picklist"].includes(unwrap(o, undefined).type),
  );
  if (kind === "string" && allWords) {
    const hint = conversionHint(n, value, keyOf(path));
    return unknownWord(walk, n, value as string, path, noun, words.map(String), hint);
  }
  if (kind !== "object" || options.length === 1) {
    return options.length === 1
      ? visit(walk, options[0]!, value, path)
      : wrongType(walk, n, value, path);
  }
  // Several object forms: pick the one whose distinguishing keys the designer used.
  const objects = options.filter((o) => unwrap(o, undefined).type === "strict_object");
  const keys = discriminatingKeys(objects);
  const given = Object.keys(value as object);
  const scored = objects.map((o) => ({
    o,
    score: given.filter((k) => keys.get(o)!.includes(k)).length,
  }));
  const top = Math.max(0, ...scored.map((s) => s.score));
  const best = scored.filter((s) => s.score === top);
  const firstKeys = [...keys.values()].map((k) => k[0]!);
  const expected = describeUnion(n, keyOf(path));
  if (top > 0 && best.length === 1) return visit(walk, best[0]!.o, value, path);
  if (top > 0) {
    const used = firstKeys.filter((k) => given.includes(k));
    return report(walk, path, {
      message: `${noun === keyOf(path) ? quote(noun) : `a ${noun}`} can have only one of ${firstKeys.join(", ")}`,
      expected,
      found: preview(value),
      suggestion: `keep one of ${used.join(", ")}${noun === "user match" ? '; combine ranges with "all": [ … ]' : ""}`,
    });
  }
  const shared = new Set(objects.flatMap((o) => Object.keys(o.entries ?? {})));
  const strangers = given.filter((k) => !shared.has(k));
  const stranger = strangers[0];
  if (stranger === undefined) {
    return report(walk, path, {
      message: `${noun === keyOf(path) ? quote(noun) : `this ${noun}`} needs one of ${firstKeys.join(", ")}`,
      expected,
      found: preview(value),
      suggestion: `add one of ${firstKeys.map(quote).join(", ")}`,
    });
  }
  report(walk, path, {
    message: `unknown ${noun} ${quote(stranger)}`,
    expected,
    suggestion: didYouMean(closest(stranger, firstKeys)) ?? `use one of ${firstKeys.join(", ")}`,
  });
}

function visitVariant(walk: Walk, n: Node, value: unknown, path: Segment[]) {
  if (!isPlainObject(value)) return wrongType(walk, n, value, path);
  const key = typeof n.key === "string" ? n.key : "do";
  const options = (n.options ?? []).map(asNode);
  const kinds = options.map((o) => String(o.entries?.[key]?.literal));
  const noun = UNION_NOUNS.get(n) ?? "action";
  const expected = `${quote(key)}: ${orList(kinds.map((k) => JSON.stringify(k)))}`;
  if (!hasOwn(value, key)) {
    return report(walk, path, {
      message: `${noun} has no ${quote(key)}`,
      expected,
      found: preview(value),
      suggestion: `add ${quote(key)}: ${JSON.stringify(kinds[0])} (or another of the kinds)`,
    });
  }
  const kind = value[key];
  const option = options.find((o) => o.entries?.[key]?.literal === kind);
  if (option) return visit(walk, option, value, path);
  if (typeof kind !== "string") {
    return report(walk, [...path, key], {
      message: `${quote(key)} must be text`,
      expected,
      found: preview(kind),
    });
  }
  unknownWord(walk, n, kind, [...path, key], noun, kinds);
}

function unknownWord(
  walk: Walk,
  n: Node,
  word: string,
  path: Segment[],
  noun: string,
  words: readonly string[],
  hint?: string,
) {
  const nearest = closest(word, words) ?? words.find((w) => w.toLowerCase() === word.toLowerCase());
  report(walk, path, {
    message: `unknown ${noun} ${quote(word)}`,
    expected:
      n.type === "variant" ? orList(words.map((w) => JSON.stringify(w))) : describe(n, keyOf(path)),
    suggestion: hint ?? didYouMean(nearest),
  });
}

function visitLeaf(walk: Walk, n: Node, value: unknown, path: Segment[], outer: Node) {
  const kind = kindOf(value);
  if (!accepts(n, kind)) return wrongType(walk, outer, value, path);
  if ((n.type === "literal" || n.type === "picklist") && typeof value === "string") {
    const words = n.type === "literal" ? [String(n.literal)] : (n.options ?? []).map(String);
    return unknownWord(walk, n, value, path, keyOf(path) ?? "value", words);
  }
  const result = v.safeParse(n as unknown as v.GenericSchema, value);
  if (!result.success) failedRule(walk, n, value, path, result.issues[0], false);
}

function wrongType(walk: Walk, node: Node, value: unknown, path: Segment[]) {
  const key = keyOf(path);
  const isRoot = path.length === 0;
  report(walk, path, {
    message: isRoot
      ? "a guide must be a JSON object"
      : `${labelOf(path)} must be ${kindWords(node)}`,
    expected: isRoot
      ? 'an object like {"id": "my-guide", "title": "…", "steps": [ … ]}'
      : describe(node, key),
    found: preview(value),
    suggestion: isRoot ? undefined : conversionHint(node, value, key),
  });
}

/** Whether free text goes here (not only fixed words like "next"). */
function acceptsPlainText(node: Node): boolean {
  if (node === asNode(LocalizedTextSchema)) return true;
  const n = unwrap(node, undefined);
  if (n.type === "union") return (n.options ?? []).some((o) => acceptsPlainText(asNode(o)));
  return n.type === "string" && !n.pipe;
}

/** Concrete fixes for the usual slips: numbers in quotes, a single value where a list goes… */
function conversionHint(node: Node, value: unknown, key: string | undefined): string | undefined {
  const wants = (kind: ValueKind) => accepts(node, kind);
  if (value === undefined || value === null)
    return `remove ${key ? quote(key) : "it"}, or give it a value`;
  if (typeof value === "string") {
    const trimmed = value.trim();
    const unit = /^(\d+(?:\.\d+)?)\s*(ms|s)$/i.exec(trimmed);
    const units = lookup(UNITS, key);
    if (wants("number") && unit && units) {
      const seconds = units === "seconds";
      const n = Number(unit[1]);
      const isMs = unit[2]!.toLowerCase() === "ms";
      const out = seconds ? (isMs ? n / 1000 : n) : isMs ? n : n * 1000;
      return `write the number of ${units} without quotes: ${out}`;
    }
    if (wants("number") && trimmed !== "" && Number.isFinite(Number(trimmed))) {
      return `write it without quotes: ${Number(trimmed)}`;
    }
    if (wants("boolean") && (trimmed === "true" || trimmed === "false")) {
      return `write it without quotes: ${trimmed}`;
    }
  }
  const plainText = acceptsPlainText(node) && !lookup(STRING_HINTS, key);
  if ((typeof value === "number" || typeof value === "boolean") && plainText) {
    return `put it in quotes: "${String(value)}"`;
  }
  const n = unwrap(node, value);
  if (!Array.isArray(value) && wants("array")) {
    const list =
      n.type === "array"
        ? n.item
        : (n.options ?? []).map(asNode).find((o) => unwrap(o, undefined).type === "array");
    const item = list && (unwrap(list, undefined).item ?? list);
    if (item && v.is(item as unknown as v.GenericSchema, value)) return "wrap it in a list: [ … ]";
  }
  if (
    Array.isArray(value) &&
    value.length === 1 &&
    v.is(node as unknown as v.GenericSchema, value[0])
  ) {
    return "give the single value without the [ ]";
  }
  return undefined;
}

/** Explains a value of the right type that breaks a rule: a pattern, a range, "not empty". */
function failedRule(
  walk: Walk,
  n: Node,
  value: unknown,
  path: Segment[],
  issue: v.BaseIssue<unknown> | undefined,
  isKey: boolean,
) {
  const key = keyOf(path);
  const label = labelOf(path);
  const found = isKey ? undefined : preview(value);
  const req = issue?.requirement;
  const text = typeof value === "string" ? value : "";
  switch (issue?.type) {
    case "regex": {
      if (req === GUIDE_ID_PATTERN || req === STEP_ID_PATTERN) {
        const isGuide = req === GUIDE_ID_PATTERN;
        const owner = path.length === 1 ? "guide" : path.includes("help") ? "help" : "step";
        const slug = text
          .trim()
          .replace(/[^A-Za-z0-9_-]+/g, "-")
          .replace(/^-+|-+$/g, "");
        const fixed = isGuide ? slug.toLowerCase().replace(/_/g, "-") : slug;
        return report(walk, path, {
          message: `${owner} id ${quote(text)} has characters that are not allowed`,
          expected: isGuide ? 'lower-case letters, digits and "-"' : 'letters, digits, "-" and "_"',
          found,
          suggestion: fixed ? `use ${quote(fixed)}` : 'use a short name like "pick-customer"',
        });
      }
      if (req === LOCALE_PATTERN) {
        return report(walk, path, {
          message: `${quote(text)} is not a language code`,
          expected: 'a language tag like "en", "de-CH" or "zh-CN"',
          suggestion: text.includes("_") ? `use ${quote(text.replace(/_/g, "-"))}` : undefined,
        });
      }
      if (req === HTTP_METHOD_PATTERN) {
        const methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
        return report(walk, path, {
          message: `unknown HTTP method ${quote(text)}`,
          expected: orList(methods),
          found,
          suggestion: didYouMean(closest(text.toUpperCase(), methods)),
        });
      }
      break;
    }
    case "min_value":
    case "max_value":
    case "gt_value":
    case "integer": {
      const expected = describe(n, key);
      const limit = String(req);
      const rule = {
        min_value: `at least ${limit}`,
        max_value: `at most ${limit}`,
        gt_value: `more than ${limit}`,
        integer: "a whole number",
      }[issue.type];
      const rounded =
        typeof value === "number" && issue.type === "integer"
          ? `use ${Math.round(value)}`
          : undefined;
      return report(walk, path, {
        message: `${label} must be ${rule}`,
        expected,
        found,
        suggestion: rounded,
      });
    }
    case "min_length":
      return report(walk, path, {
        message: `${label} is an empty list`,
        expected: `at least one ${lookup(ITEM_NOUNS, key) ?? "item"}`,
        found,
        suggestion: `add an entry, or remove ${label}`,
      });
    case "min_entries": {
      const isText = n.type === "record";
      const keys = Object.keys(n.entries ?? {});
      return report(walk, path, {
        message: isText ? `${label} has no translations` : `${label} is an empty condition`,
        expected: isText
          ? 'at least one entry like {"en": "…"}'
          : `at least one of ${keys.join(", ")}`,
        found,
        suggestion: isText ? 'add {"en": "…"}' : `add a key, or remove ${label}`,
      });
    }
    case "check":
      if (req === isSafeHref) {
        return report(walk, path, {
          message: `link ${quote(text)} uses a scheme that is not allowed`,
          expected: "an https:, http:, mailto: or relative URL",
          found: preview(value),
          suggestion: "link to a web page, e.g. https://docs.example.com/billing",
        });
      }
      return report(walk, path, {
        message: `${label} doesn't say what failed`,
        expected: `at least one of ${FAILURE_KINDS.join(", ")}`,
        found,
        suggestion:
          '"page" only narrows where; add e.g. "request": {"url": "/api/**", "status": "5xx"}',
      });
  }
  report(walk, path, {
    message: `${label} is not valid${issue ? `: ${issue.message}` : ""}`,
    expected: describe(n, key),
    found,
  });
}

function fromIssues(issues: readonly v.BaseIssue<unknown>[], file: string): GuideProblem[] {
  return issues.map((issue) => ({
    file,
    path: formatPath(
      (issue.path ?? []).flatMap((item) =>
        typeof item.key === "string" || typeof item.key === "number" ? [item.key] : [],
      ),
    ),
    message: issue.message,
    severity: "error",
  }));
}

/** Largest number of values we look at; beyond it a "guide" is not something a person wrote. */
const MAX_VALUES = 1_000_000;

/**
 * Looks at the raw input before valibot (which recurses, and silently drops "__proto__" keys from
 * maps) sees it: nesting deeper than MAX_DEPTH, cycles (inline guides are JS objects) and absurd
 * sizes are fatal; names that could reach Object.prototype are errors. Iterative, so hostile
 * input can't overflow the stack.
 */
function scanInput(
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

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---- Rules beyond the schema (one guide) ----------------------------------------------------

function checkRules(guide: Guide, file: string): GuideProblem[] {
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
  return problems;
}

type Add = (severity: GuideProblem["severity"], path: string, p: Draft) => void;

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

// ---- Rules across guides --------------------------------------------------------------------

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
      const stall = h.when.stall?.guide;
      if (stall !== undefined && !byId.has(stall))
        unknownGuide(i, `$.help[${k}].when.stall.guide`, stall, "warning");
    });
    // done/notDone on a guide nobody loaded always/never holds: likely a typo, but not fatal.
    const conditions: [string, Condition][] = [];
    if (guide.start) conditions.push(["$.start", guide.start]);
    if (guide.goal) conditions.push(["$.goal", guide.goal]);
    (guide.steps ?? []).forEach((step, j) => {
      if (Array.isArray(step.next)) {
        step.next.forEach(
          (b, k) => b.when && conditions.push([`$.steps[${j}].next[${k}].when`, b.when]),
        );
      }
    });
    for (const [path, condition] of conditions) {
      forEachCondition(path, condition, (at, c) => {
        if (c.done !== undefined && !byId.has(c.done))
          unknownGuide(i, `${at}.done`, c.done, "warning");
        if (c.notDone !== undefined && !byId.has(c.notDone))
          unknownGuide(i, `${at}.notDone`, c.notDone, "warning");
      });
    }
  });
  return problems;
}

function forEachCondition(
  path: string,
  c: Condition,
  fn: (path: string, c: Condition) => void,
  depth = 0,
) {
  if (depth > MAX_DEPTH) return;
  fn(path, c);
  c.all?.forEach((x, i) => forEachCondition(`${path}.all[${i}]`, x, fn, depth + 1));
  c.any?.forEach((x, i) => forEachCondition(`${path}.any[${i}]`, x, fn, depth + 1));
  if (c.not) forEachCondition(`${path}.not`, c.not, fn, depth + 1);
}
