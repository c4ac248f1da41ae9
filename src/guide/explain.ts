/**
 * Explains why a value does not fit a schema, the way a designer needs it. valibot reports a
 * failed union as one issue with every branch's complaints inside; this walks the schema beside
 * the input and picks the branch the designer meant (the one whose keys they used), so there is
 * one message per mistake: "unknown advance "clik" — did you mean "click"?".
 */
import * as v from "valibot";
import { describe, describeUnion, keyOf, kindWords, labelOf, UNION_NOUNS } from "./describe";
import { conversionHint, explainRule } from "./explain-rule";
import { formatPath, problem, type Draft, type GuideProblem, type Segment } from "./problem";
import { RESERVED_KEYS } from "./scan-input";
import { accepts, asNode, discriminatingKeys, unwrap, type Node } from "./schema-nodes";
import { closest, didYouMean, suggestKey } from "./suggest";
import { hasOwn, isPlainObject, kindOf, orList, preview, quote } from "./values";

type Walk = { file: string; problems: GuideProblem[] };

export function explain(
  node: Node | v.GenericSchema,
  value: unknown,
  path: Segment[],
  file: string,
) {
  const walk: Walk = { file, problems: [] };
  visit(walk, asNode(node), value, path);
  return walk.problems;
}

function report(walk: Walk, path: Segment[], draft: Draft) {
  walk.problems.push(problem(walk.file, formatPath(path), "error", draft));
}

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

function visitRecord(walk: Walk, n: Node, value: unknown, path: Segment[]) {
  if (!isPlainObject(value)) return wrongType(walk, n, value, path);
  const before = walk.problems.length;
  for (const key of Object.keys(value)) {
    if (RESERVED_KEYS.has(key)) continue; // reported by scanInput
    if (typeof n.key === "object") {
      const keyCheck = v.safeParse(n.key as unknown as v.GenericSchema, key);
      if (!keyCheck.success) {
        report(
          walk,
          [...path, key],
          explainRule(n.key, key, [...path, key], keyCheck.issues[0], true),
        );
      }
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
  if (issue) report(walk, path, explainRule(n, value, path, issue, false));
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
  if (!result.success) report(walk, path, explainRule(n, value, path, result.issues[0], false));
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
