/**
 * `waymark check` (the built dist/cli.mjs, as `npx waymark` runs it) against the demo app in
 * real Chromium, and the CLI's CSS selector parser against Chromium's own verdicts.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { selectorError } from "../../src/cli/lint/css-selector";
import { baseUrl, CHROMIUM, useBrowser } from "./browser";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CLI = path.join(ROOT, "dist/cli.mjs");

function waymark(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      "node",
      [CLI, ...args],
      { cwd: ROOT, env: { ...process.env, CHROMIUM_PATH: CHROMIUM, NO_COLOR: "1", ...env } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

type Problem = {
  file: string;
  line: number;
  column: number;
  path: string;
  severity: string;
  message: string;
  suggestion?: string;
};

/** This file's demo server (for --url) and a Chromium for the selector table. */
const browser = useBrowser();

beforeAll(() => {
  if (!existsSync(CLI))
    throw new Error(
      "dist/cli.mjs is missing: run `npm run build` first (npm test does it for you).",
    );
});

describe("waymark check", () => {
  it("finds the deliberately broken selector in test/fixtures/check/, and nothing else", async () => {
    const { code, stdout } = await waymark([
      "check",
      "test/fixtures/check/",
      "--url",
      baseUrl(),
      "--format",
      "json",
    ]);
    const report = JSON.parse(stdout) as { problems: Problem[] };
    expect(report.problems).toEqual([
      {
        file: "test/fixtures/check/reports.json",
        line: 23,
        column: 7,
        path: "$.steps[1].target",
        severity: "error",
        message: '"#report-yeraly" matches nothing on /app/reports#/monthly (waited 4 s)',
        suggestion: 'did you mean "#report-yearly"?',
        docs: "https://github.com/waymark-dev/waymark/blob/main/docs/guides.md#step",
      },
    ]);
    expect(code).toBe(1);
  }, 90_000);

  it("prints file:line:column for people", async () => {
    const { code, stdout } = await waymark([
      "check",
      "test/fixtures/check/reports.json",
      "--url",
      `${baseUrl()}/app/`,
    ]);
    expect(stdout).toContain(
      'test/fixtures/check/reports.json:23:7: error: "#report-yeraly" matches nothing on /app/reports#/monthly',
    );
    expect(stdout).toContain("✖ 1 error, 0 warnings in 1 file");
    expect(code).toBe(1);
  }, 90_000);

  it("passes the demo app's own guides (warnings only for steps the guides expect to skip)", async () => {
    const { code, stdout } = await waymark([
      "check",
      "guides/",
      "--url",
      baseUrl(),
      "--format",
      "json",
    ]);
    const report = JSON.parse(stdout) as { problems: Problem[] };
    expect(report.problems.filter((p) => p.severity === "error")).toEqual([]);
    for (const warning of report.problems) expect(warning.message).toContain('"ifMissing": "skip"');
    expect(code).toBe(0);
  }, 180_000);

  it("says clearly when Chromium is missing", async () => {
    const { code, stderr } = await waymark([
      "check",
      "guides/",
      "--url",
      baseUrl(),
      "--chromium",
      "/nowhere/chromium",
    ]);
    expect(stderr).toContain("Chromium was not found at /nowhere/chromium (--chromium)");
    expect(code).toBe(2);
  });
});

describe("the CSS selector check agrees with Chromium", () => {
  const selectors = [
    '#invoice-form[data-currency="USD"]',
    "button[type=submit]",
    ".a:not(.b):hover > span + em ~ i",
    'a[href$=".pdf" i]',
    "td:nth-child(2n-1)",
    "p:nth-child(even of .x)",
    "li:nth-last-of-type(2)",
    "a:is(:hover, .x)",
    "a:where()",
    "a:has(> img)",
    "*|a",
    "|a",
    "#a\\:b",
    ".a\\.b",
    "#\\31 a",
    "#é",
    ":root",
    "& a",
    "a\tb",
    " a ",
    "input::placeholder",
    "a::before",
    ":hvoer",
    "a:visible",
    "button:contains('x')",
    ":has(:has(a))",
    ":not()",
    "a:nth-child(x)",
    "a:nth-child(+ 2n)",
    "#1a",
    ".1a",
    "[data-step=1]",
    'a[b="1" s]',
    "svg|rect",
    "a >",
    "> a",
    "a >> b",
    "a || b",
    "a,",
    ",a",
    "a,,b",
    "a*",
    "**",
    "a!b",
    "a'b",
    "[=b]",
    "[a=]",
    "a:",
    "a::",
    "a.",
    "a#",
    "a[]",
    "a()",
    "a/*x*/b",
    ":lang(en, de)",
    ':lang("en")',
    "a::before:hover",
    "div::before a",
    "",
  ];

  it("on every selector in the table", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const verdicts = await page.evaluate(
      (list) =>
        list.map((s) => {
          try {
            document.querySelectorAll(s);
            return true;
          } catch {
            return false;
          }
        }),
      selectors,
    );
    const disagreements = selectors.flatMap((selector, i) => {
      const accepts = verdicts[i]!;
      const error = selectorError(selector);
      // Pseudo-elements are valid syntax that never matches an element: the check reports them.
      const agrees = accepts ? !error || error.message.includes("pseudo-element") : Boolean(error);
      return agrees
        ? []
        : [
            `${JSON.stringify(selector)}: Chromium ${accepts ? "accepts" : "rejects"} it, the check says ${JSON.stringify(error ?? "fine")}`,
          ];
    });
    expect(disagreements).toEqual([]);
  });
});
