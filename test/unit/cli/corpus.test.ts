// @vitest-environment node
/**
 * The corpus: every file (or folder) under test/corpus/invalid/ is a guide with a mistake a
 * designer makes, and test/corpus/expected/<name>.json says exactly what `waymark validate`
 * reports for it (line, column, JSON path, message, fix) and its exit status. test/corpus/warnings/
 * holds guides that work but are probably not what was meant (exit 0, warnings only).
 * UPDATE_CORPUS=1 rewrites the expected files from the current output; review the diff.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli } from "./run";

const CORPUS = path.join(ROOT, "test/corpus");
const entries = (folder: string) =>
  readdirSync(path.join(CORPUS, folder))
    .filter((name) => !name.startsWith("."))
    .sort()
    .map((name) => [name.replace(/\.json$/, ""), name] as const);

type Problem = Record<string, unknown>;
const shape = (p: Problem) => {
  const out: Problem = {
    file: p["file"],
    line: p["line"],
    column: p["column"],
    path: p["path"],
    severity: p["severity"],
    message: p["message"],
  };
  if (p["suggestion"] !== undefined) out["suggestion"] = p["suggestion"];
  return out;
};

describe.each([
  ["invalid", 1],
  ["warnings", 0],
] as const)("test/corpus/%s", (folder, exitCode) => {
  it("has enough cases", () => {
    expect(entries(folder).length).toBeGreaterThanOrEqual(folder === "invalid" ? 40 : 5);
  });

  it.each(entries(folder))("%s", async (name, entry) => {
    const { code, stdout } = await runCli(
      ["validate", "--format", "json", entry],
      path.join(CORPUS, folder),
    );
    const report = JSON.parse(stdout) as { problems: Problem[] };
    const actual = { exitCode: code, problems: report.problems.map(shape) };
    const expectedFile = path.join(CORPUS, "expected", `${name}.json`);
    if (process.env["UPDATE_CORPUS"] || !existsSync(expectedFile)) {
      writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
    }
    const expected = JSON.parse(readFileSync(expectedFile, "utf8")) as typeof actual;
    expect(actual).toEqual(expected);
    expect(code).toBe(exitCode);
    if (folder === "invalid")
      expect(report.problems.some((p) => p["severity"] === "error")).toBe(true);
    else expect(report.problems.length).toBeGreaterThan(0);
  });
});

describe("guides/", () => {
  it("passes waymark validate with no problems at all", async () => {
    const { code, stdout } = await runCli(["validate", "guides/"]);
    expect(stdout).toMatch(/✔ 0 errors, 0 warnings in \d+ files/);
    expect(code).toBe(0);
  });

  it("points every guide at the published schema", () => {
    for (const name of readdirSync(path.join(ROOT, "guides"))) {
      if (name === "index.json" || !name.endsWith(".json")) continue;
      const guide = JSON.parse(readFileSync(path.join(ROOT, "guides", name), "utf8")) as Record<
        string,
        unknown
      >;
      expect(guide["$schema"], name).toBe("../dist/guide.schema.json");
    }
  });
});
