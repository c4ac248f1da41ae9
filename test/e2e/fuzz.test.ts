/**
 * Fuzzed guides through the widget (issue #8, part 4): the same 2,000 seeded mutations as
 * test/unit/fuzz-guides.test.ts, 200 per page through `Waymark.init({ guides: [...] })` in
 * Chromium. No page error, no internal error, no hang, no prototype pollution, and the console
 * names every guide the validator rejects (`[Waymark] config.guides[i] $…: reason`).
 */
import { afterAll, describe, expect, it } from "vitest";
import { validateGuide } from "../../src/guide/validate";
import { fuzzCases, SEED } from "../fixtures/fuzz/mutate";
import { eventually, unexpectedErrors, useBrowser } from "./browser";

const COUNT = 2000;
const BATCH = 200;
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : SEED;
const cases = fuzzCases(COUNT, seed);
const browser = useBrowser();
const blocked: number[] = [];
afterAll(() =>
  console.info(
    `fuzz (Chromium): init() + the next task, per ${BATCH} guides: ${Math.max(...blocked)} ms (${blocked.join(", ")})`,
  ),
);

type W = Window & { Waymark: { init(config: unknown): void; __loaded?: boolean } };

describe.concurrent(`${COUNT} fuzzed guides in Chromium, ${BATCH} per page (seed ${seed})`, () => {
  for (let start = 0; start < COUNT; start += BATCH) {
    const batch = cases.slice(start, start + BATCH);
    it(`cases ${start}–${start + batch.length - 1}: no page error, no pollution, every rejected guide named`, async () => {
      const opened = await browser.open("/test/fixtures/fuzz/page.html");
      const { page } = opened;
      await page.waitForFunction(() => (window as unknown as W).Waymark?.__loaded === true);
      const rejected = batch.flatMap((c, i) =>
        validateGuide(c.guide, `config.guides[${i}]`).ok ? [] : [i],
      );
      // JSON text, so "__proto__" stays an own key in the page (JSON.parse keeps it).
      const text = JSON.stringify(batch.map((c) => c.guide));
      const took = await page.evaluate(async (json) => {
        const guides = JSON.parse(json) as unknown;
        const before = Object.getOwnPropertyNames(Object.prototype).length;
        let started = performance.now();
        (window as unknown as W).Waymark.init({ guides });
        const ms = performance.now() - started;
        // How long the page waits for its next task while Waymark checks 200 guides.
        started = performance.now();
        await new Promise((resolve) => setTimeout(resolve, 0));
        return { ms, blocked: performance.now() - started, before };
      }, text);
      blocked.push(Math.round(took.ms + took.blocked));
      // Inline guides are checked inside init(): ~1 ms for a real guide, up to ~1 s here for 200
      // guides full of 200 k-character strings and 1,000-level nesting.
      expect(took.ms, "init() with 200 hostile guides").toBeLessThan(5000);
      expect(took.blocked, "the page is not frozen while 200 guides are checked").toBeLessThan(
        5000,
      );
      await eventually(() => {
        const missing = rejected.filter(
          (i) =>
            !opened.waymarkMessages.some((m) => m.startsWith(`[Waymark] config.guides[${i}] $`)),
        );
        expect(missing, "rejected guides not named in the console").toEqual([]);
      }, 20_000);
      const after = await page.evaluate(() => ({
        objectKeys: Object.getOwnPropertyNames(Object.prototype).length,
        arrayPolluted: Object.getOwnPropertyNames(Array.prototype).includes("polluted"),
        polluted: ({} as Record<string, unknown>).polluted,
        // The page still answers (no hang in Waymark's work on the main thread).
        alive: document.getElementById("target")?.textContent,
      }));
      expect(after).toEqual({
        objectKeys: took.before,
        arrayPolluted: false,
        polluted: undefined,
        alive: "Target",
      });
      expect(unexpectedErrors(opened)).toEqual([]);
      await opened.context.close();
    }, 60_000);
  }
});
