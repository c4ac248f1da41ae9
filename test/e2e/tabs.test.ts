/**
 * Several tabs of one origin, in real Chromium with the real IndexedDB: two pages recording
 * at once lose nothing, and a tour finished in one tab is not offered (or kept open) in another.
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterEach, describe, expect, test } from "vitest";
import { stepNamed, unexpectedErrors, useBrowser, type OpenedPage } from "./browser";

const APP = "/test/fixtures/store/app.html";
const browser = useBrowser();
const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 8000 });

let opened: OpenedPage[] = [];
afterEach(() => {
  const pages = opened;
  opened = [];
  for (const page of pages) expect(unexpectedErrors(page)).toEqual([]);
});

async function openApp(context: BrowserContext): Promise<Page> {
  const result = await browser.open(APP, { context });
  result.page.setDefaultTimeout(8000);
  opened.push(result);
  await result.page.waitForFunction(
    () =>
      typeof (window as unknown as { Waymark?: { exportData?: unknown } }).Waymark?.exportData ===
      "function",
  );
  return result.page;
}

type Exported = {
  events: Array<{ id: string; type: string; signature?: string; guide?: string }>;
  progress: Array<{ guide: string; status: string }>;
};
const exportData = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { Waymark: { exportData(): Promise<unknown> } }).Waymark.exportData(),
  ) as Promise<Exported>;

/** Records `count` failures as fast as the page can, tagged with `tab`. */
const recordBurst = (page: Page, tab: string, count: number) =>
  page.evaluate(
    ([t, n]) => {
      const waymark = (window as unknown as { Waymark: { fail(name: string, data: object): void } })
        .Waymark;
      for (let i = 0; i < n; i++) waymark.fail(`burst-${t}`, { code: String(i) });
    },
    [tab, count] as const,
  );

describe("several tabs", () => {
  test("two pages recording at once lose no event", async () => {
    const context = await browser.newContext();
    const [a, b] = [await openApp(context), await openApp(context)];
    await Promise.all([
      recordBurst(a, "a", 600),
      recordBurst(b, "b", 600),
      recordBurst(a, "a2", 400),
      recordBurst(b, "b2", 400),
    ]);
    const count = async (page: Page) => {
      const failures = (await exportData(page)).events.filter((e) => e.type === "failure");
      return {
        total: failures.length,
        unique: new Set(failures.map((e) => e.signature)).size,
        ids: new Set(failures.map((e) => e.id)).size,
      };
    };
    await eventually(() => count(a)).toEqual({ total: 2000, unique: 2000, ids: 2000 });
    expect(await count(b)).toEqual({ total: 2000, unique: 2000, ids: 2000 });
  });

  test("a tour finished in one tab is not offered again in another", async () => {
    const context = await browser.newContext();
    const a = await openApp(context);
    for (const [title, button] of [
      ["Welcome", "Next"],
      ["Middle", "Next"],
      ["The end", "Done"],
    ] as const) {
      await stepNamed(a, title).getByRole("button", { name: button, exact: true }).click();
    }
    await eventually(async () => (await exportData(a)).progress).toEqual([
      expect.objectContaining({ guide: "store-tour", status: "done" }),
    ]);
    const b = await openApp(context);
    await b.waitForTimeout(1500);
    expect(await stepNamed(b, "Welcome").count()).toBe(0);
    expect((await exportData(b)).events.filter((e) => e.type === "guide.start")).toHaveLength(1);
  });

  test("finishing the tour in one tab closes it in the other one that shows it", async () => {
    const context = await browser.newContext();
    const a = await openApp(context);
    const b = await openApp(context);
    await expect.poll(() => stepNamed(b, "Welcome").isVisible()).toBe(true);
    for (const [title, button] of [
      ["Welcome", "Next"],
      ["Middle", "Next"],
      ["The end", "Done"],
    ] as const) {
      await stepNamed(a, title).getByRole("button", { name: button, exact: true }).click();
    }
    await eventually(() => stepNamed(b, "Welcome").count()).toBe(0);
    // Tab b never recorded a dismissal of its own: the tour was done elsewhere.
    expect((await exportData(b)).events.filter((e) => e.type === "guide.dismiss")).toEqual([]);
    await b.reload();
    await b.waitForFunction(
      () =>
        typeof (window as unknown as { Waymark?: { exportData?: unknown } }).Waymark?.exportData ===
        "function",
    );
    await b.waitForTimeout(1000);
    expect(await stepNamed(b, "Welcome").count()).toBe(0);
  });
});
