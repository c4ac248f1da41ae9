/**
 * Local data in real Chromium with the real IndexedDB, through the built script-tag bundle:
 * what a completed and an abandoned tour leave behind (`exportData()`), persistence across
 * reloads, upgrades blocked in both directions by another page, and IndexedDB missing or
 * throwing — with the tour still working in every case.
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterEach, describe, expect, test } from "vitest";
import { baseUrl, stepNamed, unexpectedErrors, useBrowser, type OpenedPage } from "./browser";

const APP = "/test/fixtures/store/app.html";
const BLANK = "/test/fixtures/store/blank.html";
const GUIDE = "store-tour";
const browser = useBrowser();
const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 8000 });

interface Exported {
  schemaVersion: number;
  events: Array<Record<string, unknown> & { type: string; ts: number; id: string }>;
  progress: Array<Record<string, unknown>>;
}

let opened: OpenedPage[] = [];
afterEach(() => {
  const pages = opened;
  opened = [];
  for (const page of pages) expect(unexpectedErrors(page)).toEqual([]);
});

async function openApp(
  options: { context?: BrowserContext; init?: string } = {},
): Promise<OpenedPage> {
  const result = await browser.open(APP, options);
  result.page.setDefaultTimeout(8000);
  opened.push(result);
  await waitForWaymark(result.page);
  return result;
}

const waitForWaymark = (page: Page) =>
  page.waitForFunction(
    () =>
      typeof (window as unknown as { Waymark?: { exportData?: unknown } }).Waymark?.exportData ===
      "function",
  );

const exportData = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { Waymark: { exportData(): Promise<unknown> } }).Waymark.exportData(),
  ) as Promise<Exported>;

/** `"step.show welcome"`-style lines for the tour's events, oldest first. */
async function tourEvents(page: Page): Promise<string[]> {
  const { events } = await exportData(page);
  return events
    .filter((e) => e.guide === GUIDE)
    .map((e) => `${e.type}${e.step ? ` ${String(e.step)}` : ""}`);
}

const next = (page: Page, title: string, button = "Next") =>
  stepNamed(page, title).getByRole("button", { name: button, exact: true }).click();

const COMPLETED = [
  "guide.start",
  "step.show welcome",
  "step.done welcome",
  "step.show middle",
  "step.done middle",
  "step.show end",
  "step.done end",
  "guide.done end",
];

describe("local data (real IndexedDB)", () => {
  test("a completed tour: events oldest first, each with its type, and progress done", async () => {
    const { page } = await openApp();
    await next(page, "Welcome");
    await next(page, "Middle");
    await next(page, "The end", "Done");
    await page.evaluate(() =>
      (window as unknown as { Waymark: { fail(n: string, d: object): void } }).Waymark.fail(
        "checkout",
        { code: "card_declined" },
      ),
    );
    await eventually(() => tourEvents(page)).toEqual(COMPLETED);
    const data = await exportData(page);
    expect(data.schemaVersion).toBe(1);
    expect(data.events.map((e) => e.ts)).toEqual(
      [...data.events.map((e) => e.ts)].sort((a, b) => a - b),
    );
    expect(data.events.find((e) => e.type === "failure")).toMatchObject({
      kind: "event",
      signature: "event:checkout:card_declined",
      page: APP,
    });
    for (const event of data.events)
      expect(event).toMatchObject({
        id: expect.any(String),
        type: expect.any(String),
        ts: expect.any(Number),
      });
    expect(data.progress).toEqual([
      expect.objectContaining({ guide: GUIDE, status: "done", version: 1 }),
    ]);
  });

  test("an abandoned tour: guide.dismiss with the step it happened at, and progress dismissed", async () => {
    const { page } = await openApp();
    await next(page, "Welcome");
    await stepNamed(page, "Middle").getByRole("button", { name: "Close" }).click();
    await eventually(() => tourEvents(page)).toEqual([
      "guide.start",
      "step.show welcome",
      "step.done welcome",
      "step.show middle",
      "guide.dismiss middle",
    ]);
    expect((await exportData(page)).progress).toEqual([
      expect.objectContaining({ guide: GUIDE, status: "dismissed", step: "middle" }),
    ]);
  });

  test("persists across reloads: the tour resumes where it was and earlier events are kept", async () => {
    const { page } = await openApp();
    await next(page, "Welcome");
    await expect.poll(() => stepNamed(page, "Middle").isVisible()).toBe(true);
    await page.reload();
    await waitForWaymark(page);
    await expect.poll(() => stepNamed(page, "Middle").isVisible(), { timeout: 8000 }).toBe(true);
    const events = await tourEvents(page);
    expect(events.slice(0, 4)).toEqual([
      "guide.start",
      "step.show welcome",
      "step.done welcome",
      "step.show middle",
    ]);
    // The resumed step is shown again after the reload, from the stored progress.
    expect(events.filter((e) => e === "step.show middle").length).toBeGreaterThanOrEqual(2);
  });

  test("another page upgrading the database: Waymark steps aside, reopens, and loses nothing", async () => {
    const { page, context, waymarkMessages } = await openApp();
    await next(page, "Welcome");
    await eventually(() => tourEvents(page)).toContain("step.show middle");
    // A newer version in another tab opens the database at a higher version while Waymark holds it.
    const other = await context.newPage();
    await other.goto(baseUrl() + BLANK);
    const version = await other.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const request = indexedDB.open("waymark", 99);
          request.onsuccess = () => {
            const v = request.result.version;
            request.result.close();
            resolve(v);
          };
          request.onerror = () => reject(request.error);
          request.onblocked = () => reject(new Error("blocked: Waymark did not step aside"));
        }),
    );
    expect(version).toBe(99);
    await next(page, "Middle");
    await next(page, "The end", "Done");
    await eventually(() => tourEvents(page)).toEqual(COMPLETED);
    await eventually(() => waymarkMessages.join("\n")).toMatch(
      /usable again \(reopened after another tab is upgrading/,
    );
    // And it is on disk: a fresh page of the same origin reads it all.
    const fresh = await openApp({ context });
    await eventually(() => tourEvents(fresh.page)).toEqual(COMPLETED);
  });

  test("an older connection in another page blocks Waymark's upgrade: the tour runs from memory, then everything is written", async () => {
    const context = await browser.newContext();
    const other = await context.newPage();
    await other.goto(baseUrl() + BLANK);
    // Version 1 of the schema, held open by a page that ignores requests to close it.
    await other.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.open("waymark", 1);
          request.onupgradeneeded = () => {
            request.result.createObjectStore("events", { keyPath: "id" }).createIndex("ts", "ts");
            request.result.createObjectStore("progress", { keyPath: "guide" });
          };
          request.onsuccess = () => {
            (window as unknown as { held: IDBDatabase }).held = request.result;
            resolve();
          };
          request.onerror = () => reject(request.error);
        }),
    );
    const { page, waymarkMessages } = await openApp({ context });
    await next(page, "Welcome");
    await eventually(() => waymarkMessages.join("\n")).toMatch(
      /keeps an older version of the database open/,
    );
    await eventually(() => tourEvents(page)).toEqual([
      "guide.start",
      "step.show welcome",
      "step.done welcome",
      "step.show middle",
    ]);
    // The other page lets go: the upgrade completes and what waited in memory is written.
    await other.evaluate(() => (window as unknown as { held: IDBDatabase }).held.close());
    await eventually(() => waymarkMessages.join("\n")).toMatch(/usable again/);
    await next(page, "Middle");
    await next(page, "The end", "Done");
    await eventually(() => tourEvents(page)).toEqual(COMPLETED);
    await page.close();
    const fresh = await openApp({ context });
    await eventually(() => tourEvents(fresh.page)).toEqual(COMPLETED);
    expect((await exportData(fresh.page)).progress).toEqual([
      expect.objectContaining({ guide: GUIDE, status: "done" }),
    ]);
    await expect.poll(() => stepNamed(fresh.page, "Welcome").count(), { timeout: 1000 }).toBe(0);
  });

  const unavailable = [
    {
      name: "IndexedDB undefined",
      init: "Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });",
      says: /not available in this browser/,
    },
    {
      name: "indexedDB.open throwing",
      init: "IDBFactory.prototype.open = function () { throw new DOMException('The user denied permission to access the database.', 'SecurityError'); };",
      says: /SecurityError/,
    },
  ];
  for (const { name, init, says } of unavailable) {
    test(`${name}: the tour still works, from memory, and debug says why`, async () => {
      const { page, waymarkMessages } = await openApp({ init });
      await next(page, "Welcome");
      await next(page, "Middle");
      await next(page, "The end", "Done");
      await eventually(() => tourEvents(page)).toEqual(COMPLETED);
      expect((await exportData(page)).progress).toEqual([
        expect.objectContaining({ guide: GUIDE, status: "done" }),
      ]);
      expect(waymarkMessages.join("\n")).toMatch(says);
      expect(waymarkMessages.join("\n")).toMatch(
        /keeps this session's data in memory.*storage\.md/,
      );
    });
  }
});
