/**
 * Tours across page loads and client-side routes, and when guides are offered (SPEC §3 `page`,
 * `start`, `frequency`, `version`, `goal`; §5 progress): a multi-page tour resumes at the right
 * step after a reload or a followed link, SPA route changes (pushState and hash) show the step
 * for the new route, a step on another page offers "Go there", and guides are offered, or not,
 * as their start condition, frequency, version and goal say.
 */
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, test, type TestContext } from "vitest";
import {
  eventually,
  recordedEvents,
  stepNamed,
  storedProgress,
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

const waymarkReady = (page: Page) =>
  page.waitForFunction(
    () =>
      typeof (window as unknown as { Waymark?: { exportData?: unknown } }).Waymark?.exportData ===
      "function",
  );
const start = async (page: Page, guide: string, step?: string) => {
  await waymarkReady(page);
  await page.evaluate(
    ([g, s]) =>
      (window as unknown as { Waymark: { start(g: string, o?: object): void } }).Waymark.start(
        g!,
        s ? { step: s } : {},
      ),
    [guide, step],
  );
};
const click = (page: Page, name: string) =>
  page.locator("[data-waymark-host]").getByRole("button", { name, exact: true }).click();
const dialogs = (page: Page) => page.locator("[data-waymark-host] [role=dialog]");

/** The step named `title` shows "n of m" and sits next to `target` (not over it), or centred when no target. */
async function expectStep(page: Page, title: string, progress: string, target?: string) {
  const dialog = stepNamed(page, title);
  await dialog.waitFor();
  expect(await dialogs(page).count()).toBe(1);
  expect(await dialog.getByText(progress, { exact: true }).isVisible()).toBe(true);
  if (target) {
    await eventually(async () => {
      const [step, box] = await Promise.all([
        dialog.boundingBox(),
        page.locator(target).boundingBox(),
      ]);
      const apart =
        step!.y >= box!.y + box!.height ||
        step!.y + step!.height <= box!.y ||
        step!.x >= box!.x + box!.width ||
        step!.x + step!.width <= box!.x;
      expect(apart, `"${title}" overlaps ${target}`).toBe(true);
    });
  }
}

/** Started guides by the page they started on: `"nav-tip@/test/fixtures/nav/goal-b.html"`. */
async function guideStarts(page: Page): Promise<string[]> {
  const data = await page.evaluate(() =>
    (
      window as unknown as {
        Waymark: { exportData(): Promise<{ events: Array<Record<string, string>> }> };
      }
    ).Waymark.exportData(),
  );
  return data.events.filter((e) => e.type === "guide.start").map((e) => `${e.guide}@${e.page}`);
}

describe.concurrent("a multi-page tour", () => {
  const ONE = "/test/fixtures/nav/one.html";

  async function atStepGo(page: Page) {
    await start(page, "nav-multi");
    await expectStep(page, "Invoices live here", "1 of 4");
    await click(page, "Next");
    await expectStep(page, "Open the new invoice form", "2 of 4", "#go-two");
    // Progress is written as the step changes; wait for it, then leave the page.
    await eventually(async () =>
      expect((await storedProgress(page, "nav-multi"))?.step).toBe("go"),
    );
  }

  test("resumes at the same step after a reload, with Back still available", async ({
    onTestFinished,
  }) => {
    const { page } = await openPage(ONE, onTestFinished);
    await atStepGo(page);

    await page.reload();
    await expectStep(page, "Open the new invoice form", "2 of 4", "#go-two");
    expect(await dialogs(page).getByRole("button", { name: "Back", exact: true }).isVisible()).toBe(
      true,
    );
    await click(page, "Back");
    await expectStep(page, "Invoices live here", "1 of 4");
    expect(
      await recordedEvents(page, "nav-multi").then((events) =>
        events.filter((e) => e === "guide.start"),
      ),
    ).toEqual(["guide.start"]);
  });

  test("goes on at the next step after following a link to the next page (a full page load), and resumes there after a reload", async ({
    onTestFinished,
  }) => {
    const { page } = await openPage(ONE, onTestFinished);
    await atStepGo(page);

    await Promise.all([page.waitForURL("**/nav/two.html"), page.locator("#go-two").click()]);
    await expectStep(page, "Enter the amount", "3 of 4", "#amount");
    await eventually(async () =>
      expect((await storedProgress(page, "nav-multi"))?.step).toBe("amount"),
    );

    await page.reload();
    await expectStep(page, "Enter the amount", "3 of 4", "#amount");
    await click(page, "Next");
    await expectStep(page, "Ready to send", "4 of 4");
    expect(
      await recordedEvents(page, "nav-multi").then((events) =>
        events.filter((e) => e === "guide.start"),
      ),
    ).toEqual(["guide.start"]);
  });

  test('a step whose page is elsewhere says so and offers a "Go there" link that leads to it', async ({
    onTestFinished,
  }) => {
    const { page } = await openPage(ONE, onTestFinished);
    await start(page, "nav-multi", "amount");

    const dialog = stepNamed(page, "Enter the amount");
    await dialog.waitFor();
    expect(await dialog.getByText("This step continues on another page.").isVisible()).toBe(true);
    const link = dialog.getByRole("link", { name: "Go there", exact: true });
    expect(await link.getAttribute("href")).toBe("/test/fixtures/nav/two.html");

    await Promise.all([page.waitForURL("**/nav/two.html"), link.click()]);
    await expectStep(page, "Enter the amount", "3 of 4", "#amount");
    expect(
      await stepNamed(page, "Enter the amount").getByRole("link", { name: "Go there" }).count(),
    ).toBe(0);
  });
});

describe.concurrent("single-page apps", () => {
  const routers = [
    {
      by: "history.pushState",
      path: "/test/fixtures/nav/spa/",
      guide: "nav-spa-history",
      reportsUrl: "**/nav/spa/reports",
    },
    {
      by: "hash (#/overview → #/reports)",
      path: "/test/fixtures/nav/hash.html#/overview",
      guide: "nav-spa-hash",
      reportsUrl: "**/nav/hash.html#/reports",
    },
  ];

  for (const { by, path, guide, reportsUrl } of routers) {
    test(`a route change by ${by} shows the step for the new route`, async ({ onTestFinished }) => {
      const { page } = await openPage(path, onTestFinished);
      await start(page, guide);
      await expectStep(page, "Your overview", "1 of 2", "#summary");
      await click(page, "Next");
      // The next step lives on the reports route: the user is told where to go.
      const reports = stepNamed(page, "Your reports");
      await reports.waitFor();
      expect(await reports.getByText("This step continues on another page.").isVisible()).toBe(
        true,
      );

      await page.getByRole("link", { name: "Reports", exact: true }).click();
      await page.waitForURL(reportsUrl);
      await expectStep(page, "Your reports", "2 of 2", "#report-chart");
      expect(await reports.getByText("This step continues on another page.").count()).toBe(0);

      // And back: the step again points elsewhere, without the page reloading.
      await page.goBack();
      await eventually(async () =>
        expect(await reports.getByText("This step continues on another page.").count()).toBe(1),
      );
    });
  }
});

describe.concurrent("start conditions", () => {
  test("auto-start a guide on a matching page, without any call", async ({ onTestFinished }) => {
    const { page } = await openPage("/test/fixtures/nav/welcome.html", onTestFinished);
    await expectStep(page, "Welcome to Ledger", "1 of 2");
    expect(await guideStarts(page)).toEqual(["nav-welcome@/test/fixtures/nav/welcome.html"]);
  });

  const routes = [
    {
      by: "history.pushState",
      path: "/test/fixtures/nav/spa/",
      reports: "/test/fixtures/nav/spa/reports",
    },
    {
      by: "a hash change",
      path: "/test/fixtures/nav/hash.html#/overview",
      reports: "/test/fixtures/nav/hash.html",
    },
  ];
  for (const { by, path, reports } of routes) {
    test(`auto-start a guide when an SPA route change by ${by} reaches a matching route`, async ({
      onTestFinished,
    }) => {
      const { page } = await openPage(path, onTestFinished);
      await waymarkReady(page);
      await page.getByRole("link", { name: "Reports", exact: true }).click();
      await expectStep(page, "Tips for reports", "1 of 1", "#report-chart");
      // Started on the reports route, not on the overview it was loaded on.
      expect(await guideStarts(page)).toEqual([`nav-spa-auto@${reports}`]);
    });
  }
});

describe.concurrent('frequency "once" and version', () => {
  const endings = [
    {
      how: "finished with Done",
      status: "done",
      async end(page: Page) {
        await click(page, "Next");
        await stepNamed(page, "Create invoices here").waitFor();
        await click(page, "Done");
      },
    },
    { how: "dismissed with Close", status: "dismissed", end: (page: Page) => click(page, "Close") },
  ];
  for (const { how, status, end } of endings) {
    test(`a guide ${how} is not offered again after a reload; a bumped version offers it again`, async ({
      onTestFinished,
    }) => {
      const { page } = await openPage("/test/fixtures/nav/welcome.html", onTestFinished);
      await expectStep(page, "Welcome to Ledger", "1 of 2");
      await end(page);
      await dialogs(page).waitFor({ state: "detached" });
      await eventually(async () =>
        expect((await storedProgress(page, "nav-welcome"))?.status).toBe(status),
      );

      // The page also offers an "always" tip, listed after the welcome guide: it shows only
      // when the welcome guide is passed over, which proves the offer was made and declined.
      await page.reload();
      await expectStep(page, "Tip of the day", "1 of 1");
      expect(await stepNamed(page, "Welcome to Ledger").count()).toBe(0);
      await click(page, "Close"); // an open tour would resume on the next page instead of new offers
      await dialogs(page).waitFor({ state: "detached" });

      // The same guide, version 2: offered again.
      await page.goto(page.url().replace("welcome.html", "welcome-v2.html"));
      await expectStep(page, "What's new in Ledger", "1 of 2");
      expect(await guideStarts(page)).toEqual([
        "nav-welcome@/test/fixtures/nav/welcome.html",
        "nav-tip@/test/fixtures/nav/welcome.html",
        "nav-welcome@/test/fixtures/nav/welcome-v2.html",
      ]);
    });
  }
});

describe.concurrent("goal", () => {
  test("reaching the goal (a request) without the tour marks the guide done, so it is not offered", async ({
    onTestFinished,
  }) => {
    const { page } = await openPage("/test/fixtures/nav/goal-a.html", onTestFinished);
    await waymarkReady(page);
    await page.locator("#send").click();
    await eventually(async () => expect(await page.locator("#result").textContent()).toBe("Sent"));
    await eventually(async () =>
      expect((await storedProgress(page, "nav-goal"))?.status).toBe("done"),
    );
    expect(await recordedEvents(page, "nav-goal")).toEqual(["guide.done"]);
    expect(await dialogs(page).count()).toBe(0);

    // On the page where it would start, the next guide in line (the tip) is offered instead.
    await page.goto(page.url().replace("goal-a.html", "goal-b.html"));
    await expectStep(page, "Tip of the day", "1 of 1");
    expect(await guideStarts(page)).toEqual(["nav-tip@/test/fixtures/nav/goal-b.html"]);
  });

  test("without the goal reached, the guide is offered on its start page", async ({
    onTestFinished,
  }) => {
    const { page } = await openPage("/test/fixtures/nav/goal-b.html", onTestFinished);
    await expectStep(page, "Send your first invoice", "1 of 2", "#send");
  });

  test("reaching the goal while its tour is open finishes the tour as done", async ({
    onTestFinished,
  }) => {
    const { page } = await openPage("/test/fixtures/nav/goal-b.html", onTestFinished);
    await expectStep(page, "Send your first invoice", "1 of 2", "#send");
    await page.locator("#send").click();
    await dialogs(page).waitFor({ state: "detached" });
    await eventually(async () =>
      expect((await storedProgress(page, "nav-goal"))?.status).toBe("done"),
    );
    await eventually(async () =>
      expect(await recordedEvents(page, "nav-goal")).toEqual([
        "guide.start",
        "step.show intro",
        "guide.done intro",
      ]),
    );
  });
});
