/**
 * What to say about a value of the right type that breaks a rule (a pattern, a range, "not
 * empty", an allowed link), and the concrete fix for the usual slips: numbers in quotes, a
 * single value where a list goes, "5s" where seconds go.
 */
import * as v from "valibot";
import { describe, ITEM_NOUNS, keyOf, labelOf, UNITS } from "./describe";
import type { Draft, Segment } from "./problem";
import {
  FAILURE_KINDS,
  GUIDE_ID_PATTERN,
  HTTP_METHOD_PATTERN,
  isSafeHref,
  LOCALE_PATTERN,
  LocalizedTextSchema,
  STEP_ID_PATTERN,
} from "./schema";
import { accepts, asNode, unwrap, type Node } from "./schema-nodes";
import { STRING_HINTS } from "./string-hints";
import { closest, didYouMean } from "./suggest";
import { lookup, orList, preview, quote, type ValueKind } from "./values";

/** Whether free text goes here (not only fixed words like "next"). */
function acceptsPlainText(node: Node): boolean {
  if (node === asNode(LocalizedTextSchema)) return true;
  const n = unwrap(node, undefined);
  if (n.type === "union") return (n.options ?? []).some((o) => acceptsPlainText(asNode(o)));
  return n.type === "string" && !n.pipe;
}

/** Concrete fixes for the usual slips: numbers in quotes, a single value where a list goes… */
export function conversionHint(
  node: Node,
  value: unknown,
  key: string | undefined,
): string | undefined {
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
export function explainRule(
  n: Node,
  value: unknown,
  path: Segment[],
  issue: v.BaseIssue<unknown> | undefined,
  isKey: boolean,
): Draft {
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
        return {
          message: `${owner} id ${quote(text)} has characters that are not allowed`,
          expected: isGuide ? 'lower-case letters, digits and "-"' : 'letters, digits, "-" and "_"',
          found,
          suggestion: fixed ? `use ${quote(fixed)}` : 'use a short name like "pick-customer"',
        };
      }
      if (req === LOCALE_PATTERN) {
        return {
          message: `${quote(text)} is not a language code`,
          expected: 'a language tag like "en", "de-CH" or "zh-CN"',
          suggestion: text.includes("_") ? `use ${quote(text.replace(/_/g, "-"))}` : undefined,
        };
      }
      if (req === HTTP_METHOD_PATTERN) {
        const methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
        return {
          message: `unknown HTTP method ${quote(text)}`,
          expected: orList(methods),
          found,
          suggestion: didYouMean(closest(text.toUpperCase(), methods)),
        };
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
      return {
        message: `${label} must be ${rule}`,
        expected,
        found,
        suggestion: rounded,
      };
    }
    case "min_length":
      return {
        message: `${label} is an empty list`,
        expected: `at least one ${lookup(ITEM_NOUNS, key) ?? "item"}`,
        found,
        suggestion: `add an entry, or remove ${label}`,
      };
    case "min_entries": {
      const isText = n.type === "record";
      const keys = Object.keys(n.entries ?? {});
      return {
        message: isText ? `${label} has no translations` : `${label} is an empty condition`,
        expected: isText
          ? 'at least one entry like {"en": "…"}'
          : `at least one of ${keys.join(", ")}`,
        found,
        suggestion: isText ? 'add {"en": "…"}' : `add a key, or remove ${label}`,
      };
    }
    case "check":
      if (req === isSafeHref) {
        return {
          message: `link ${quote(text)} uses a scheme that is not allowed`,
          expected: "an https:, http:, mailto: or relative URL",
          found: preview(value),
          suggestion: "link to a web page, e.g. https://docs.example.com/billing",
        };
      }
      return {
        message: `${label} doesn't say what failed`,
        expected: `at least one of ${FAILURE_KINDS.join(", ")}`,
        found,
        suggestion:
          '"page" only narrows where; add e.g. "request": {"url": "/api/**", "status": "5xx"}',
      };
  }
  return {
    message: `${label} is not valid${issue ? `: ${issue.message}` : ""}`,
    expected: describe(n, key),
    found,
  };
}
