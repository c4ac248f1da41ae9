// @vitest-environment node
/**
 * Fuzzed guides through the validator and the loader (issue #8, part 4): 2,000 seeded
 * mutations of the real guides (test/fixtures/fuzz/mutate.ts). No exception escapes, no case
 * takes long, nothing reaches Object.prototype, and every rejected guide is named (its file)
 * with a reason a designer can read. FUZZ_SEED=<n> replays another seed.
 */
import { describe, expect, it } from "vitest";
import { formatProblem, loadGuides } from "../../src/guide/load";
import { validateGuide } from "../../src/guide/validate";
import { fuzzCases, SEED, type FuzzCase } from "../fixtures/fuzz/mutate";

const COUNT = 2000;
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : SEED;
const cases = fuzzCases(COUNT, seed);
const where = (c: FuzzCase) => `case #${c.index} (seed ${seed}: ${c.mutations.join("; ")})`;

/** Everything reachable from the built-in prototypes that a polluted key could have changed. */
function prototypeState() {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype]
    .map((proto) => Object.getOwnPropertyNames(proto).sort().join(","))
    .join("|");
}

describe(`${COUNT} fuzzed guides (seed ${seed})`, () => {
  it("are reproducible: the same seed gives the same guides", () => {
    expect(JSON.stringify(fuzzCases(25, seed))).toBe(JSON.stringify(cases.slice(0, 25)));
    // Every kind of mutation is exercised.
    const kinds = new Set(cases.flatMap((c) => c.mutations.map((m) => m.split(" ")[0])));
    expect([...kinds].sort()).toEqual([
      "deep",
      "delete",
      "duplicate",
      "huge",
      "pollute",
      "shuffle",
      "swap",
      "unicode",
      "unknown",
    ]);
  });

  it("validateGuide never throws or hangs, never pollutes a prototype, and names every rejected guide with a reason", () => {
    const before = prototypeState();
    let rejected = 0;
    let slowest = 0;
    for (const c of cases) {
      const file = `fuzz-${c.index}.json`;
      const started = performance.now();
      let result: ReturnType<typeof validateGuide>;
      try {
        result = validateGuide(c.guide, file);
      } catch (error) {
        throw new Error(`validateGuide threw on ${where(c)}: ${String(error)}`, { cause: error });
      }
      slowest = Math.max(slowest, performance.now() - started);
      if (!result.ok) {
        rejected++;
        const errors = result.problems.filter((p) => p.severity === "error");
        expect(errors.length, `${where(c)} is rejected with at least one error`).toBeGreaterThan(0);
        for (const p of errors) {
          expect(p.file, where(c)).toBe(file);
          expect(p.path, where(c)).toMatch(/^\$/);
          expect(p.message.trim().length, `${where(c)} has a message`).toBeGreaterThan(0);
          const line = formatProblem(p);
          expect(line.startsWith(`${file} $`), where(c)).toBe(true);
          // A reason is one readable line, even for a 200 k-character value.
          expect(line.length, `${where(c)} problem line length`).toBeLessThan(2000);
        }
      } else {
        // An accepted guide is clean data: no prototype keys survive into it.
        expect(JSON.stringify(result.guide), where(c)).not.toMatch(/"(__proto__|prototype)"/);
      }
    }
    expect(prototypeState()).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(rejected).toBeGreaterThan(COUNT / 2);
    expect(slowest, "the slowest case, in ms").toBeLessThan(2000);
    console.info(
      `fuzz (validator): ${COUNT} cases, ${rejected} rejected, ${COUNT - rejected} accepted, slowest ${Math.round(slowest)} ms`,
    );
  });

  it("loadGuides with 200 inline guides at a time never rejects, and names each rejected one by its index", async () => {
    const before = prototypeState();
    const fetchNothing = (() =>
      Promise.reject(new Error("no fetch in this test"))) as unknown as typeof fetch;
    let loaded = 0;
    for (let start = 0; start < COUNT; start += 200) {
      const batch = cases.slice(start, start + 200);
      const result = await loadGuides(
        batch.map((c) => c.guide),
        { fetch: fetchNothing, baseUrl: "https://example.com/" },
      );
      loaded += result.guides.length;
      const named = new Set(
        result.problems.filter((p) => p.severity === "error").map((p) => p.file),
      );
      batch.forEach((c, i) => {
        const file = `config.guides[${i}]`;
        if (!validateGuide(c.guide, file).ok)
          expect(named.has(file), `${where(c)} is named as ${file}`).toBe(true);
      });
      // Only valid guides are loaded, each id once.
      const ids = result.guides.map((g) => g.guide.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
    expect(prototypeState()).toBe(before);
    console.info(`fuzz (loader): ${COUNT} cases in batches of 200, ${loaded} guides loaded`);
  });
});
