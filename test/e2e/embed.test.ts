/**
 * Embedding the script-tag bundle (SPEC §2) as a product team does: with `async`, `defer` or
 * neither; with calls queued through the stub snippet before it loads; loaded twice; configured
 * by `data-*` attributes or `Waymark.init()`; beside a broken guide; and with HTML in guide
 * text. Whatever happens, the host page never sees an exception.
 */
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, test, type TestContext } from "vitest";
import {
  eventually,
  recordedEvents,
  stepNamed,
  unexpectedErrors,
  useBrowser,
  type OpenedPage,
} from "./browser";

const browser = useBrowser();

type OnFinished = TestContext["onTestFinished"];

/**
 * Opens a fixture page for one test; when the test ends, the host page must have seen no
 * errors. Tests run concurrently (each in its own browser context), so the check is tied to
 * the test through its own `onTestFinished`.
 */
async function openPage(
  path: string,
  onTestFinished: OnFinished,
  options: { context?: BrowserContext } = {},
): Promise<OpenedPage> {
  const result = await browser.open(path, options);
  result.page.setDefaultTimeout(10_000);
  onTestFinished(() => expect(unexpectedErrors(result)).toEqual([]));
  return result;
}

const click = (page: Page, name: string) =>
  page.locator("[data-waymark-host]").getByRole("button", { name, exact: true }).click();
const waymarkReady = (page: Page) =>
  page.waitForFunction(
    () =>
      typeof (window as unknown as { Waymark?: { exportData?: unknown } }).Waymark?.exportData ===
      "function",
  );

describe.concurrent("the script tag works with async, defer, or neither", () => {
  for (const mode of ["async", "defer", "sync"] as const) {
    test(`${mode === "sync" ? "neither async nor defer" : mode}: the guide starts on its page and runs to the end`, async ({
      onTestFinished,
    }) => {
      const { page } = await openPage(`/test/fixtures/embed/script-${mode}.html`, onTestFinished);

      const welcome = stepNamed(page, "Welcome aboard");
      await welcome.waitFor();
      expect(await welcome.getByText("1 of 2", { exact: true }).isVisible()).toBe(true);
      await click(page, "Next");
      const cta = stepNamed(page, "Create your first invoice");
      await cta.waitFor();
      await eventually(async () => {
        const [step, target] = await Promise.all([
          cta.boundingBox(),
          page.locator("#cta").boundingBox(),
        ]);
        expect(step!.y).toBeGreaterThan(target!.y + target!.height); // below its target, as placed
      });
      await click(page, "Done");
      await cta.waitFor({ state: "detached" });

      expect(await page.locator("[data-waymark-host]").count()).toBe(1);
      await eventually(async () =>
        expect(await recordedEvents(page, "embed-tour")).toEqual([
          "guide.start",
          "step.show welcome",
          "step.done welcome",
          "step.show cta",
          "step.done cta",
          "guide.done cta",
        ]),
      );
    });
  }
});

describe.concurrent("calls made before the script loaded", () => {
  test("are kept by the stub and replayed in order once it loads", async ({ onTestFinished }) => {
    const { page } = await openPage("/test/fixtures/embed/queued.html", onTestFinished);
    // on, on, on, init, identify, start: all queued while waymark.js was still loading.
    expect(
      await page.evaluate(
        () => (window as unknown as { queuedBeforeLoad: number }).queuedBeforeLoad,
      ),
    ).toBe(6);

    await stepNamed(page, "Hello from the queue").waitFor();
    const calls = () => page.evaluate(() => (window as unknown as { calls: string[] }).calls);
    await eventually(async () =>
      expect(await calls()).toEqual([
        "guide:start embed-queued",
        "first step listener hello",
        "second step listener hello",
      ]),
    );

    // identify() was replayed before the tour branched on the user's plan.
    await click(page, "Next");
    await stepNamed(page, "Pro plan").waitFor();
    await eventually(async () =>
      expect(await calls()).toEqual([
        "guide:start embed-queued",
        "first step listener hello",
        "second step listener hello",
        "first step listener pro",
        "second step listener pro",
      ]),
    );
    // The stub is gone: the real API answers directly now.
    expect(
      await page.evaluate(
        () =>
          typeof (window as unknown as { Waymark: { exportData?: unknown } }).Waymark.exportData,
      ),
    ).toBe("function");
  });
});

describe.concurrent("the script loaded twice", () => {
  test("is a no-op: one host element, one tour, no errors", async ({ onTestFinished }) => {
    const { page } = await openPage("/test/fixtures/embed/twice.html", onTestFinished);
    await page.waitForLoadState("load"); // both copies have run
    await stepNamed(page, "Welcome aboard").waitFor();

    expect(await page.locator("[data-waymark-host]").count()).toBe(1);
    expect(await page.getByRole("dialog").count()).toBe(1);
    await click(page, "Next");
    await stepNamed(page, "Create your first invoice").waitFor();
    expect(await page.getByRole("dialog").count()).toBe(1);
    await eventually(async () =>
      expect(await recordedEvents(page, "embed-tour")).toEqual([
        "guide.start",
        "step.show welcome",
        "step.done welcome",
        "step.show cta",
      ]),
    );

    // The page's own requests still work with both copies loaded.
    const status = await page.evaluate(() => fetch("/api/__echo").then((r) => r.status));
    expect(status).toBe(200);
  });
});

describe.concurrent("configuration", () => {
  const setups = [
    {
      from: "data-* attributes on the script tag",
      path: "/test/fixtures/embed/config-attributes.html",
    },
    {
      from: "Waymark.init() after the script loaded",
      path: "/test/fixtures/embed/config-init.html",
    },
    {
      from: "Waymark.init() queued before the script loaded",
      path: "/test/fixtures/embed/config-queued-init.html",
    },
  ];
  for (const { from, path } of setups) {
    test(`is read from ${from}: guides (relative URL), locale and debug`, async ({
      onTestFinished,
    }) => {
      const { page, waymarkMessages } = await openPage(path, onTestFinished);
      await waymarkReady(page);
      await page.evaluate(() =>
        (window as unknown as { Waymark: { start(id: string): void } }).Waymark.start(
          "embed-locale",
        ),
      );

      // locale "de" picks the German text, although the browser's language is English.
      const dialog = stepNamed(page, "Willkommen");
      await dialog.waitFor();
      expect(await dialog.getByText("Schön, dass Sie da sind.").isVisible()).toBe(true);

      // debug: misuse is explained in the console.
      await page.evaluate(() =>
        (window as unknown as { Waymark: { start(id: string): void } }).Waymark.start(
          "no-such-guide",
        ),
      );
      await eventually(() =>
        expect(
          waymarkMessages.some(
            (m) =>
              m.includes('Waymark.start("no-such-guide")') &&
              m.includes("no loaded guide has that id"),
          ),
        ).toBe(true),
      );
      // …and the running tour is left alone.
      expect(await dialog.isVisible()).toBe(true);
    });
  }
});

describe.concurrent("a broken guide beside a good one", () => {
  test("the good one runs; a console warning names the broken file and the JSON path", async ({
    onTestFinished,
  }) => {
    const { page, waymarkMessages } = await openPage(
      "/test/fixtures/embed/broken-guide.html",
      onTestFinished,
    );
    await stepNamed(page, "Still works").waitFor();

    await eventually(() =>
      expect(
        waymarkMessages.filter((m) => m.includes("/test/fixtures/guides/embed/mixed/broken.json")),
      ).toEqual([expect.stringContaining("$.steps[1].placement")]),
    );
    expect(waymarkMessages.some((m) => m.includes("good.json"))).toBe(false);
  });
});

describe.concurrent("HTML in guide text", () => {
  test("is shown as plain text, never interpreted", async ({ onTestFinished }) => {
    const requested: string[] = [];
    const context = await browser.newContext();
    context.on("request", (request) => requested.push(new URL(request.url()).pathname));
    const { page } = await openPage("/test/fixtures/embed/html-payload.html", onTestFinished, {
      context,
    });

    const title = 'Hi <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const dialog = stepNamed(page, title);
    await dialog.waitFor();
    expect(
      await dialog
        .getByText(
          'Body <img src=x onerror="window.__pwned=3"> and <script>window.__pwned=4</script> and <b>bold</b>',
          { exact: true },
        )
        .isVisible(),
    ).toBe(true);

    const created = await page.evaluate(() => {
      const shadow = document.querySelector("[data-waymark-host]")!.shadowRoot!;
      return {
        inWidget: shadow.querySelectorAll("img, script, b").length,
        imagesInPage: document.querySelectorAll("img").length,
        pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      };
    });
    expect(created).toEqual({ inWidget: 0, imagesInPage: 0, pwned: undefined });
    // An <img src=x> that had been created would have requested "x" by now.
    await page.evaluate(() => fetch("/api/__echo").then((r) => r.text()));
    expect(requested.filter((p) => p.endsWith("/x"))).toEqual([]);
    expect(
      await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned),
    ).toBeUndefined();
  });
});

describe("the interface is a part loaded beside the script", () => {
  test("only waymark.js loads with the page; the interface is fetched once the page is idle", async ({
    onTestFinished,
  }) => {
    const { page } = await openPage("/test/fixtures/basic.html", onTestFinished);
    await waymarkReady(page);
    const timing = () =>
      page.evaluate(() => {
        const [nav] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
        const scripts = performance
          .getEntriesByType("resource")
          .filter((e) => new URL(e.name).pathname.startsWith("/waymark/"))
          .map((e) => ({ path: new URL(e.name).pathname, start: e.startTime }));
        return { load: nav!.loadEventEnd, scripts };
      });
    await eventually(async () =>
      expect((await timing()).scripts.map((s) => s.path)).toContain("/waymark/waymark-ui.js"),
    );
    const { load, scripts } = await timing();
    for (const s of scripts) {
      if (s.path === "/waymark/waymark.js") expect(s.start).toBeLessThan(load);
      else expect(s.start).toBeGreaterThanOrEqual(load);
    }
    // Fetched, but nothing is added to the page until something is to be shown.
    expect(await page.locator("[data-waymark-host]").count()).toBe(0);
  });

  test("when it cannot load, Waymark says why, the page is unharmed, and it retries once back online", async ({
    onTestFinished,
  }) => {
    const context = await browser.newContext();
    await context.route("**/waymark/waymark-ui.js", (route) => route.abort());
    const opened = await browser.open("/test/fixtures/embed/script-defer.html", { context });
    const { page, waymarkMessages } = opened;
    onTestFinished(() => expect(unexpectedErrors(opened, { failedRequests: true })).toEqual([]));
    await eventually(() =>
      expect(waymarkMessages.join("\n")).toMatch(
        /could not load its interface, waymark-ui\.js, from beside waymark\.js .*Serve every dist\/waymark-\*\.js file next to waymark\.js/,
      ),
    );
    expect(await page.locator("[data-waymark-host]").count()).toBe(0);

    // Back online: the step that was waiting shows without anything else happening.
    await context.unroute("**/waymark/waymark-ui.js");
    await page.evaluate(() => window.dispatchEvent(new Event("online")));
    await stepNamed(page, "Welcome aboard").waitFor();
  });
});

test("the guide explainer is a part too: loaded for a broken guide only, and says the same as before", async ({
  onTestFinished,
}) => {
  const EXPLAINER = "/waymark/waymark-explain.js";
  const open = async (path: string) => {
    const context = await browser.newContext();
    const scripts: string[] = [];
    context.on("request", (r) => {
      if (r.resourceType() === "script") scripts.push(new URL(r.url()).pathname);
    });
    return { ...(await openPage(path, onTestFinished, { context })), scripts };
  };

  // Every guide valid: the tour runs (so the guides were loaded and checked), no explainer.
  const valid = await open("/test/fixtures/embed/script-defer.html");
  await stepNamed(valid.page, "Welcome aboard").waitFor();
  expect(valid.scripts).not.toContain(EXPLAINER);

  // A broken guide beside a good one: the explainer is loaded and explains the mistake in full.
  const broken = await open("/test/fixtures/embed/broken-guide.html");
  await stepNamed(broken.page, "Still works").waitFor();
  await eventually(() =>
    expect(broken.waymarkMessages.join("\n")).toContain(
      '/test/fixtures/guides/embed/mixed/broken.json $.steps[1].placement: unknown placement "middle" (expected "top", "top-start", "top-end", "right", "right-start", "right-end", "bottom", "bottom-start", "bottom-end", "left", "left-start" or "left-end"). See https://github.com/waymark-dev/waymark/blob/main/docs/guides.md#step',
    ),
  );
  expect(broken.scripts.filter((s) => s === EXPLAINER)).toEqual([EXPLAINER]);
});

test("when the guide explainer cannot load, the broken guide is still rejected, plainly, and the good one runs", async ({
  onTestFinished,
}) => {
  const context = await browser.newContext();
  await context.route("**/waymark/waymark-explain.js", (route) => route.abort());
  const opened = await browser.open("/test/fixtures/embed/broken-guide.html", { context });
  const { page, waymarkMessages } = opened;
  onTestFinished(() => expect(unexpectedErrors(opened, { failedRequests: true })).toEqual([]));
  await stepNamed(page, "Still works").waitFor();
  await eventually(() =>
    expect(
      waymarkMessages.filter((m) => m.includes("/test/fixtures/guides/embed/mixed/broken.json")),
    ).toEqual([
      expect.stringMatching(
        /\$\.steps\[1\]\.placement: Invalid .* — the full explanation could not be loaded \(.*waymark-explain\.js\); run `npx waymark validate` on this guide for it/,
      ),
    ]),
  );
});
