/**
 * Where a step shows relative to its target, in real Chromium against the built bundle:
 * beside the target and inside the viewport, on the side `placement` asks for, after waiting
 * for a late target, under each `ifMissing` policy, and while the page moves the target about.
 * Positions are compared as the user sees them: the boxes of the dialog and the target.
 */
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, test, type TestContext } from "vitest";
import {
  eventually,
  popoverAttachment,
  recordedEvents,
  stepNamed,
  unexpectedErrors,
  useBrowser,
  type OpenedPage,
} from "./browser";

const CORNERS = "/test/fixtures/targets/corners.html";
const FOLLOW = "/test/fixtures/targets/follow.html";
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
  await result.page.waitForFunction(
    () =>
      typeof (window as unknown as { Waymark?: { exportData?: unknown } }).Waymark?.exportData ===
      "function",
  );
  return result;
}

const start = (page: Page, guide: string, step: string) =>
  page.evaluate(
    ([g, s]) =>
      (
        window as unknown as { Waymark: { start(g: string, o: { step: string }): void } }
      ).Waymark.start(g!, { step: s! }),
    [guide, step],
  );

/** Runs a function of the fixture's stand-in framework (`window.app`). */
const app = (page: Page, method: string, ...args: number[]) =>
  page.evaluate(
    ([m, a]) =>
      (window as unknown as { app: Record<string, (...x: number[]) => void> }).app[m as string]!(
        ...(a as number[]),
      ),
    [method, args] as const,
  );

const stepBox = (page: Page) => page.locator("[data-waymark-host] [role=dialog]").boundingBox();

describe.concurrent("an element step sits next to its target", () => {
  const corners = [
    { step: "top-left", title: "Top left corner" },
    { step: "top-right", title: "Top right corner" },
    { step: "bottom-left", title: "Bottom left corner" },
    { step: "bottom-right", title: "Bottom right corner" },
    { step: "middle", title: "In the middle" },
  ];
  for (const { step, title } of corners) {
    test(`target in the ${step.replace("-", " ")}: beside it, not over it, inside the viewport`, async ({
      onTestFinished,
    }) => {
      const { page } = await openPage(CORNERS, onTestFinished);
      await start(page, "targets-placement", step);
      await stepNamed(page, title).waitFor();
      await eventually(async () => {
        const at = await popoverAttachment(page, `#${step}`);
        expect(at).not.toBeNull();
        expect({
          beside: at!.side !== "overlap" && at!.adjacent,
          inViewport: at!.inViewport,
        }).toEqual({ beside: true, inViewport: true });
        expect(at!.gap).toBeGreaterThanOrEqual(4);
        expect(at!.gap).toBeLessThanOrEqual(24);
      });
    });
  }

  for (const side of ["top", "right", "bottom", "left"] as const) {
    test(`placement "${side}" puts the step on that side, centred on the target`, async ({
      onTestFinished,
    }) => {
      const { page } = await openPage(CORNERS, onTestFinished);
      const title = {
        top: "Placed on top",
        right: "Placed on the right",
        bottom: "Placed at the bottom",
        left: "Placed on the left",
      }[side];
      await start(page, "targets-placement", side);
      await stepNamed(page, title).waitFor();
      await eventually(async () => {
        const at = await popoverAttachment(page, "#middle");
        expect(at && { side: at.side, adjacent: at.adjacent, inViewport: at.inViewport }).toEqual({
          side,
          adjacent: true,
          inViewport: true,
        });
        expect(at!.gap).toBeGreaterThanOrEqual(4);
        expect(at!.gap).toBeLessThanOrEqual(24);
        expect(Math.abs(at!.centreOffset)).toBeLessThanOrEqual(1);
      });
    });
  }
});

describe.concurrent("targets that are late or never appear", () => {
  test("a target that appears 2 s late is waited for, then the step shows next to it", async ({
    onTestFinished,
  }) => {
    const { page } = await openPage(FOLLOW, onTestFinished);
    // Timed in the page (not from the test, which a busy machine can delay).
    await page.evaluate(() => {
      const w = window as unknown as {
        app: { addLate(): void };
        timeline: { shownAfter?: number; dialogsJustBefore?: number };
        Waymark: { start(g: string, o: object): void; on(e: string, f: () => void): void };
      };
      const startedAt = performance.now();
      w.timeline = {};
      w.Waymark.on("step", () => (w.timeline.shownAfter ??= performance.now() - startedAt));
      setTimeout(() => {
        const shadow = document.querySelector("[data-waymark-host]")?.shadowRoot;
        w.timeline.dialogsJustBefore = shadow?.querySelectorAll("[role=dialog]").length ?? 0;
      }, 1900);
      setTimeout(() => w.app.addLate(), 2000);
      w.Waymark.start("targets-follow", { step: "late" });
    });

    await stepNamed(page, "Worth the wait").waitFor();
    const timeline = await page.evaluate(
      () =>
        (window as unknown as { timeline: { shownAfter: number; dialogsJustBefore: number } })
          .timeline,
    );
    // While it waited, nothing half-placed was on screen.
    expect(timeline.dialogsJustBefore).toBe(0);
    expect(timeline.shownAfter).toBeGreaterThanOrEqual(2000);
    expect(timeline.shownAfter).toBeLessThan(4000); // the default wait
    await eventually(async () => {
      const at = await popoverAttachment(page, "#late");
      expect(at && { side: at.side, adjacent: at.adjacent, inViewport: at.inViewport }).toEqual({
        side: "bottom",
        adjacent: true,
        inViewport: true,
      });
    });
    expect(await recordedEvents(page, "targets-follow")).toEqual(["guide.start", "step.show late"]);
  });

  test('ifMissing "modal": the step shows centred and says its target is not showing', async ({
    onTestFinished,
  }) => {
    const { page, waymarkMessages } = await openPage(CORNERS, onTestFinished);
    await start(page, "targets-missing", "modal");
    const dialog = stepNamed(page, "Missing, shown centred");
    await dialog.waitFor();
    expect(await dialog.getByText(/isn't showing right now/).isVisible()).toBe(true);
    await eventually(async () => {
      // Centred in the 1280×800 viewport, to the pixel.
      const box = await stepBox(page);
      expect(Math.abs(box!.x + box!.width / 2 - 640)).toBeLessThanOrEqual(1);
      expect(Math.abs(box!.y + box!.height / 2 - 400)).toBeLessThanOrEqual(1);
    });
    // data-debug is on: the developer is told which selector matched nothing.
    expect(
      waymarkMessages.some((m) => m.includes('"#never-there"') && m.includes("targets-missing")),
    ).toBe(true);
  });

  test('ifMissing "skip": the tour goes on to the next step', async ({ onTestFinished }) => {
    const { page } = await openPage(CORNERS, onTestFinished);
    await start(page, "targets-missing", "skip");
    await stepNamed(page, "After the missing step").waitFor();
    await eventually(async () =>
      expect(await recordedEvents(page, "targets-missing")).toEqual([
        "guide.start",
        "step.show after",
      ]),
    );
  });

  test('ifMissing "end": the tour ends, recorded as guide.dismiss', async ({ onTestFinished }) => {
    const { page } = await openPage(CORNERS, onTestFinished);
    await start(page, "targets-missing", "end");
    await eventually(async () =>
      expect(await recordedEvents(page, "targets-missing")).toEqual([
        "guide.start",
        "guide.dismiss end",
      ]),
    );
    expect(await page.getByRole("dialog").count()).toBe(0);
  });
});

describe.concurrent("the step stays attached when its target", () => {
  const changes = [
    {
      what: "moves (a style change)",
      step: "mover",
      target: "#mover",
      change: (page: Page) => app(page, "move", 520, 360),
    },
    {
      what: "resizes",
      step: "mover",
      target: "#mover",
      change: (page: Page) => app(page, "resize", 260, 90),
    },
    {
      what: "scrolls inside a scroll container",
      step: "deep",
      target: "#deep",
      change: (page: Page) => app(page, "scrollInner", 100),
    },
    {
      what: "scrolls with the page",
      step: "mover",
      target: "#mover",
      change: (page: Page) => app(page, "scrollPage", 120),
    },
    {
      what: "is re-rendered as a new node elsewhere",
      step: "mover",
      target: "#mover",
      change: (page: Page) => app(page, "rerender", 480, 300),
    },
  ];
  const attached = { side: "bottom", gap: 12, adjacent: true, inViewport: true, centreOffset: 0 };

  for (const { what, step, target, change } of changes) {
    test(what, async ({ onTestFinished }) => {
      const { page } = await openPage(FOLLOW, onTestFinished);
      await start(page, "targets-follow", step);
      await page.locator("[data-waymark-host] [role=dialog]").waitFor();
      await eventually(async () => expect(await popoverAttachment(page, target)).toEqual(attached));
      const before = {
        target: await page.locator(target).boundingBox(),
        step: await stepBox(page),
      };

      await change(page);
      await eventually(async () =>
        expect(await page.locator(target).boundingBox()).not.toEqual(before.target),
      );
      await eventually(async () => expect(await popoverAttachment(page, target)).toEqual(attached));
      expect(await stepBox(page)).not.toEqual(before.step);
    });
  }
});
