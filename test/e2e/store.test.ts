/**
 * Local data in real Chromium with the real IndexedDB, through the built script-tag bundle:
 * what a completed and an abandoned tour leave behind (`exportData()`), persistence across
 * reloads, upgrades blocked in both directions by another page, IndexedDB missing or
 * throwing, `open` never settling, the quota used up mid-session, the database deleted
 * underneath (once, then again) and the browser closing the connection — with the tour still
 * working and nothing recorded lost in every case.
 */
import { readFileSync } from "node:fs";
import type { BrowserContext, CDPSession, Page } from "playwright-core";
import { afterEach, describe, expect, test } from "vitest";
import { baseUrl, stepNamed, unexpectedErrors, useBrowser, type OpenedPage } from "./browser";

const APP = "/test/fixtures/store/app.html";
const BLANK = "/test/fixtures/store/blank.html";
const GUIDE = "store-tour";
const browser = useBrowser();
const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 8000 });
/** Counts `indexedDB.open("waymark")` calls and records aborted transactions (`window.idbSpy`). */
const IDB_SPY = readFileSync(new URL("../fixtures/store/idb-spy.js", import.meta.url), "utf8");

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

/** What the page's IndexedDB instrumentation (IDB_SPY) saw. */
const idbSpy = (page: Page) =>
  page.evaluate(
    () => (window as unknown as { idbSpy: { opens: number; aborts: string[] } }).idbSpy,
  );

/** A page of the app's origin without Waymark: "another tab", and a window onto the disk. */
async function blankPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(baseUrl() + BLANK);
  return page;
}

type Stored = { type: string; ts: number; guide?: string; step?: string; signature?: string };

/**
 * What is in the database on disk, read from another page (not through Waymark, which merges
 * memory in), oldest first; null when there is no `waymark` database at all.
 */
const onDisk = (page: Page) =>
  page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((d) => d.name === "waymark")) return null;
    return new Promise<Stored[]>((resolve, reject) => {
      const request = indexedDB.open("waymark");
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        const db = request.result;
        const all = db.transaction("events").objectStore("events").getAll();
        all.onsuccess = () => {
          db.close();
          resolve((all.result as Stored[]).sort((a, b) => a.ts - b.ts));
        };
        all.onerror = () => {
          db.close();
          reject(all.error);
        };
      };
    });
  });

/** The tour's events in the database on disk, as `tourEvents` words them. */
async function tourEventsOnDisk(page: Page): Promise<string[] | null> {
  const events = await onDisk(page);
  return (
    events
      ?.filter((e) => e.guide === GUIDE)
      .map((e) => `${e.type}${e.step ? ` ${String(e.step)}` : ""}`) ?? null
  );
}

/** `indexedDB.deleteDatabase("waymark")` from another page, as another tab would. */
const deleteDatabase = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.deleteDatabase("waymark");
        request.onsuccess = () => resolve();
        request.onerror = () => reject(request.error);
        request.onblocked = () => reject(new Error("blocked: Waymark did not let go"));
      }),
  );

/** Records `count` failures with distinct codes (signatures `event:checkout:c<n>`). */
const recordFailures = (page: Page, from: number, count: number) =>
  page.evaluate(
    ([from, count]) => {
      const waymark = (window as unknown as { Waymark: { fail(n: string, d: object): void } })
        .Waymark;
      for (let i = from; i < from + count; i++) waymark.fail("checkout", { code: `c${i}` });
    },
    [from, count] as const,
  );

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
/** Up to the second step: what the first "Next" leaves behind. */
const FIRST_STEP = COMPLETED.slice(0, 4);
/** From the second step's "Next" to the end. */
const REST = COMPLETED.slice(4);

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

  test("indexedDB.open never settling: after the time-out the tour runs from memory, nothing is lost, and debug says why", async () => {
    const { page, waymarkMessages } = await openApp({
      init: `window.idbSpyOptions = { openNeverSettles: true };\n${IDB_SPY}`,
    });
    // The tour waits for stored progress, so it only starts once the open has timed out.
    await next(page, "Welcome");
    await next(page, "Middle");
    await next(page, "The end", "Done");
    await eventually(() => tourEvents(page)).toEqual(COMPLETED);
    expect((await exportData(page)).progress).toEqual([
      expect.objectContaining({ guide: GUIDE, status: "done" }),
    ]);
    expect(waymarkMessages.join("\n")).toMatch(
      /unavailable \((Error: )?opening IndexedDB took longer than 3000 ms\), so Waymark keeps this session's data in memory/,
    );
    // One open, given up on; not retried.
    expect((await idbSpy(page)).opens).toBe(1);
  });

  test("quota used up mid-session, as a real transaction abort: what was stored is still read, the rest is kept in memory, and debug names the quota", async () => {
    const origin = new URL(baseUrl()).origin;
    // Chromium hands out space from a cached allowance that decays over 30 s, so a quota
    // lowered after the first write only bites once that allowance is spent. So the session
    // starts with a quota of what an empty Waymark database takes plus 32 KB (measured in a
    // throwaway context), and the quota is then cut to 1 byte and a burst spends the rest.
    const probe = await browser.newContext();
    const probeCdp = await probe.newCDPSession(await blankPage(probe));
    await probeCdp.send("Storage.overrideQuotaForOrigin", { origin, quotaSize: 1 });
    const probed = await openApp({ context: probe });
    await eventually(() => probed.waymarkMessages.join("\n")).toMatch(/QuotaExceededError/);
    const { usage: empty } = await probeCdp.send("Storage.getUsageAndQuota", { origin });
    await probe.close();

    const context = await browser.newContext();
    const other = await blankPage(context);
    const cdp: CDPSession = await context.newCDPSession(other);
    await cdp.send("Storage.overrideQuotaForOrigin", { origin, quotaSize: empty + 32 * 1024 });
    const { page, waymarkMessages } = await openApp({ context, init: IDB_SPY });
    await next(page, "Welcome");
    await eventually(() => tourEventsOnDisk(other)).toEqual(FIRST_STEP);

    await cdp.send("Storage.overrideQuotaForOrigin", { origin, quotaSize: 1 });
    const BURST = 300; // 6 transactions of 50, well over 32 KB
    await recordFailures(page, 0, BURST);
    await eventually(() => waymarkMessages.join("\n")).toMatch(
      /unavailable \(the browser's storage quota for this site is used up \(QuotaExceededError\)\), so Waymark keeps this session's data in memory/,
    );
    // The browser aborted a transaction at commit (not a put throwing).
    expect((await idbSpy(page)).aborts).toContain("QuotaExceededError");

    // The tour goes on, from memory now.
    await next(page, "Middle");
    await next(page, "The end", "Done");
    await eventually(() => tourEvents(page)).toEqual(COMPLETED);
    const data = await exportData(page);
    const failures = data.events.filter((e) => e.type === "failure").map((e) => e.signature);
    expect(new Set(failures)).toEqual(
      new Set(Array.from({ length: BURST }, (_, i) => `event:checkout:c${i}`)),
    );
    expect(failures).toHaveLength(BURST);
    expect(data.progress).toEqual([expect.objectContaining({ guide: GUIDE, status: "done" })]);
    // exportData merged the two: the first step from the disk, part of the burst and the rest
    // of the tour from memory.
    const disk = (await onDisk(other)) ?? [];
    expect(await tourEventsOnDisk(other)).toEqual(FIRST_STEP);
    expect(disk.filter((e) => e.type === "failure").length).toBeLessThan(BURST);
  });

  test("the database deleted underneath by another page: Waymark reopens once, and everything recorded afterwards is kept, on disk", async () => {
    const context = await browser.newContext();
    const other = await blankPage(context); // first: the page in front is Waymark's
    const { page, waymarkMessages } = await openApp({ context, init: IDB_SPY });
    await next(page, "Welcome");
    await eventually(() => tourEventsOnDisk(other)).toEqual(FIRST_STEP);
    await deleteDatabase(other);
    await eventually(() => waymarkMessages.join("\n")).toMatch(
      /usable again \(reopened after another tab deleted the database\)/,
    );
    await next(page, "Middle");
    await next(page, "The end", "Done");
    // What was stored before went with the database (that is what deleting it means);
    // everything recorded since is there, and on disk.
    await eventually(() => tourEvents(page)).toEqual(REST);
    await eventually(() => tourEventsOnDisk(other)).toEqual(REST);
    expect((await idbSpy(page)).opens).toBe(2);
    expect(waymarkMessages.join("\n")).not.toMatch(/unavailable/);
    // A new page of the origin reads it, and does not offer the finished tour again.
    const fresh = await openApp({ context });
    await eventually(() => tourEvents(fresh.page)).toEqual(REST);
    expect((await exportData(fresh.page)).progress).toEqual([
      expect.objectContaining({ guide: GUIDE, status: "done" }),
    ]);
  });

  test("the database deleted a second time: the rest of the session stays in memory, with no second reopen (no retry storm)", async () => {
    const context = await browser.newContext();
    const other = await blankPage(context); // first: the page in front is Waymark's
    const { page, waymarkMessages } = await openApp({ context, init: IDB_SPY });
    await next(page, "Welcome");
    await eventually(() => tourEventsOnDisk(other)).toEqual(FIRST_STEP);
    await deleteDatabase(other);
    await eventually(() => waymarkMessages.join("\n")).toMatch(/usable again \(reopened after/);
    await next(page, "Middle");
    await eventually(() => tourEventsOnDisk(other)).toEqual(["step.done middle", "step.show end"]);
    await deleteDatabase(other);
    await eventually(() => waymarkMessages.join("\n")).toMatch(
      /unavailable \(another tab deleted the database\), so Waymark keeps this session's data in memory/,
    );
    await next(page, "The end", "Done");
    await recordFailures(page, 0, 3);
    await eventually(() => tourEvents(page)).toEqual(["step.done end", "guide.done end"]);
    const data = await exportData(page);
    expect(data.events.filter((e) => e.type === "failure")).toHaveLength(3);
    expect(data.progress).toEqual([expect.objectContaining({ guide: GUIDE, status: "done" })]);
    // Two opens in the whole session (the first, the one reopen), and no database recreated.
    expect((await idbSpy(page)).opens).toBe(2);
    expect(await onDisk(other)).toBeNull();
  });

  test("the browser closing the connection (site data cleared): Waymark reopens once, and everything recorded afterwards is kept, on disk", async () => {
    const context = await browser.newContext();
    const other = await blankPage(context); // first: the page in front is Waymark's
    const { page, waymarkMessages } = await openApp({ context, init: IDB_SPY });
    await next(page, "Welcome");
    await eventually(() => tourEventsOnDisk(other)).toEqual(FIRST_STEP);
    // Like "Clear site data" in DevTools: the browser force-closes the connection (a `close`
    // event on the IDBDatabase) and deletes the database.
    const cdp = await context.newCDPSession(other);
    await cdp.send("Storage.clearDataForOrigin", {
      origin: new URL(baseUrl()).origin,
      storageTypes: "indexeddb",
    });
    await eventually(() => waymarkMessages.join("\n")).toMatch(
      /usable again \(reopened after the browser closed the database connection\)/,
    );
    await next(page, "Middle");
    await next(page, "The end", "Done");
    await eventually(() => tourEvents(page)).toEqual(REST);
    await eventually(() => tourEventsOnDisk(other)).toEqual(REST);
    expect(waymarkMessages.join("\n")).not.toMatch(/unavailable/);
    // The first open and the reopen (plus, at most, one retry while the browser still refuses).
    const { opens } = await idbSpy(page);
    expect(opens).toBeGreaterThanOrEqual(2);
    expect(opens).toBeLessThanOrEqual(3);
    const fresh = await openApp({ context });
    await eventually(() => tourEvents(fresh.page)).toEqual(REST);
  });
});
