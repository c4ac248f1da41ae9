/**
 * The local insights panel in real Chromium with the real IndexedDB: three sessions (three
 * tabs of one browser profile) take a tour to different depths, then `Waymark.insights()`
 * shows the funnel as an SVG chart, exports JSON and CSV, and "Delete my data" empties it.
 */
import { readFile } from "node:fs/promises";
import type { BrowserContext, Page } from "playwright-core";
import { afterEach, describe, expect, test } from "vitest";
import { stepNamed, unexpectedErrors, useBrowser, type OpenedPage } from "./browser";

const APP = "/test/fixtures/insights/app.html";
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
    insights(): void;
    exportData(): Promise<{ events: Array<Record<string, unknown>> }>;
  };
};

async function openApp(context: BrowserContext): Promise<Page> {
  const result = await browser.open(APP, { context });
  result.page.setDefaultTimeout(6000);
  opened.push(result);
  await result.page.waitForFunction(
    () => typeof (window as unknown as Partial<Win>).Waymark?.exportData === "function",
  );
  return result.page;
}

/** One session (a tab): the "walk" tour taken through `steps` steps, then finished or closed. */
async function session(context: BrowserContext, nexts: number, end: "Done" | "Close") {
  const page = await openApp(context);
  await page.evaluate(() => (window as unknown as Win).Waymark.start("walk"));
  const titles = ["Step one", "Step two", "Step three"];
  for (let i = 0; i < nexts; i++) {
    await stepNamed(page, titles[i]!).waitFor();
    await page.getByRole("button", { name: "Next" }).click();
  }
  await stepNamed(page, titles[nexts]!).waitFor();
  await page.getByRole("button", { name: end }).click();
  await page.locator("[data-waymark-host] [role=dialog]").waitFor({ state: "detached" });
  // exportData() writes the queued events before reading: nothing is lost when the tab closes.
  await page.evaluate(() => (window as unknown as Win).Waymark.exportData());
  await page.close();
}

async function seededInsights(): Promise<Page> {
  const context = await browser.newContext({ acceptDownloads: true });
  await session(context, 2, "Done");
  await session(context, 1, "Close");
  await session(context, 0, "Close");
  const page = await openApp(context);
  await page.locator("#customer").focus();
  await page.evaluate(() => (window as unknown as Win).Waymark.insights());
  await page.getByRole("dialog", { name: "Insights" }).waitFor();
  return page;
}

/** The bar values of the SVG chart named `name` (in the panel), in row order. */
const barValues = (page: Page, name: string) =>
  page
    .getByRole("dialog", { name: "Insights" })
    .getByRole("img", { name, exact: true })
    .locator("rect[data-value]")
    .evaluateAll((rects) => rects.map((r) => Number(r.getAttribute("data-value"))));

async function downloadText(page: Page, button: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: button }).click(),
  ]);
  return {
    name: download.suggestedFilename(),
    text: await readFile((await download.path())!, "utf8"),
  };
}

describe("insights panel", () => {
  test("shows, for the guide, a funnel of sessions reaching each step drawn as an SVG chart with a table", async () => {
    const page = await seededInsights();
    const dialog = page.getByRole("dialog", { name: "Insights" });
    expect(await dialog.getAttribute("aria-modal")).toBe("true");
    expect(await dialog.getByRole("heading", { name: "Three steps" }).isVisible()).toBe(true);
    expect(await dialog.getByText("3 sessions, 1 completed, 2 closed early.").isVisible()).toBe(
      true,
    );
    expect(await barValues(page, "Sessions reaching each step")).toEqual([3, 2, 1]);
    const funnel = dialog.getByRole("img", { name: "Sessions reaching each step", exact: true });
    expect((await funnel.boundingBox())!.height).toBeGreaterThan(40);
    // Bars are drawn to scale: the widest is the first step's.
    const widths = await funnel
      .locator("rect[data-value]")
      .evaluateAll((rects) => rects.map((r) => Number(r.getAttribute("width"))));
    expect(widths[0]! / widths[2]!).toBeCloseTo(3, 1);
    expect(await barValues(page, "Median time per step")).toHaveLength(3);
    // The text alternative: the same numbers as a table.
    await dialog.getByText("Show as table").first().click();
    const rows = await dialog
      .locator("table")
      .first()
      .locator("tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    expect(rows).toEqual([
      ["one", "3", "1"],
      ["two", "2", "1"],
      ["three", "1", "0"],
    ]);
  });

  test("exports JSON and CSV, deletes the data after confirming, and closes back to where focus was", async () => {
    const page = await seededInsights();
    const json = await downloadText(page, "Export JSON");
    expect(json.name).toMatch(/^waymark-insights-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(json.text);
    expect(data).toMatchObject({
      schemaVersion: 1,
      sessions: 3,
      guides: [{ guide: "walk", sessions: 3, completed: 1, dismissals: 2 }],
    });
    expect(
      data.guides[0].steps.map((s: { step: string; sessions: number }) => [s.step, s.sessions]),
    ).toEqual([
      ["one", 3],
      ["two", 2],
      ["three", 1],
    ]);

    const csv = await downloadText(page, "Export CSV");
    expect(csv.name).toMatch(/\.csv$/);
    expect(csv.text.split("\r\n")).toEqual(
      expect.arrayContaining([
        "section,guide,step,signature,metric,value",
        "step,walk,one,,sessions,3",
        "step,walk,three,,sessions,1",
        "guide,walk,,,completed,1",
      ]),
    );

    const dialog = page.getByRole("dialog", { name: "Insights" });
    await dialog.getByRole("button", { name: "Delete my data" }).click();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect(await barValues(page, "Sessions reaching each step")).toEqual([3, 2, 1]);
    await dialog.getByRole("button", { name: "Delete my data" }).click();
    await dialog.getByRole("button", { name: "Delete", exact: true }).click();
    await eventually(() => dialog.getByRole("status").textContent()).toBe("Your data was deleted.");
    expect(await dialog.getByText("Nothing recorded yet in this browser.").isVisible()).toBe(true);
    expect(await dialog.getByRole("img").count()).toBe(0);
    expect(
      (await page.evaluate(() => (window as unknown as Win).Waymark.exportData())).events,
    ).toEqual([]);

    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("customer");
  });
});
