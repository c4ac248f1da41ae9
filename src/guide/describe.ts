/**
 * Schema nodes in words, for "expected …" in problems: `a whole number of seconds > 0`,
 * `"next" or one of click, input, page, element, event, request`, `a CSS selector`.
 */
import {
  ActionSchema,
  AdvanceSchema,
  ConditionSchema,
  GUIDE_ID_PATTERN,
  HTTP_METHOD_PATTERN,
  HelpActionSchema,
  LocalizedTextSchema,
  NextSchema,
  OnFailSchema,
  STEP_ID_PATTERN,
  StatusPatternSchema,
  UserMatchSchema,
} from "./schema";
import { asNode, discriminatingKeys, unwrap, type Node } from "./schema-nodes";
import type { Segment } from "./problem";
import { STRING_HINTS } from "./string-hints";
import { lookup, orList, quote } from "./values";

/** Names for unions in messages ("unknown advance …"); others are named after their key. */
export const UNION_NOUNS = new Map<Node, string>([
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

/** The unit of a number at a key. */
export const UNITS: Record<string, string> = {
  wait: "milliseconds",
  ms: "milliseconds",
  stallAfter: "seconds",
  within: "seconds",
};

/** What the items of a list at a key are called. */
export const ITEM_NOUNS: Record<string, string> = {
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

/** What a node accepts, in words; `key` is the key the value sits at. */
export function describe(node: Node, key: string | undefined): string {
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

export function describeUnion(n: Node, key: string | undefined): string {
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
export function kindWords(node: Node): string {
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

/** How a message names the value at `path`: `"wait"`, `this step`, `the guide`. */
export function labelOf(path: readonly Segment[]): string {
  const last = path[path.length - 1];
  if (last === undefined) return "the guide";
  if (typeof last === "string") return quote(last);
  const parent = path[path.length - 2];
  const noun = typeof parent === "string" ? lookup(ITEM_NOUNS, parent) : undefined;
  return noun ? `this ${noun}` : "this item";
}

/** The nearest key in a path (`$.steps[1].title` → "title", `$.steps[1]` → "steps"). */
export const keyOf = (path: readonly Segment[]) => {
  for (let i = path.length - 1; i >= 0; i--) {
    const seg = path[i];
    if (typeof seg === "string") return seg;
  }
  return undefined;
};
