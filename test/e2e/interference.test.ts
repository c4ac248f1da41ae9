/**
 * Host interference (issue #8, part 5; SPEC §2 "never swallows or alters the host's errors,
 * requests or events"). The fixture's host script does the same work with and without Waymark
 * (fetch that succeeds, fails and cannot connect, an XHR, a click handler that throws, an
 * unhandled rejection) and logs what it sees; the logs and the page's errors must be identical:
 * - the host replaces fetch/XMLHttpRequest before Waymark loads, or after it;
 * - a zone.js-style wrapper (listeners, timers, a Promise subclass, fetch);
 * - a host `window.onerror` that returns true (the browser prints nothing: neither may we);
 * - the script tag twice;
 * - the page frozen into the back/forward cache and restored.
 * Waymark keeps working in each (the tour shows, the 503 brings its help card) and loses no
 * data: what it recorded is still in exportData() after a reload.
 * IndexedDB faults (missing, throwing, blocked upgrades) are in test/e2e/store.test.ts; every
 * fetch/XHR call form is compared with and without Waymark in test/e2e/fetch-semantics.test.ts.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  baseUrl,
  eventually,
  recordedEvents,
  stepNamed,
  useBrowser,
  type OpenedPage,
} from "./browser";

const browser = useBrowser({ bfcache: true });
const PAGE = "/test/fixtures/interference/page.html";
const GUIDE = "interference-tour";

type W = Window & { __run(): Promise<string[]>; __log: string[]; Waymark: { __loaded?: boolean } };

const CASES = [
  { name: "plain", what: "no interference (the baseline)" },
  { name: "fetch-before", what: "the host wraps fetch and XMLHttpRequest before Waymark loads" },
  { name: "fetch-after", what: "the host wraps fetch and XMLHttpRequest after Waymark loaded" },
  {
    name: "zone",
    what: "a zone.js-style wrapper: listeners, timers, a Promise subclass and fetch",
  },
  { name: "onerror-true", what: "a host window.onerror that returns true" },
  { name: "twice", what: "the script tag twice" },
];

/** The page's errors and console errors, without Waymark's own `[Waymark]` lines. */
const hostErrors = (opened: OpenedPage) => [...opened.errors].sort();

async function runHost(opened: OpenedPage) {
  // Waymark fetches its guides with the page's fetch as it found it, so a host wrapper installed
  // before Waymark (an APM agent) sees that request like any other of the page's: not compared.
  const log = (await opened.page.evaluate(() => (window as unknown as W).__run())).filter(
    (line) => !line.includes("/interference/guide.json"),
  );
  // Let late console lines (the unhandled rejection, failed loads) arrive.
  await opened.page.waitForTimeout(200);
  return { log, errors: hostErrors(opened) };
}

async function openWith(path: string) {
  const opened = await browser.open(path);
  opened.page.setDefaultTimeout(8000);
  await opened.page.waitForFunction(() => (window as unknown as W).Waymark?.__loaded === true);
  await eventually(async () =>
    expect(await stepNamed(opened.page, "Step one").isVisible()).toBe(true),
  );
  return opened;
}

describe.concurrent(
  "the host behaves exactly as without Waymark, and Waymark keeps working",
  () => {
    for (const c of CASES) {
      it(`${c.name}: ${c.what}`, async () => {
        const without = await browser.open(`${PAGE}?case=${c.name}&waymark=0`);
        const expected = await runHost(without);
        expect(expected.log.length).toBeGreaterThan(8);

        const opened = await openWith(`${PAGE}?case=${c.name}`);
        const { page } = opened;
        const actual = await runHost(opened);
        expect(actual.log).toEqual(expected.log);
        expect(actual.errors).toEqual(expected.errors);
        // Waymark's own problems never show up as the page's (internal errors are [Waymark] lines).
        expect(opened.waymarkMessages.filter((m) => /internal error/i.test(m))).toEqual([]);
        if (c.name === "onerror-true") {
          // The host said "handled": no uncaught error reaches the console, with or without us.
          expect(actual.errors.filter((e) => e.includes("host handler failed"))).toEqual(
            expected.errors.filter((e) => e.includes("host handler failed")),
          );
        }

        // Waymark saw the 503 through whatever the host did to fetch, and showed its help (the
        // successful XHR right after may resolve it again: read what was recorded).
        await eventually(async () => expect(await helpShown(page)).toContain("server-down"));
        if (c.name === "twice") expect(await page.locator("[data-waymark-host]").count()).toBe(1);
        await stepNamed(page, "Step one").getByRole("button", { name: "Next" }).click();
        await eventually(async () =>
          expect(await recordedEvents(page, GUIDE)).toEqual([
            "guide.start",
            "step.show one",
            "step.done one",
            "step.show two",
          ]),
        );
        // The 503, the unreachable host, the throwing handler and the rejection.
        const failures = await failureKinds(page);
        expect(failures.filter((k) => k === "request").length).toBe(2);

        // Nothing is lost across a reload (the tour resumes at step two).
        await page.reload();
        await page.waitForFunction(() => (window as unknown as W).Waymark?.__loaded === true);
        await eventually(async () =>
          expect(await stepNamed(page, "Step two").isVisible()).toBe(true),
        );
        expect((await recordedEvents(page, GUIDE)).slice(0, 4)).toEqual([
          "guide.start",
          "step.show one",
          "step.done one",
          "step.show two",
        ]);
        expect(await failureKinds(page)).toEqual(failures);
      });
    }
  },
);

/** The help entries Waymark recorded as shown. */
async function helpShown(page: Page): Promise<string[]> {
  const data = await page.evaluate(() =>
    (
      window as unknown as {
        Waymark: { exportData(): Promise<{ events: Array<{ type: string; help?: string }> }> };
      }
    ).Waymark.exportData(),
  );
  return data.events.filter((e) => e.type === "help.show").map((e) => String(e.help));
}

/** The `kind` of each recorded failure, sorted. */
async function failureKinds(page: Page): Promise<string[]> {
  const data = await page.evaluate(() =>
    (
      window as unknown as {
        Waymark: { exportData(): Promise<{ events: Array<{ type: string; kind?: string }> }> };
      }
    ).Waymark.exportData(),
  );
  return data.events
    .filter((e) => e.type === "failure")
    .map((e) => String(e.kind))
    .sort();
}

describe("frozen and restored: the back/forward cache and the page lifecycle", () => {
  it("a page frozen (Page Lifecycle freeze, as on entering the bfcache) right after a step changes keeps every event once resumed", async () => {
    const opened = await openWith(`${PAGE}?case=plain`);
    const { page } = opened;
    const cdp = await page.context().newCDPSession(page);
    await stepNamed(page, "Step one").getByRole("button", { name: "Next" }).click();
    // Frozen before the batched write has run: timers and tasks stop until it is resumed.
    await cdp.send("Page.setWebLifecycleState", { state: "frozen" });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await cdp.send("Page.setWebLifecycleState", { state: "active" });
    await eventually(async () => expect(await stepNamed(page, "Step two").isVisible()).toBe(true));
    await stepNamed(page, "Step two").getByRole("button", { name: "Done" }).click();
    await eventually(async () =>
      expect(await recordedEvents(page, GUIDE)).toContain("guide.done two"),
    );
    await page.reload();
    await page.waitForFunction(() => (window as unknown as W).Waymark?.__loaded === true);
    expect((await recordedEvents(page, GUIDE)).slice(0, 6)).toEqual([
      "guide.start",
      "step.show one",
      "step.done one",
      "step.show two",
      "step.done two",
      "guide.done two",
    ]);
    expect(hostErrors(opened)).toEqual([]);
  });

  /** Leaves for another page and comes back; returns whether the page came from the bfcache. */
  async function awayAndBack(page: Page): Promise<boolean> {
    await page.evaluate(() => {
      (window as unknown as { __marker: number }).__marker = 42;
    });
    await page.goto(`${baseUrl()}/test/fixtures/basic.html`);
    // A page restored from the bfcache fires no "load": wait for the history entry to commit.
    await page.goBack({ waitUntil: "commit" });
    await page.waitForFunction(() => document.readyState === "complete");
    return page.evaluate(() => (window as unknown as { __marker?: number }).__marker === 42);
  }

  it("restores the page from the bfcache as often without Waymark as with it, and loses no data", async () => {
    const without = await browser.open(`${PAGE}?case=plain&waymark=0`);
    const restoredWithout = await awayAndBack(without.page);

    const opened = await openWith(`${PAGE}?case=plain`);
    const { page } = opened;
    await stepNamed(page, "Step one").getByRole("button", { name: "Next" }).click();
    await eventually(async () => expect(await stepNamed(page, "Step two").isVisible()).toBe(true));
    const restoredWith = await awayAndBack(page);
    expect(restoredWithout, "the host page itself is restored from the bfcache").toBe(true);
    expect(restoredWith, "Waymark must not keep the page out of the bfcache").toBe(restoredWithout);
    expect(
      await page.evaluate(() =>
        (window as unknown as W).__log.filter((l) => l.startsWith("pageshow")),
      ),
    ).toEqual(
      restoredWithout
        ? ["pageshow persisted=false", "pageshow persisted=true"]
        : ["pageshow persisted=false"],
    );

    // After the restore Waymark still works and still writes: finish the tour, reload, read it back.
    await eventually(async () => expect(await stepNamed(page, "Step two").isVisible()).toBe(true));
    await stepNamed(page, "Step two").getByRole("button", { name: "Done" }).click();
    await eventually(async () =>
      expect(await recordedEvents(page, GUIDE)).toContain("guide.done two"),
    );
    await page.reload();
    await page.waitForFunction(() => (window as unknown as W).Waymark?.__loaded === true);
    // Everything recorded before leaving and after coming back is there, in order (a page that
    // was not restored from the bfcache shows step two again on its fresh load).
    const events = (await recordedEvents(page, GUIDE)).filter((e, i, all) => e !== all[i - 1]);
    expect(events.slice(0, 6)).toEqual([
      "guide.start",
      "step.show one",
      "step.done one",
      "step.show two",
      "step.done two",
      "guide.done two",
    ]);
    expect(hostErrors(opened)).toEqual([]);
    console.info(
      `bfcache: restored without Waymark ${restoredWithout}, with Waymark ${restoredWith}`,
    );
  });
});
