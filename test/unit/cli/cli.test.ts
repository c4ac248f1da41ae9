// @vitest-environment node
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseJsonSource } from "../../../src/cli/json-source";
import { findMissingLocales } from "../../../src/cli/lint/missing-locales";
import { findUnreachableSteps } from "../../../src/cli/lint/unreachable-steps";
import { planVisits } from "../../../src/cli/check-plan";
import type { Guide } from "../../../src/guide/schema";
import { ROOT, runCli } from "./run";

const INVALID = path.join(ROOT, "test/corpus/invalid");

describe("waymark (arguments and exit status)", () => {
  it.each([
    [[], 2, "Usage:"],
    [["--help"], 0, "waymark validate <files or folders…>"],
    [["valdate", "guides/"], 2, 'unknown command "valdate"; did you mean "validate"?'],
    [
      ["validate", "--fromat", "json", "guides/"],
      2,
      'unknown option --fromat; did you mean "--format"?',
    ],
    [["validate", "--format", "xml", "guides/"], 2, "--format must be text, json, github"],
    [["validate", "nowhere/"], 2, 'there is no file or folder "nowhere/"'],
    [["validate"], 2, "name the guide files or folders to check"],
    [["check", "guides/"], 2, "waymark check needs the app's address: --url"],
  ])("waymark %j exits %i", async (args, code, text) => {
    const result = await runCli(args);
    expect(result.code).toBe(code);
    expect(result.stdout + result.stderr).toContain(text);
  });

  it("prints file:line:column, path, expected, found, fix and docs", async () => {
    const { code, stdout } = await runCli(["validate", "13-wait-with-unit.json"], INVALID);
    expect(stdout).toBe(
      [
        '13-wait-with-unit.json:11:7: error: "wait" must be a number',
        "    at        $.steps[0].wait",
        "    expected  a number of milliseconds ≥ 0",
        '    found     "5s"',
        "    fix       write the number of milliseconds without quotes: 5000",
        "    docs      https://github.com/waymark-dev/waymark/blob/main/docs/guides.md#step",
        "",
        "✖ 1 error, 0 warnings in 1 file",
        "",
      ].join("\n"),
    );
    expect(code).toBe(1);
  });

  it("fails on warnings only with --strict", async () => {
    const warnings = path.join(ROOT, "test/corpus/warnings");
    expect((await runCli(["validate", "01-unreachable-step.json"], warnings)).code).toBe(0);
    expect(
      (await runCli(["validate", "--strict", "01-unreachable-step.json"], warnings)).code,
    ).toBe(1);
  });

  it("writes GitHub Actions annotations", async () => {
    const { stdout } = await runCli(
      ["validate", "--format=github", "07-unknown-key-typo.json"],
      INVALID,
    );
    expect(stdout).toMatch(
      /^::error file=07-unknown-key-typo\.json,line=10,col=7,title=unknown key "tagret"::\$\.steps\[0\]\.tagret%0A/,
    );
  });
});

describe("JSON source positions", () => {
  const text =
    '{\n  "id": "a",\n  "steps": [\n    { "id": "x", "title": "X" },\n    {"id": "y"}\n  ],\n  "odd key": {"k": 1}\n}';
  const source = parseJsonSource(text);
  it.each([
    ["$", 1, 1],
    ["$.id", 2, 3],
    ["$.steps", 3, 3],
    ["$.steps[0]", 4, 5],
    ["$.steps[0].title", 4, 18],
    ["$.steps[1].id", 5, 6],
    ['$["odd key"].k', 7, 15],
    ["$.steps[1].missing.deeper", 5, 5],
  ])("locates %s at %i:%i", (at, line, column) => {
    if (!source.ok) throw new Error("expected valid JSON");
    expect(source.locate(at)).toEqual({ line, column });
  });

  it("finds duplicate keys and syntax errors, and survives deep nesting", () => {
    const dup = parseJsonSource('{"a": 1,\n "a": 2}');
    expect(dup.ok && dup.duplicates).toEqual([
      { path: "$.a", key: "a", first: { line: 1, column: 2 }, second: { line: 2, column: 2 } },
    ]);
    const broken = parseJsonSource('{\n  "a": 1,\n}');
    expect(broken.ok ? undefined : broken.position).toEqual({ line: 2, column: 9 });
    const deep = parseJsonSource(`${'{"not":'.repeat(20_000)}1${"}".repeat(20_000)}`);
    expect(deep.ok).toBe(true);
  });
});

describe("designer lint", () => {
  const steps = (...list: Guide["steps"] & object) =>
    ({ id: "g", title: "G", steps: list }) as Guide;
  it("counts onFail gotos, branches and help-action entry steps as reachable", () => {
    const guide = steps(
      { id: "a", title: "A", next: [{ when: { page: "/x" }, goto: "c" }, { goto: "d" }] },
      { id: "b", title: "B" },
      {
        id: "c",
        title: "C",
        advance: { request: { url: "/api" } },
        onFail: { goto: "e" },
        next: "d",
      },
      { id: "d", title: "D", next: "a" },
      { id: "e", title: "E", next: "d" },
      { id: "f", title: "F", next: "d" },
    );
    expect(findUnreachableSteps(guide, "g.json").map((p) => p.path)).toEqual([
      "$.steps[1]",
      "$.steps[5]",
    ]);
    expect(findUnreachableSteps(guide, "g.json", new Set(["b", "f"]))).toEqual([]);
  });

  it("treats another region of a language as a translation", () => {
    const guide = {
      id: "g",
      title: { en: "G", de: "G" },
      steps: [
        { id: "a", title: { en: "A", "de-CH": "A" } },
        { id: "b", title: { en: "B" }, body: "plain text is fine" },
      ],
    } as Guide;
    expect(findMissingLocales(guide, "g.json").map((p) => [p.path, p.message])).toEqual([
      [
        "$.steps[1].title",
        'this text has no "de" translation, which other texts in this guide have',
      ],
    ]);
  });
});

describe("waymark check: which pages it opens", () => {
  it("resolves step pages against --url, carries pages forward, and notes patterns", () => {
    const guide = {
      id: "g",
      title: "G",
      start: { page: "/app/" },
      steps: [
        {
          id: "a",
          title: "A",
          target: "#a",
          demo: [
            { do: "point", target: "#a" },
            { do: "click", target: "#b" },
          ],
        },
        {
          id: "b",
          title: "B",
          page: "/app/reports#/yearly",
          target: "#t",
          wait: 500,
          ifMissing: "skip",
        },
        { id: "c", title: "C", target: "#c" },
        { id: "d", title: "D", page: "/app/invoices/*", target: "#d" },
        { id: "e", title: "E", page: "/app/x" },
      ],
    } as Guide;
    const { visits, skipped } = planVisits(
      [{ file: "g.json", guide }],
      "http://127.0.0.1:5173/app/",
    );
    expect(
      visits.map((v) => [
        v.url,
        v.checks.map((c) => `${c.path} ${c.selector} ${c.wait}${c.mayBeMissing ? " skip" : ""}`),
      ]),
    ).toEqual([
      [
        "http://127.0.0.1:5173/app/",
        ["$.steps[0].target #a 4000", "$.steps[0].demo[1].target #b 4000"],
      ],
      [
        "http://127.0.0.1:5173/app/reports#/yearly",
        ["$.steps[1].target #t 500 skip", "$.steps[2].target #c 4000"],
      ],
    ]);
    expect(skipped.map((s) => s.path)).toEqual(["$.steps[3].page"]);
  });
});
