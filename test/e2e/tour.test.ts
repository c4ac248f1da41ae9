/**
 * A tour as a user takes it, in real Chromium against the built script-tag bundle: by keyboard
 * only and by mouse, every way a step can advance, and branching. Assertions are what a user
 * perceives (dialog names, buttons, progress text, focus, the live region) plus the events
 * Waymark recorded (`exportData()`).
 */
import type { Page } from "playwright-core";
import { describe, expect, test, type TestContext } from "vitest";
import {
  eventually,
  focusedElement,
  injectFailure,
  liveRegion,
  recordedEvents,
  stepNamed,
  unexpectedErrors,
  useBrowser,
} from "./browser";

const APP = "/test/fixtures/tour/app.html";
const browser = useBrowser();

type OnFinished = TestContext["onTestFinished"];

/**
 * Opens the app fixture for one test; when the test ends, the host page must have seen no
 * errors. Tests run concurrently (each in its own browser context), so the check is tied to
 * the test through its own `onTestFinished`.
 */
async function openApp(
  onTestFinished: OnFinished,
  options: { failedRequests?: boolean } = {},
): Promise<Page> {
  const result = await browser.open(APP);
  result.page.setDefaultTimeout(10_000);
  onTestFinished(() => expect(unexpectedErrors(result, options)).toEqual([]));
  // The bundle is deferred: wait until the real API is in place.
  await result.page.waitForFunction(
    () =>
      typeof (window as unknown as { Waymark?: { exportData?: unknown } }).Waymark?.exportData ===
      "function",
  );
  return result.page;
}

const start = (page: Page, guide: string, step?: string) =>
  page.evaluate(
    ([g, s]) =>
      (
        window as unknown as { Waymark: { start(g: string, o?: { step?: string }): void } }
      ).Waymark.start(g!, s ? { step: s } : {}),
    [guide, step],
  );

/** Names of the buttons in the open step, in order ("Close" is the × button's label). */
function stepButtons(page: Page): Promise<string[]> {
  return page
    .locator("[data-waymark-host] [role=dialog] button")
    .evaluateAll((buttons) =>
      buttons.map((b) => b.getAttribute("aria-label") ?? b.textContent?.trim() ?? ""),
    );
}

/**
 * The step named `title` is showing with `progress` ("2 of 5") and exactly `buttons`, has
 * taken focus (so keyboard users follow along), and was announced.
 */
async function expectStep(page: Page, title: string, progress: string, buttons: string[]) {
  const dialog = stepNamed(page, title);
  await dialog.waitFor();
  expect(await page.getByRole("dialog").count()).toBe(1);
  expect(await dialog.getByText(progress, { exact: true }).isVisible()).toBe(true);
  expect(await stepButtons(page)).toEqual(buttons);
  await eventually(async () => expect(await focusedElement(page)).toBe(`dialog "${title}"`));
  const [current, total] = progress.split(" of ");
  await eventually(async () =>
    expect(await liveRegion(page).textContent()).toBe(`Step ${current} of ${total}: ${title}`),
  );
}

async function expectNoStep(page: Page) {
  await page.locator("[data-waymark-host] [role=dialog]").waitFor({ state: "detached" });
}

/** Presses Tab until `name` has focus; returns every stop on the way. Fails after `max` presses. */
async function tabTo(page: Page, name: string, max = 8): Promise<string[]> {
  const stops: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    stops.push(await focusedElement(page));
    if (stops[stops.length - 1] === name) return stops;
  }
  throw new Error(`Tab never reached ${name}; focus went ${stops.join(" → ")}`);
}

// ---- A full tour, the same way by keyboard only and by mouse ----------------------------------

interface Way {
  name: string;
  start(page: Page): Promise<void>;
  /** Presses the primary button ("Next" or "Done"). */
  primary(page: Page, label: "Next" | "Done"): Promise<void>;
  back(page: Page): Promise<void>;
  /** Types "inv" into the highlighted search field. */
  search(page: Page): Promise<void>;
}

function keyboardOnly(): Way {
  let turn = 0;
  return {
    name: "keyboard only",
    async start(page) {
      await page.locator("#start-tour").focus();
      await page.keyboard.press("Enter");
    },
    async primary(page, label) {
      // Enter, ArrowRight and Space in turn: each must move the tour on.
      const key =
        label === "Done" ? "Enter" : (["Enter", "ArrowRight", "Space"] as const)[turn++ % 3]!;
      if (key === "ArrowRight") return page.keyboard.press(key);
      const stops = await tabTo(page, `button "${label}"`);
      expect(stops.every((s) => s.startsWith("button "))).toBe(true);
      await page.keyboard.press(key);
    },
    async back(page) {
      await page.keyboard.press("ArrowLeft");
    },
    async search(page) {
      // The step asks the user to act on the field, so Tab reaches it after the step's buttons.
      expect(await tabTo(page, "#search")).toEqual(['button "Close"', 'button "Back"', "#search"]);
      // Arrows while the value does not match yet (once it matches, the step moves on by itself).
      await page.keyboard.type("nv");
      await page.keyboard.press("ArrowLeft"); // caret, not "Back"
      await page.keyboard.press("ArrowRight"); // caret, not "Next"
      await page.keyboard.press("ArrowLeft");
      await page.keyboard.press("ArrowLeft");
      await page.keyboard.type("i");
    },
  };
}

function mouse(): Way {
  const click = (page: Page, name: string) =>
    page.locator("[data-waymark-host]").getByRole("button", { name, exact: true }).click();
  return {
    name: "mouse",
    start: (page) => page.locator("#start-tour").click(),
    primary: (page, label) => click(page, label),
    back: (page) => click(page, "Back"),
    async search(page) {
      await page.locator("#search").click();
      await page.keyboard.type("inv");
    },
  };
}

describe.concurrent("a full tour", () => {
  for (const makeWay of [keyboardOnly, mouse]) {
    const way = makeWay();
    test(`by ${way.name}: steps, progress, announcements, Done, focus and events`, async ({
      onTestFinished,
    }) => {
      const page = await openApp(onTestFinished);
      await way.start(page);

      await expectStep(page, "Welcome to Acme", "1 of 5", ["Close", "Next"]);
      await way.primary(page, "Next");
      // A step the user completes on the page has no Next button.
      await expectStep(page, "Search for invoices", "2 of 5", ["Close", "Back"]);
      await way.back(page);
      await expectStep(page, "Welcome to Acme", "1 of 5", ["Close", "Next"]);
      await way.primary(page, "Next");
      await expectStep(page, "Search for invoices", "2 of 5", ["Close", "Back"]);

      await way.search(page);
      // The arrows moved the caret (and, below, recorded no extra step.back or step.done).
      expect(await page.locator("#search").inputValue()).toBe("inv");
      await expectStep(page, "Narrow it down", "3 of 5", ["Close", "Back", "Next"]);
      await way.primary(page, "Next");
      await expectStep(page, "Export your data", "4 of 5", ["Close", "Back", "Next"]);
      await way.primary(page, "Next");
      await expectStep(page, "You're all set", "5 of 5", ["Close", "Back", "Done"]);
      await way.primary(page, "Done");

      await expectNoStep(page);
      await eventually(async () =>
        expect(await liveRegion(page).textContent()).toBe("Tour complete."),
      );
      await eventually(async () => expect(await focusedElement(page)).toBe("#start-tour"));
      await eventually(async () =>
        expect(await recordedEvents(page, "tour-main")).toEqual([
          "guide.start",
          "step.show welcome",
          "step.done welcome",
          "step.show search",
          "step.back search",
          "step.show welcome",
          "step.done welcome",
          "step.show search",
          "step.done search",
          "step.show filters",
          "step.done filters",
          "step.show export",
          "step.done export",
          "step.show finish",
          "step.done finish",
          "guide.done finish",
        ]),
      );
    });
  }
});

describe.concurrent("keyboard", () => {
  const cycles = [
    { at: "a step with a Next button", reach: [], cycle: ['button "Close"', 'button "Next"'] },
    // The user must type into the target, so the target joins the cycle.
    {
      at: "a step that waits for the user to type",
      reach: ["Next"],
      cycle: ['button "Close"', 'button "Back"', "#search"],
    },
  ];
  for (const { at, reach, cycle } of cycles) {
    test(`Tab and Shift+Tab cycle inside ${at}`, async ({ onTestFinished }) => {
      const page = await openApp(onTestFinished);
      await start(page, "tour-main");
      await stepNamed(page, "Welcome to Acme").waitFor();
      for (const name of reach)
        await page
          .locator("[data-waymark-host]")
          .getByRole("button", { name, exact: true })
          .click();
      // The step has taken focus; Tab goes on from there.
      await eventually(async () => expect(await focusedElement(page)).toMatch(/^dialog "/));

      const forward: string[] = [];
      for (let i = 0; i < cycle.length * 2 + 1; i++) {
        await page.keyboard.press("Tab");
        forward.push(await focusedElement(page));
      }
      expect(forward).toEqual([...cycle, ...cycle, cycle[0]]);
      const backward: string[] = [];
      for (let i = 0; i < cycle.length; i++) {
        await page.keyboard.press("Shift+Tab");
        backward.push(await focusedElement(page));
      }
      expect(backward).toEqual([...cycle].reverse());
    });
  }

  const fields = [
    {
      where: "the field the step asks the user to fill (reached with Tab)",
      step: "search",
      title: "Search for invoices",
      field: "#search",
      focus: async (page: Page) => void (await tabTo(page, "#search")),
    },
    {
      where: "a page field the host app focused while a Next step is open",
      step: "filters",
      title: "Narrow it down",
      field: "#notes",
      focus: (page: Page) => page.evaluate(() => document.getElementById("notes")!.focus()),
    },
  ];
  for (const { where, step, title, field, focus } of fields) {
    test(`arrow keys typed into ${where} move the caret, not the tour`, async ({
      onTestFinished,
    }) => {
      const page = await openApp(onTestFinished);
      await start(page, "tour-main", step);
      await stepNamed(page, title).waitFor();
      await eventually(async () => expect(await focusedElement(page)).toBe(`dialog "${title}"`));
      await focus(page);
      await eventually(async () => expect(await focusedElement(page)).toBe(field));

      await page.keyboard.type("ac");
      await page.keyboard.press("ArrowLeft");
      await page.keyboard.type("b");
      await page.keyboard.press("ArrowRight");
      await page.keyboard.press("ArrowLeft");
      await page.keyboard.press("ArrowRight");

      expect(await page.locator(field).inputValue()).toBe("abc");
      expect(await stepNamed(page, title).isVisible()).toBe(true);
      expect(await recordedEvents(page, "tour-main")).toEqual(["guide.start", `step.show ${step}`]);
    });
  }

  const endings = [
    {
      how: "Esc",
      focusedBefore: "#start-tour",
      close: (page: Page) => page.keyboard.press("Escape"),
    },
    {
      how: "the Close button",
      focusedBefore: "#email",
      close: (page: Page) =>
        page
          .locator("[data-waymark-host]")
          .getByRole("button", { name: "Close", exact: true })
          .click(),
    },
  ];
  for (const { how, focusedBefore, close } of endings) {
    test(`${how} closes the tour and focus returns to ${focusedBefore}`, async ({
      onTestFinished,
    }) => {
      const page = await openApp(onTestFinished);
      await page.locator(focusedBefore).focus();
      await start(page, "tour-main");
      await stepNamed(page, "Welcome to Acme").waitFor();
      await eventually(async () =>
        expect(await focusedElement(page)).toBe('dialog "Welcome to Acme"'),
      );
      await page.keyboard.press("ArrowRight");
      await stepNamed(page, "Search for invoices").waitFor();

      await close(page);
      await expectNoStep(page);
      await eventually(async () => expect(await focusedElement(page)).toBe(focusedBefore));
      await eventually(async () =>
        expect(await liveRegion(page).textContent()).toBe("Tour closed."),
      );
      await eventually(async () =>
        expect(await recordedEvents(page, "tour-main")).toEqual([
          "guide.start",
          "step.show welcome",
          "step.done welcome",
          "step.show search",
          "guide.dismiss search",
        ]),
      );
    });
  }
});

// ---- Every advance kind ------------------------------------------------------------------------

/** Clicks where the user sees `selector`: on a tour step that is the dim overlay, unless it is the target. */
async function clickWhereShown(page: Page, selector: string) {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} is not on screen`);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

/** Runs host-page code (the app itself, not the user). */
const hostCall = async (page: Page, fn: () => unknown): Promise<void> =>
  void (await page.evaluate(fn));
/** Lets Waymark's observers (deferred location checks, a visibility poll) catch up before a negative check. */
const settle = (page: Page, ms = 300) => page.waitForTimeout(ms);

interface AdvanceCase {
  kind: string;
  step: string;
  title: string;
  /** Something close to the condition that must not complete the step. */
  decoy?(page: Page): Promise<void>;
  /** What the user (or the host app) does that completes it. */
  act(page: Page): Promise<void>;
}

const advanceCases: AdvanceCase[] = [
  {
    kind: "next (the Next button)",
    step: "next",
    title: "Advance: next",
    act: (page) =>
      page
        .locator("[data-waymark-host]")
        .getByRole("button", { name: "Next", exact: true })
        .click(),
  },
  {
    kind: 'click on a selector ({"click": "#reveal"})',
    step: "click-selector",
    title: "Advance: click a selector",
    decoy: (page) => clickWhereShown(page, "#paid"),
    act: (page) => page.locator("#reveal").click(),
  },
  {
    kind: 'click on the target ({"click": true})',
    step: "click-target",
    title: "Advance: click the target",
    decoy: (page) => clickWhereShown(page, "#reveal"),
    act: (page) => page.locator("#export").click(),
  },
  {
    kind: 'input matching a pattern ({"input": "#email", "matches": …})',
    step: "input",
    title: "Advance: input",
    async decoy(page) {
      await page.locator("#email").fill("ada");
      await page.locator("#email").blur(); // a change event with a value that does not match
      await settle(page, 900); // longer than the typing pause an input advance waits for
    },
    act: (page) => page.locator("#email").fill("ada@example.com"),
  },
  {
    kind: 'an SPA page change by pushState ({"page": …})',
    step: "page",
    title: "Advance: page",
    async decoy(page) {
      await hostCall(page, () => history.pushState({}, "", "/test/fixtures/tour/settings"));
      await settle(page, 100);
    },
    act: (page) => page.getByRole("link", { name: "Reports" }).click(),
  },
  {
    kind: 'an element appearing ({"element": "#panel"})',
    step: "element",
    title: "Advance: element",
    async decoy(page) {
      // In the DOM but hidden: not there as far as the user can see.
      await hostCall(page, () =>
        (window as unknown as { addPanel(hidden: boolean): void }).addPanel(true),
      );
      await settle(page, 400);
    },
    act: (page) =>
      hostCall(page, () =>
        (window as unknown as { addPanel(hidden: boolean): void }).addPanel(false),
      ),
  },
  {
    kind: 'a host event ({"event": …} from Waymark.track)',
    step: "event",
    title: "Advance: event",
    decoy: (page) =>
      hostCall(page, () =>
        (window as unknown as { Waymark: { track(n: string): void } }).Waymark.track(
          "report-viewed",
        ),
      ),
    act: (page) => hostCall(page, () => document.getElementById("export")!.click()),
  },
  {
    kind: 'a 2xx response to a fetch ({"request": …})',
    step: "request",
    title: "Advance: request",
    async decoy(page) {
      // Same URL, other method: the host's background refresh.
      await hostCall(page, () => fetch("/api/__echo").then((r) => r.status));
      await settle(page, 100);
    },
    act: (page) => page.locator("#save-fetch").click(),
  },
  {
    kind: 'a 2xx response to an XMLHttpRequest ({"request": …})',
    step: "request",
    title: "Advance: request",
    act: (page) => hostCall(page, () => document.getElementById("save-xhr")!.click()),
  },
];

describe.concurrent("every advance kind", () => {
  for (const { kind, step, title, decoy, act } of advanceCases) {
    test(`${kind} completes the step`, async ({ onTestFinished }) => {
      const page = await openApp(onTestFinished);
      await start(page, "tour-advance", step);
      await stepNamed(page, title).waitFor();
      const buttons = await stepButtons(page);
      expect(buttons.includes("Next")).toBe(step === "next");

      if (decoy) {
        await decoy(page);
        expect(await stepNamed(page, title).isVisible()).toBe(true);
      }
      await act(page);
      await stepNamed(page, "Condition met").waitFor();
      await eventually(async () =>
        expect(await recordedEvents(page, "tour-advance")).toEqual([
          "guide.start",
          `step.show ${step}`,
          `step.done ${step}`,
          "step.show met",
        ]),
      );
    });
  }

  const failures = [
    { status: 422, transport: "fetch", shown: "Failed (422)" },
    { status: 500, transport: "xhr", shown: "Failed (500)" },
    { status: "drop", transport: "fetch", shown: "Failed (network)" },
    { status: "drop", transport: "xhr", shown: "Failed (0)" },
  ] as const;
  for (const { status, transport, shown } of failures) {
    test(`a request step whose ${transport} request fails (${status}) goes to its onFail step`, async ({
      onTestFinished,
    }) => {
      // Each case fails its own route, so cases running side by side never take each other's failure.
      const route = `/api/e2e-tour/orders-${status}-${transport}`;
      await injectFailure({ route, method: "POST", status, times: 1 });
      const page = await openApp(onTestFinished, { failedRequests: true });
      await start(page, "tour-advance", "order");
      await stepNamed(page, "Place the order").waitFor();

      await page.evaluate(
        ([t, r]) =>
          (window as unknown as { placeOrder(t: string, r: string): void }).placeOrder(t, r),
        [transport, route] as const,
      );
      await stepNamed(page, "The order did not go through").waitFor();
      // The host's own handling of the failure is untouched.
      await eventually(async () => expect(await page.locator("#result").textContent()).toBe(shown));
      expect(await stepButtons(page)).toEqual(["Close", "Back", "Next"]);
      await eventually(async () =>
        expect(await recordedEvents(page, "tour-advance")).toEqual([
          "guide.start",
          "step.show order",
          "step.show order-failed",
        ]),
      );
    });
  }
});

describe.concurrent("branching next", () => {
  const branches = [
    {
      when: "the user is on the pro plan",
      setup: (page: Page) =>
        hostCall(page, () =>
          (window as unknown as { Waymark: { identify(t: object): void } }).Waymark.identify({
            plan: "pro",
          }),
        ),
      title: "Pro features",
      progress: "2 of 5",
    },
    {
      when: "a trial banner is showing",
      setup: (page: Page) =>
        hostCall(page, () => (window as unknown as { showTrialBanner(): void }).showTrialBanner()),
      title: "Your trial",
      progress: "3 of 5",
    },
    {
      when: "no condition holds (the fallback branch)",
      setup: async () => {},
      title: "Upgrade to Pro",
      progress: "4 of 5",
    },
  ];
  for (const { when, setup, title, progress } of branches) {
    test(`goes to "${title}" when ${when}`, async ({ onTestFinished }) => {
      const page = await openApp(onTestFinished);
      await setup(page);
      await start(page, "tour-branch");
      await expectStep(page, "Your plan", "1 of 5", ["Close", "Next"]);
      const click = (name: string) =>
        page.locator("[data-waymark-host]").getByRole("button", { name, exact: true }).click();

      await click("Next");
      await expectStep(page, title, progress, ["Close", "Back", "Next"]);
      await click("Back");
      await expectStep(page, "Your plan", "1 of 5", ["Close", "Next"]);
      await click("Next");
      await expectStep(page, title, progress, ["Close", "Back", "Next"]);
      await click("Next");
      await expectStep(page, "Questions?", "5 of 5", ["Close", "Back", "Done"]);
    });
  }
});
