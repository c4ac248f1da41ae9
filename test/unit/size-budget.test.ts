// @vitest-environment node
/**
 * The size budget (scripts/size.mjs, run by `npm run build` and so by `npm test`): a bundle
 * over its gzip limit in package.json fails the build with a message that says what grew, by
 * how much, and where the limit lives. Run against a throwaway project folder, with the limit
 * lowered below the file's size, so the test does not depend on the current build.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const SCRIPT = fileURLToPath(new URL("../../scripts/size.mjs", import.meta.url));
const root = mkdtempSync(path.join(tmpdir(), "waymark-size-"));
mkdirSync(path.join(root, "dist"));
// Incompressible-ish content so the gzip size is predictable enough: ~3 KB gzip.
let seed = 1;
const noise = () =>
  Array.from(
    { length: 4000 },
    () => ((seed = (seed * 48271) % 2147483647), String.fromCharCode(33 + (seed % 90))),
  ).join("");
writeFileSync(path.join(root, "dist/waymark.js"), `/*core*/${noise()}`);
writeFileSync(path.join(root, "dist/waymark-insights.js"), `/*part*/${noise()}`);
writeFileSync(
  path.join(root, "package.json"),
  JSON.stringify({
    waymark: { budgets: { "dist/waymark.js": 100_000, "dist/waymark*.js": 200_000 } },
  }),
);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const run = (...args: string[]) =>
  spawnSync(process.execPath, [SCRIPT, "--root", root, ...args], { encoding: "utf8" });

describe("size budget", () => {
  it("passes within the limits of package.json and prints raw, gzip and brotli sizes", () => {
    const result = run();
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /dist\/waymark\.js \(script tag, first load, JS\+CSS\): [\d.]+ KB raw · [\d.]+ KB gzip · [\d.]+ KB brotli · budget/,
    );
    expect(result.stdout).toMatch(/dist\/waymark\*\.js \(2 files\)/);
    expect(result.stderr).toBe("");
  });

  it("fails the build when the script-tag bundle grows past a lowered limit, saying what, by how much and where", () => {
    const result = run("--budget", "dist/waymark.js=1000");
    expect(result.status).toBe(1);
    const gzip = Number(/dist\/waymark\.js: (\d+) bytes gzip/.exec(result.stderr)?.[1]);
    expect(gzip).toBeGreaterThan(1000);
    expect(result.stderr).toContain("✗ Size budget exceeded");
    expect(result.stderr).toContain(
      `dist/waymark.js: ${gzip} bytes gzip, over its budget of 1000 by ${gzip - 1000} bytes`,
    );
    expect(result.stderr).toContain('package.json → "waymark" → "budgets"');
    expect(result.stderr).toContain("deliberate decision");
    // The other budget still holds and is not reported.
    expect(result.stderr).not.toContain("dist/waymark*.js:");
  });

  it("sums every file of a glob budget (first load plus the parts loaded on demand)", () => {
    const result = run("--budget", "dist/waymark*.js=4000", "--json");
    expect(result.status).toBe(1);
    const rows = JSON.parse(result.stdout) as { key: string; files: string[]; gzip: number }[];
    const total = rows.find((r) => r.key === "dist/waymark*.js")!;
    expect(total.files).toEqual(["dist/waymark-insights.js", "dist/waymark.js"]);
    const core = rows.find((r) => r.key === "dist/waymark.js")!;
    expect(total.gzip).toBeGreaterThan(core.gzip + 2000);
    expect(result.stderr).toMatch(/dist\/waymark\*\.js: \d+ bytes gzip, over its budget of 4000/);
  });

  it("fails when a budgeted file is missing, rather than passing silently", () => {
    const result = run("--budget", "dist/waymark-gone.js=5000");
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("dist/waymark-gone.js not found");
  });
});
