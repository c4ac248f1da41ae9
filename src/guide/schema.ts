/**
 * The guide file format (SPEC §3) as valibot schemas: the one definition the TypeScript types,
 * the runtime checks (validate.ts) and, later, the published JSON Schema are derived from.
 *
 * Descriptions and examples stay out of these runtime objects to keep the bundle small; to
 * annotate a schema for the JSON Schema, wrap it where it is used
 * (`v.pipe(X, v.description(docs.x))`) in the generator, not here.
 * Objects are strict: an unknown key is an error, so typos never pass silently.
 */
import * as v from "valibot";
import { safeHref } from "./markdown";

// ---- Patterns (exported so validate.ts can explain which rule a value broke) ----------------

/** Guide ids: lower-case letters, digits and "-" (they appear in URLs and storage keys). */
export const GUIDE_ID_PATTERN = /^[a-z0-9-]+$/;
/** Step and help ids: letters, digits, "_" and "-". */
export const STEP_ID_PATTERN = /^[A-Za-z0-9_-]+$/;
/** Locale map keys, BCP 47-ish: "en", "de-CH", "zh-Hans-CN". */
export const LOCALE_PATTERN = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;
/** HTTP methods a request match may name (case-insensitive; normalised to upper case). */
export const HTTP_METHOD_PATTERN = /^(?:get|head|post|put|patch|delete|options)$/i;
/** Link targets: https:, http:, mailto: or a relative URL (no other scheme). */
/**
 * Links allow https:, http:, mailto: and relative URLs only — judged the way the browser will
 * read the URL (`java\tscript:` and entity-encoded schemes are refused), by `safeHref`.
 */
export const isSafeHref = (href: string): boolean => safeHref(href) !== null;

/** The keys of a failure matcher of which at least one must be given (`page` only scopes). */
export const FAILURE_KINDS = ["request", "error", "invalid", "event", "stall", "rage"] as const;

// ---- Small building blocks ------------------------------------------------------------------

const text = v.string();
const optional = v.exactOptional;

/** A string, or a locale map like `{"en": "Next", "zh-CN": "下一步"}` with at least one entry. */
export const LocalizedTextSchema = v.union([
  v.string(),
  v.pipe(v.record(v.pipe(v.string(), v.regex(LOCALE_PATTERN)), v.string()), v.minEntries(1)),
]);
export type LocalizedText = v.InferOutput<typeof LocalizedTextSchema>;

export const StatusPatternSchema = v.union([
  v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(599)),
  v.picklist(["1xx", "2xx", "3xx", "4xx", "5xx"]),
]);
export type StatusPattern = v.InferOutput<typeof StatusPatternSchema>;

export const RequestMatchSchema = v.strictObject({
  url: text,
  method: optional(v.pipe(v.string(), v.regex(HTTP_METHOD_PATTERN), v.toUpperCase())),
  status: optional(
    v.union([StatusPatternSchema, v.pipe(v.array(StatusPatternSchema), v.minLength(1))]),
  ),
  network: optional(v.boolean()),
  json: optional(v.record(v.string(), v.union([v.string(), v.number(), v.boolean(), v.null()]))),
});
export type RequestMatch = v.InferOutput<typeof RequestMatchSchema>;

export const UserMatchSchema = v.union([
  v.string(),
  v.number(),
  v.boolean(),
  v.null(),
  v.strictObject({
    in: v.pipe(v.array(v.union([v.string(), v.number(), v.boolean()])), v.minLength(1)),
  }),
  v.strictObject({ lt: v.number() }),
  v.strictObject({ gt: v.number() }),
  v.strictObject({ exists: v.boolean() }),
]);
export type UserMatch = v.InferOutput<typeof UserMatchSchema>;

// ---- Conditions (recursive) -----------------------------------------------------------------

const conditionLeafEntries = {
  page: optional(text),
  element: optional(text),
  event: optional(text),
  user: optional(v.record(v.string(), UserMatchSchema)),
  done: optional(text),
  notDone: optional(text),
};
type ConditionLeaf = v.InferOutput<v.StrictObjectSchema<typeof conditionLeafEntries, undefined>>;

/** All given keys must hold; `all`/`any`/`not` combine nested conditions. */
export type Condition = ConditionLeaf & {
  all?: Condition[];
  any?: Condition[];
  not?: Condition;
};

const lazyCondition = v.lazy((): v.GenericSchema<Condition> => ConditionSchema);
const conditionEntries = {
  ...conditionLeafEntries,
  all: optional(v.pipe(v.array(lazyCondition), v.minLength(1))),
  any: optional(v.pipe(v.array(lazyCondition), v.minLength(1))),
  not: optional(lazyCondition),
};

export const ConditionSchema: v.GenericSchema<Condition> = v.pipe(
  v.strictObject(conditionEntries),
  v.minEntries(1),
);

/** A condition, or a request match: the user reached the guide's outcome. */
export const GoalSchema = v.pipe(
  v.strictObject({ ...conditionEntries, request: optional(RequestMatchSchema) }),
  v.minEntries(1),
);
export type Goal = v.InferOutput<typeof GoalSchema>;

// ---- Steps ----------------------------------------------------------------------------------

const selectorOrTarget = v.union([v.string(), v.literal(true)]);

export const AdvanceSchema = v.union([
  v.literal("next"),
  v.strictObject({ click: selectorOrTarget }),
  v.strictObject({ input: selectorOrTarget, matches: optional(text) }),
  v.strictObject({ page: text }),
  v.strictObject({ element: text }),
  v.strictObject({ event: text }),
  v.strictObject({ request: RequestMatchSchema }),
]);
export type Advance = v.InferOutput<typeof AdvanceSchema>;

export const BranchSchema = v.strictObject({ when: optional(ConditionSchema), goto: text });
export type Branch = v.InferOutput<typeof BranchSchema>;

export const NextSchema = v.union([v.string(), v.pipe(v.array(BranchSchema), v.minLength(1))]);
export type Next = v.InferOutput<typeof NextSchema>;

export const OnFailSchema = v.union([
  v.strictObject({ help: text }),
  v.strictObject({ goto: text }),
]);
export type OnFail = v.InferOutput<typeof OnFailSchema>;

const SIDES = ["top", "right", "bottom", "left"] as const;
export const PlacementSchema = v.picklist(
  SIDES.flatMap((side) => [side, `${side}-start`, `${side}-end`] as const),
);
export type Placement = v.InferOutput<typeof PlacementSchema>;

export const ActionSchema = v.variant("do", [
  v.strictObject({ do: v.literal("point"), target: text }),
  v.strictObject({ do: v.literal("click"), target: text }),
  v.strictObject({ do: v.literal("type"), target: text, text }),
  v.strictObject({ do: v.literal("select"), target: text, value: text }),
  v.strictObject({ do: v.literal("wait"), ms: v.pipe(v.number(), v.minValue(0)) }),
  v.strictObject({ do: v.literal("say"), text: LocalizedTextSchema }),
]);
export type Action = v.InferOutput<typeof ActionSchema>;

export const StepSchema = v.strictObject({
  id: v.pipe(v.string(), v.regex(STEP_ID_PATTERN)),
  target: optional(text),
  title: LocalizedTextSchema,
  body: optional(LocalizedTextSchema),
  placement: optional(PlacementSchema),
  page: optional(text),
  advance: optional(AdvanceSchema),
  next: optional(NextSchema),
  onFail: optional(OnFailSchema),
  wait: optional(v.pipe(v.number(), v.minValue(0))),
  ifMissing: optional(v.picklist(["modal", "skip", "end"])),
  stallAfter: optional(v.pipe(v.number(), v.gtValue(0))),
  demo: optional(v.array(ActionSchema)),
  demoMayCommit: optional(v.boolean()),
  demoKeepValues: optional(v.boolean()),
});
export type Step = v.InferOutput<typeof StepSchema>;

// ---- Help -----------------------------------------------------------------------------------

export const FailureMatchSchema = v.pipe(
  v.strictObject({
    page: optional(text),
    request: optional(RequestMatchSchema),
    error: optional(v.strictObject({ message: optional(text), source: optional(text) })),
    invalid: optional(text),
    event: optional(text),
    code: optional(text),
    stall: optional(v.strictObject({ guide: optional(text), step: optional(text) })),
    rage: optional(text),
  }),
  v.check((match) => FAILURE_KINDS.some((kind) => kind in match)),
);
export type FailureMatch = v.InferOutput<typeof FailureMatchSchema>;

const label = LocalizedTextSchema;
export const HelpActionSchema = v.union([
  v.strictObject({ label, guide: text, step: optional(text), demo: optional(v.boolean()) }),
  v.strictObject({ label, href: v.pipe(v.string(), v.check(isSafeHref)) }),
  v.strictObject({ label, report: v.literal(true) }),
]);
export type HelpAction = v.InferOutput<typeof HelpActionSchema>;

export const HelpSchema = v.strictObject({
  id: v.pipe(v.string(), v.regex(STEP_ID_PATTERN)),
  when: FailureMatchSchema,
  times: optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  within: optional(v.pipe(v.number(), v.gtValue(0))),
  target: optional(text),
  title: LocalizedTextSchema,
  body: optional(LocalizedTextSchema),
  actions: optional(v.array(HelpActionSchema)),
});
export type Help = v.InferOutput<typeof HelpSchema>;

// ---- Guide ----------------------------------------------------------------------------------

export const GuideSchema = v.strictObject({
  $schema: optional(text),
  id: v.pipe(v.string(), v.regex(GUIDE_ID_PATTERN)),
  version: optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  title: LocalizedTextSchema,
  summary: optional(LocalizedTextSchema),
  start: optional(ConditionSchema),
  frequency: optional(v.picklist(["once", "until-done", "always"])),
  goal: optional(GoalSchema),
  stallAfter: optional(v.pipe(v.number(), v.gtValue(0))),
  steps: optional(v.array(StepSchema)),
  help: optional(v.array(HelpSchema)),
});
export type Guide = v.InferOutput<typeof GuideSchema>;
