// @vitest-environment node
/**
 * The guide format is documented in three places derived from or checked against schema.ts:
 * src/guide/docs.ts (descriptions and examples for the JSON Schema), dist/guide.schema.json,
 * and docs/guides.md. These tests fail when a field is added to the schema without docs.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { guideJsonSchema, schemaFields } from "../../../src/cli/json-schema";
import { EXAMPLE_GUIDE, FIELD_DOCS, OBJECT_DOCS } from "../../../src/guide/docs";
import { validateGuide } from "../../../src/guide/validate";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const fields = schemaFields();

describe("src/guide/docs.ts", () => {
  it("finds the fields of every object of the format", () => {
    const owners = new Set(fields.map((f) => f.owner));
    for (const owner of [
      "Guide",
      "Step",
      "Advance",
      "Branch",
      "OnFail",
      "Action",
      "Condition",
      "Goal",
      "RequestMatch",
      "UserMatch",
      "Help",
      "FailureMatch",
      "FailureMatch.error",
      "FailureMatch.stall",
      "HelpAction",
    ])
      expect(owners, owner).toContain(owner);
    expect(fields.length).toBeGreaterThan(90);
  });

  it.each(fields.map((f) => [`${f.owner}.${f.field}`, f] as const))(
    "documents %s with a fitting example",
    (_name, field) => {
      const doc = FIELD_DOCS[field.owner]?.[field.field];
      expect(doc, `add ${field.owner}.${field.field} to src/guide/docs.ts`).toBeDefined();
      expect(doc!.description.length).toBeGreaterThan(10);
      const fits = field.schemas.some((schema) => v.safeParse(schema, doc!.example).success);
      expect(
        fits,
        `the example of ${field.owner}.${field.field} doesn't fit: ${JSON.stringify(doc!.example)}`,
      ).toBe(true);
    },
  );

  it("has no entries for fields the schema doesn't have", () => {
    const known = new Set(fields.map((f) => `${f.owner}.${f.field}`));
    const documented = Object.entries(FIELD_DOCS).flatMap(([owner, entries]) =>
      Object.keys(entries).map((field) => `${owner}.${field}`),
    );
    expect(documented.filter((name) => !known.has(name))).toEqual([]);
  });

  it("has a valid example guide", () => {
    expect(validateGuide(EXAMPLE_GUIDE, "example.json")).toMatchObject({ ok: true, problems: [] });
  });
});

describe("the JSON Schema (dist/guide.schema.json)", () => {
  const schema = guideJsonSchema() as Record<string, unknown>;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);

  it("is draft 2020-12 with every object field described and exemplified", () => {
    expect(schema["$schema"]).toBe("https://json-schema.org/draft/2020-12/schema");
    const missing: string[] = [];
    const walk = (node: unknown, at: string) => {
      if (typeof node !== "object" || node === null) return;
      const n = node as Record<string, unknown>;
      if (n["properties"] && typeof n["properties"] === "object") {
        for (const [key, property] of Object.entries(
          n["properties"] as Record<string, Record<string, unknown>>,
        )) {
          if (typeof property["description"] !== "string" || !Array.isArray(property["examples"]))
            missing.push(`${at}.${key}`);
        }
      }
      for (const [key, child] of Object.entries(n))
        if (key !== "examples") walk(child, `${at}/${key}`);
    };
    walk(schema, "#");
    expect(missing).toEqual([]);
  });

  it("accepts every guide in guides/", () => {
    const index = JSON.parse(readFileSync(path.join(ROOT, "guides/index.json"), "utf8")) as {
      guides: string[];
    };
    for (const name of index.guides) {
      const guide: unknown = JSON.parse(readFileSync(path.join(ROOT, "guides", name), "utf8"));
      expect(validate(guide), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it.each([
    ["an unknown key", { id: "a", title: "A", steps: [{ id: "s", title: "S", tagret: "#x" }] }],
    ["a missing title", { id: "a", steps: [{ id: "s", title: "S" }] }],
    [
      "an unknown advance",
      { id: "a", title: "A", steps: [{ id: "s", title: "S", advance: { clik: "#x" } }] },
    ],
    [
      "a wrong placement",
      { id: "a", title: "A", steps: [{ id: "s", title: "S", placement: "up" }] },
    ],
    ["a guide id with spaces", { id: "A B", title: "A", steps: [{ id: "s", title: "S" }] }],
    [
      "a javascript: link",
      {
        id: "a",
        title: "A",
        help: [
          {
            id: "h",
            title: "H",
            when: { event: "x" },
            actions: [{ label: "x", href: "javascript:alert(1)" }],
          },
        ],
      },
    ],
    [
      "a failure match with only a page",
      { id: "a", title: "A", help: [{ id: "h", title: "H", when: { page: "/x" } }] },
    ],
    [
      "an unknown HTTP method",
      {
        id: "a",
        title: "A",
        help: [{ id: "h", title: "H", when: { request: { url: "/x", method: "SEND" } } }],
      },
    ],
  ])("rejects %s, as the validator does", (_name, guide) => {
    expect(validate(guide)).toBe(false);
    expect(validateGuide(guide, "g.json").ok).toBe(false);
  });

  it("accepts lower-case HTTP methods and relative links, as the validator does", () => {
    const guide = {
      id: "a",
      title: "A",
      help: [
        {
          id: "h",
          title: "H",
          when: { request: { url: "/x", method: "post" } },
          actions: [{ label: "x", href: "/help" }],
        },
      ],
    };
    expect(validate(guide)).toBe(true);
    expect(validateGuide(guide, "g.json").ok).toBe(true);
  });
});

describe("docs/guides.md", () => {
  const markdown = readFileSync(path.join(ROOT, "docs/guides.md"), "utf8");
  const slug = (heading: string) =>
    heading
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9 -]/g, "")
      .replace(/ /g, "-");
  const sections = new Map<string, string>();
  for (const part of markdown.split(/^## /m).slice(1)) {
    const [heading = "", ...rest] = part.split("\n");
    sections.set(slug(heading), rest.join("\n"));
  }

  it.each(["guide-file", "step", "advance", "condition", "action", "help"])(
    "has the section #%s that error messages link to",
    (anchor) => {
      expect(sections.has(anchor)).toBe(true);
    },
  );

  it.each(Object.keys(FIELD_DOCS))("documents every field of %s in its section", (owner) => {
    const anchor = OBJECT_DOCS[owner.split(".")[0]!]!.anchor;
    const section = sections.get(anchor);
    expect(
      section,
      `docs/guides.md needs a "## " section with the anchor #${anchor}`,
    ).toBeDefined();
    const undocumented = fields
      .filter((f) => f.owner === owner && !section!.includes(`\`${f.field}\``))
      .map((f) => f.field);
    expect(undocumented, `add these fields of ${owner} to #${anchor} in docs/guides.md`).toEqual(
      [],
    );
  });
});
