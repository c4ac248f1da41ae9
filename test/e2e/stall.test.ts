/**
 * Stall detection in real Chromium, with the built bundle and the real IndexedDB: a `dwell`
 * stall after a step's short `stallAfter`, Back/Next `oscillation`, `rage` clicks, and the
 * "Show me" nudge on a step with a demo, recorded as resolved when the step then completes.
 */
import type { Page } from "playwright-core";
import { afterEach, describe, expect, test } from "vitest";
import { stepNamed, unexpectedErrors, useBrowser, type OpenedPage } from "./browser";

const APP = "/test/fixtures/stall/app.html";
const browser = useBrowser();
const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 5000 });

let opened: OpenedPage[] = [];
afterEach(() => {
  const pages = opened;
  opened = [];
  for (const page of pages) expect(unexpectedErrors(page)).toEqual([]);
});

type Win = {
  Waymark: {
    start(id: string): void;
    exportData(): Promise<{ events: Array<Record<string, unknown>> }>;
    on(e: string, fn: (p: unknown) => void): void;
  };
};

async function openApp(): Promise<Page> {
  const result = await browser.open(APP);
  result.page.setDefaultTimeout(6000);
  opened.push(result);
  await result.page.waitForFunction(
    () => typeof (window as unknown as Partial<Win>).Waymark?.exportData === "function",
  );
  // Stall API events, as a host would listen to them.
  await result.page.evaluate(() => {
    const w = window as unknown as Win & { stallEvents: unknown[] };
    w.stallEvents = [];
    w.Waymark.on("stall", (payload) => w.stallEvents.push(payload));
  });
  return result.page;
}

const start = (page: Page, guide: string) =>
  page.evaluate((g) => (window as unknown as Win).Waymark.start(g), guide);

/** Stored `stall` events (and nudge resolutions), without ids and times. */
async function stalls(page: Page, types = ["stall"]): Promise<Array<Record<string, unknown>>> {
  const data = await page.evaluate(() => (window as unknown as Win).Waymark.exportData());
  return data.events
    .filter((e) => types.includes(String(e.type)))
    .map(({ id: _id, ts: _ts, v: _v, session: _s, after: _after, ...rest }) => rest);
}

describe("stall detection", () => {
  test('a step open longer than its stallAfter (1 s) records a dwell stall and emits "stall"', async () => {
    const page = await openApp();
    await start(page, "dwell");
    await stepNamed(page, "Take your time").waitFor();
    const shownAt = Date.now();
    await eventually(() => stalls(page)).toEqual([
      {
        type: "stall",
        reason: "dwell",
        guide: "dwell",
        step: "slow",
        seconds: 1,
        page: "/test/fixtures/stall/app.html",
      },
    ]);
    expect(Date.now() - shownAt).toBeGreaterThanOrEqual(700);
    expect(
      await page.evaluate(() => (window as unknown as { stallEvents: unknown[] }).stallEvents),
    ).toEqual([{ reason: "dwell", guide: "dwell", step: "slow" }]);
    // Once per visit: still one stall after another second.
    await page.waitForTimeout(1200);
    expect(await stalls(page)).toHaveLength(1);
  });

  test("moving on before stallAfter records no stall", async () => {
    const page = await openApp();
    await start(page, "dwell");
    await stepNamed(page, "Take your time").waitFor();
    await page.getByRole("button", { name: "Next" }).click();
    await stepNamed(page, "Moved on").waitFor();
    await page.waitForTimeout(1500);
    expect(await stalls(page)).toEqual([]);
  });

  test("going Back and Next between two steps three times records an oscillation stall", async () => {
    const page = await openApp();
    await start(page, "walk");
    await stepNamed(page, "Step one").waitFor();
    await page.getByRole("button", { name: "Next" }).click();
    for (let i = 0; i < 2; i++) {
      await stepNamed(page, "Step two").waitFor();
      await page.getByRole("button", { name: "Back" }).click();
      await stepNamed(page, "Step one").waitFor();
      await page.getByRole("button", { name: "Next" }).click();
    }
    await stepNamed(page, "Step two").waitFor();
    await eventually(() => stalls(page)).toEqual([
      {
        type: "stall",
        reason: "oscillation",
        guide: "walk",
        step: "two",
        steps: ["one", "two"],
        count: 3,
        page: "/test/fixtures/stall/app.html",
      },
    ]);
  });

  test("rapid repeated clicks on one element record a rage stall", async () => {
    const page = await openApp();
    const box = (await page.locator("#broken").boundingBox())!;
    for (let i = 0; i < 3; i++)
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await eventually(() => stalls(page)).toEqual([
      {
        type: "stall",
        reason: "rage",
        target: "button#broken",
        page: "/test/fixtures/stall/app.html",
      },
    ]);
    expect(
      await page.evaluate(() => (window as unknown as { stallEvents: unknown[] }).stallEvents),
    ).toEqual([{ reason: "rage" }]);
  });

  test("slow clicks, or clicks on Waymark's own buttons, are not rage", async () => {
    const page = await openApp();
    for (let i = 0; i < 4; i++) {
      await page.locator("#broken").click();
      await page.waitForTimeout(700);
    }
    await start(page, "walk");
    await stepNamed(page, "Step one").waitFor();
    // Next, Back, Next within a second: quick, but on Waymark's own buttons.
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("button", { name: "Back" }).click();
    await page.getByRole("button", { name: "Next" }).click();
    await page.waitForTimeout(300);
    expect((await stalls(page)).filter((s) => s.reason === "rage")).toEqual([]);
  });

  test('a stall on a step with a demo offers "Show me"; completing the step records that the nudge helped', async () => {
    const page = await openApp();
    await start(page, "demo");
    const step = stepNamed(page, "Pick a customer");
    await step.waitFor();
    await eventually(() => step.textContent()).toContain("Stuck? Watch how it's done.");
    expect(await step.getByRole("button", { name: "Show me" }).isVisible()).toBe(true);
    await step.getByRole("button", { name: "Next" }).click();
    await stepNamed(page, "All set").waitFor();
    await eventually(() => stalls(page, ["stall", "help.resolved"])).toEqual([
      {
        type: "stall",
        reason: "dwell",
        guide: "demo",
        step: "fill",
        seconds: 1,
        nudge: "demo",
        page: "/test/fixtures/stall/app.html",
      },
      {
        type: "help.resolved",
        guide: "demo",
        step: "fill",
        reason: "dwell",
        nudge: "demo",
        page: "/test/fixtures/stall/app.html",
      },
    ]);
  });
});
