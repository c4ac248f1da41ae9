/**
 * The guide format as a JSON Schema (draft 2020-12), derived from the valibot schemas in
 * src/guide/schema.ts with @valibot/to-json-schema and annotated with the descriptions and
 * examples of src/guide/docs.ts. `npm run build` writes it to dist/guide.schema.json
 * (scripts/build-schema.mjs); guides point to it with "$schema" so editors autocomplete and
 * flag mistakes while a designer types.
 */
import { toJsonSchema, type JsonSchema } from "@valibot/to-json-schema";
import type * as v from "valibot";
import { EXAMPLE_GUIDE, FIELD_DOCS, OBJECT_DOCS, type FieldDoc } from "../guide/docs";
import { GUIDE_DOCS } from "../guide/problem";
import {
  ActionSchema,
  AdvanceSchema,
  BranchSchema,
  ConditionSchema,
  FAILURE_KINDS,
  FailureMatchSchema,
  GoalSchema,
  GuideSchema,
  HelpActionSchema,
  HelpSchema,
  isSafeHref,
  LocalizedTextSchema,
  NextSchema,
  OnFailSchema,
  PlacementSchema,
  RequestMatchSchema,
  StatusPatternSchema,
  StepSchema,
  UserMatchSchema,
} from "../guide/schema";
import { asNode, type Node } from "../guide/schema-nodes";

type AnySchema = v.GenericSchema;

/** The named parts of the format: `$defs` in the JSON Schema, sections in the docs. */
export const DEFINITIONS: Record<string, AnySchema> = {
  Step: StepSchema,
  Advance: AdvanceSchema,
  Next: NextSchema,
  Branch: BranchSchema,
  OnFail: OnFailSchema,
  Action: ActionSchema,
  Placement: PlacementSchema,
  Condition: ConditionSchema,
  Goal: GoalSchema,
  RequestMatch: RequestMatchSchema,
  StatusPattern: StatusPatternSchema,
  UserMatch: UserMatchSchema,
  Help: HelpSchema,
  FailureMatch: FailureMatchSchema,
  HelpAction: HelpActionSchema,
  LocalizedText: LocalizedTextSchema,
};

/** A field and its schema in each object form that has it (union branches, action kinds). */
export type SchemaField = { owner: string; field: string; schemas: AnySchema[] };

/**
 * Every field of every object in the format, named by the object that holds it (see docs.ts):
 * what must have a description and an example.
 */
export function schemaFields(): SchemaField[] {
  return [...walkObjects().fields];
}

/** Walks the schemas once: the name of every object node, and every field. */
function walkObjects() {
  const names = new Map<Node, string>();
  const fields: SchemaField[] = [];
  const named = new Map<Node, string>(
    Object.entries(DEFINITIONS).map(([name, schema]) => [asNode(schema), name]),
  );
  const visit = (node: Node, owner: string, root: boolean, depth: number): void => {
    if (depth > 20 || (!root && named.has(node))) return;
    if (node.pipe) {
      const inner = asNode(node.pipe[0]);
      if (inner !== node) visit(inner, owner, true, depth + 1);
    }
    switch (node.type) {
      case "strict_object":
        if (names.has(node)) return;
        names.set(node, owner);
        for (const [field, entry] of Object.entries(node.entries ?? {})) {
          const known = fields.find((f) => f.owner === owner && f.field === field);
          if (known) known.schemas.push(entry as unknown as AnySchema);
          else fields.push({ owner, field, schemas: [entry as unknown as AnySchema] });
          visit(entry, `${owner}.${field}`, false, depth + 1);
        }
        return;
      case "union":
      case "variant":
        for (const option of node.options ?? []) visit(asNode(option), owner, false, depth + 1);
        return;
      case "array":
        if (node.item) visit(node.item, owner, false, depth + 1);
        return;
      case "record":
        if (node.value) visit(node.value, owner, false, depth + 1);
        return;
      case "exact_optional":
      case "optional":
        if (node.wrapped) visit(node.wrapped, owner, false, depth + 1);
        return;
      case "lazy":
        if (node.getter) visit(node.getter(undefined), owner, false, depth + 1);
        return;
    }
  };
  visit(asNode(GuideSchema), "Guide", true, 0);
  for (const [name, schema] of Object.entries(DEFINITIONS)) visit(asNode(schema), name, true, 0);
  return { names, fields };
}

/** Why a field has no usable docs, or undefined when it has. */
export function missingDocs(owner: string, field: string): string | undefined {
  const doc = FIELD_DOCS[owner]?.[field];
  if (!doc) return `${owner}.${field} has no entry in src/guide/docs.ts`;
  if (!doc.description.trim()) return `${owner}.${field} has an empty description`;
  return undefined;
}

/** The JSON Schema of a guide file. Throws when a field has no description or example. */
export function guideJsonSchema(): JsonSchema {
  const { names } = walkObjects();
  const missing = schemaFields()
    .map(({ owner, field }) => missingDocs(owner, field))
    .filter((m): m is string => m !== undefined);
  if (missing.length) throw new Error(`Undocumented guide fields:\n${missing.join("\n")}`);

  const schema = toJsonSchema(GuideSchema, {
    target: "draft-2020-12",
    definitions: DEFINITIONS,
    overrideSchema({ valibotSchema, jsonSchema }) {
      const owner = names.get(asNode(valibotSchema));
      if (!owner || !jsonSchema.properties) return undefined;
      for (const [field, property] of Object.entries(jsonSchema.properties)) {
        const doc = FIELD_DOCS[owner]?.[field];
        if (doc && typeof property === "object") annotate(property, doc, owner);
      }
      if (Array.isArray(jsonSchema.required) && jsonSchema.required.length === 0)
        delete jsonSchema.required;
      return jsonSchema;
    },
    overrideAction({ valibotAction, jsonSchema }) {
      const action = valibotAction as { type: string; requirement?: unknown };
      if (action.type === "to_upper_case") return jsonSchema;
      if (action.type === "regex" && action.requirement instanceof RegExp) {
        const { source, flags } = action.requirement;
        if (flags === "i") return { ...jsonSchema, pattern: caseInsensitive(source) };
      }
      if (action.type === "check" && action.requirement === isSafeHref) {
        return { ...jsonSchema, pattern: SAFE_HREF_PATTERN };
      }
      if (action.type === "check" && valibotAction === FailureMatchSchema.pipe[1]) {
        return { ...jsonSchema, anyOf: FAILURE_KINDS.map((kind) => ({ required: [kind] })) };
      }
      return undefined;
    },
  });

  for (const [name, definition] of Object.entries(schema.$defs ?? {})) {
    const doc = OBJECT_DOCS[name];
    if (doc && typeof definition === "object") {
      definition.description = doc.description;
      (definition as Record<string, unknown>)["markdownDescription"] =
        `${doc.description}\n\n[Guide docs](${GUIDE_DOCS}#${doc.anchor})`;
    }
  }
  return {
    $schema: schema.$schema,
    $id: "https://waymark.dev/guide.schema.json",
    title: "Waymark guide",
    description: OBJECT_DOCS["Guide"]!.description,
    examples: [EXAMPLE_GUIDE],
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== "$schema")),
  } as JsonSchema;
}

/** Adds a field's description and example, and a hover text with a link to the docs. */
function annotate(property: JsonSchema, doc: FieldDoc, owner: string) {
  const anchor = OBJECT_DOCS[owner.split(".")[0]!]?.anchor ?? "guide-file";
  property.description = doc.description;
  property.examples = [doc.example as never];
  (property as Record<string, unknown>)["markdownDescription"] =
    `${doc.description}\n\nExample: \`${JSON.stringify(doc.example)}\`\n\n[Guide docs](${GUIDE_DOCS}#${anchor})`;
}

/**
 * Links an editor accepts while typing: https:, http:, mailto: or no scheme at all. The
 * validator judges links exactly (safeHref); this pattern is the editor's approximation.
 */
const SAFE_HREF_PATTERN =
  "^(?:[Hh][Tt][Tt][Pp][Ss]?:|[Mm][Aa][Ii][Ll][Tt][Oo]:|(?![A-Za-z][A-Za-z0-9+.-]*:))";

/** JSON Schema patterns have no flags: `get` → `[gG][eE][tT]` (outside classes and escapes). */
function caseInsensitive(source: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === "\\") {
      out += c + (source[++i] ?? "");
      continue;
    }
    if (c === "[") inClass = true;
    else if (c === "]") inClass = false;
    const lower = c.toLowerCase();
    const upper = c.toUpperCase();
    out += !inClass && lower !== upper ? `[${lower}${upper}]` : c;
  }
  return out;
}
