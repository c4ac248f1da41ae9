/**
 * Hostile host CSS and layout (issue #8, part 3; SPEC §2 "never break the host page", §4
 * "works at 320 px wide"): CSS resets, a 10 px root font, `!important` rules aimed at every
 * div and button, max-z-index layers added after Waymark, transformed / `overflow: hidden` /
 * `contain: paint` ancestors, an open modal `<dialog>`, an RTL page and a 320 px viewport.
 * On each, every surface we open — the anchored step, the centred modal step, a help card,
 * the "Before you contact us" panel, the "Report a problem" preview, the insights panel and
 * the demo controls of a playing "Show me" demo — must be named, legible, inside the viewport,
 * on top (the point at its centre hits Waymark) and operable (its buttons click).
 * Screenshots of every surface go to test-results/hostile/ (git-ignored).
 */
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { eventually, stepNamed, unexpectedErrors, useBrowser } from "./browser";

const shots = fileURLToPath(new URL("../../test-results/hostile/", import.meta.url));
mkdirSync(shots, { recursive: true });

const browser = useBrowser();

interface Case {
  name: string;
  /** What the page does to us. */
  what: string;
  viewport?: { width: number; height: number };
  /** Another value of ?case= for the fixture (default: name). */
  fixture?: string;
}

const CASES: Case[] = [
  { name: "plain", what: "an ordinary page (the baseline)" },
  {
    name: "reset",
    what: "`*, *::before, *::after { all: unset !important }` and `html { font-size: 10px !important }`",
  },
  {
    name: "root-font",
    what: "`html { font-size: 10px }`, a 6 px body font, letter-spacing, uppercase, transparent text",
  },
  {
    name: "important",
    what: "`div, button, h2, p, [role=dialog] { display: none; opacity: 0; transform: scale(.2); … !important }`",
  },
  {
    name: "z-index",
    what: "a cookie banner and a full-page veil at z-index 2147483647, added after Waymark",
  },
  {
    name: "transformed",
    what: "transformed, `overflow: hidden`, `contain: paint` and `will-change` ancestors; the body clips",
  },
  { name: "dialog", what: "the host's modal <dialog> open (top layer, everything else inert)" },
  {
    name: "dialog-later",
    what: "the host's modal <dialog> opened while a step shows, closed before the help card",
  },
  { name: "rtl", what: '`<html dir="rtl">`' },
  {
    name: "narrow",
    what: "a 320 × 640 viewport",
    viewport: { width: 320, height: 640 },
    fixture: "plain",
  },
  {
    name: "narrow-reset",
    what: "the reset at 320 × 640",
    viewport: { width: 320, height: 640 },
    fixture: "reset",
  },
];

type W = Window & {
  Waymark: {
    start(id: string): void;
    fail(name: string): void;
    support(): void;
    report(): void;
    insights(): void;
    __loaded?: boolean;
  };
};

/** Where a surface's title is, and the size it must have. */
interface Title {
  /** The title element, looked up inside the surface, or inside `scope` when given. */
  selector: string;
  /** An ancestor of the surface to look in (the demo toolbar's title line is its sibling). */
  scope?: string;
  /** Its computed font size in px: exactly what widget.css sets, whatever the page does. */
  size: number;
}

/** Dialog titles (`h2.wm-title`): 17 px. */
const DIALOG_TITLE: Title = { selector: ".wm-title", size: 17 };

/**
 * Named, legible, in the viewport, on top and not inert; every button named and at least
 * 14 px. `surface` was found by its accessible name.
 */
async function assertUsable(page: Page, surface: Locator, what: string, title = DIALOG_TITLE) {
  await eventually(async () => expect(await surface.isVisible(), `${what} is visible`).toBe(true));
  const viewport = page.viewportSize()!;
  await eventually(async () => {
    const box = (await surface.boundingBox())!;
    expect(box, `${what} has a box`).not.toBeNull();
    expect(box.x, `${what} left edge`).toBeGreaterThanOrEqual(0);
    expect(box.y, `${what} top edge`).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `${what} right edge`).toBeLessThanOrEqual(viewport.width + 0.5);
    expect(box.y + box.height, `${what} bottom edge`).toBeLessThanOrEqual(viewport.height + 0.5);
    expect(box.width, `${what} width`).toBeGreaterThan(200);
  });
  // Polled: the entry animation fades the surface in.
  await eventually(async () => {
    const facts = await surface.evaluate((el, title) => {
      const scope = title.scope ? el.closest(title.scope) : el;
      const heading = scope?.querySelector(title.selector) ?? null;
      const style = heading ? getComputedStyle(heading) : null;
      const box = el.getBoundingClientRect();
      // The topmost element at the surface's centre, looked up through shadow roots.
      let hit: Element | null = document.elementFromPoint(
        box.x + box.width / 2,
        box.y + box.height / 2,
      );
      while (hit?.shadowRoot) {
        const inner = hit.shadowRoot.elementFromPoint(
          box.x + box.width / 2,
          box.y + box.height / 2,
        );
        if (!inner || inner === hit) break;
        hit = inner;
      }
      const buttons = [...el.querySelectorAll("button")];
      return {
        title: heading?.textContent?.trim() ?? null,
        fontSize: style ? parseFloat(style.fontSize) : 0,
        lineHeight: style?.lineHeight,
        letterSpacing: style?.letterSpacing,
        transform: style?.textTransform,
        opacity: getComputedStyle(el).opacity,
        onTop: hit !== null && (el === hit || el.contains(hit)),
        inert:
          el.closest("[inert]") !== null ||
          (el.getRootNode() as ShadowRoot).host.closest("[inert]") !== null,
        buttons: buttons.length,
        unnamed: buttons.filter(
          (b) => !(b.getAttribute("aria-label") ?? b.textContent ?? "").trim(),
        ).length,
        smallest: Math.min(...buttons.map((b) => parseFloat(getComputedStyle(b).fontSize))),
      };
    }, title);
    expect(facts.title, `${what} has a title (${title.selector})`).toBeTruthy();
    expect(facts.fontSize, `${what} title font size`).toBe(title.size);
    expect(facts.lineHeight, `${what} title line height`).not.toBe("0px");
    expect(facts.letterSpacing, `${what} title letter spacing`).toBe("normal");
    expect(facts.transform, `${what} title text-transform`).toBe("none");
    expect(facts.opacity, `${what} opacity`).toBe("1");
    expect(facts.onTop, `${what} is the topmost element at its centre`).toBe(true);
    expect(facts.inert, `${what} is inert`).toBe(false);
    expect(facts.buttons, `${what} has buttons`).toBeGreaterThan(0);
    expect(facts.unnamed, `${what}: buttons without an accessible name`).toBe(0);
    expect(facts.smallest, `${what}: smallest button font size`).toBeGreaterThanOrEqual(14);
  }, 3000);
}

describe("hostile host CSS and layout: every surface stays legible, in the viewport and operable", () => {
  for (const c of CASES) {
    it(`${c.name}: ${c.what}`, async () => {
      const context = await browser.newContext({
        viewport: c.viewport ?? { width: 1280, height: 800 },
      });
      const opened = await browser.open(
        `/test/fixtures/hostile/page.html?case=${c.fixture ?? c.name}`,
        { context },
      );
      const { page } = opened;
      page.setDefaultTimeout(5000);
      await page.waitForFunction(() => (window as unknown as W).Waymark?.__loaded === true);
      await page.waitForLoadState("load");

      await page.evaluate(() => (window as unknown as W).Waymark.start("hostile-tour"));
      const anchored = stepNamed(page, "Anchored step");
      if (c.name === "z-index" || c.name === "dialog-later") {
        await eventually(async () => expect(await anchored.isVisible()).toBe(true));
        const hook = c.name === "z-index" ? "__addLayers" : "__openDialog";
        await page.evaluate(
          (name) => (window as unknown as Record<string, () => void>)[name]!(),
          hook,
        );
      }
      await assertUsable(page, anchored, "the anchored step");
      await page.screenshot({ path: `${shots}${c.name}-step.png` });
      await anchored.getByRole("button", { name: "Next" }).click();

      const centred = stepNamed(page, "Centred step");
      await assertUsable(page, centred, "the centred step");
      await page.screenshot({ path: `${shots}${c.name}-modal-step.png` });
      await centred.getByRole("button", { name: "Done" }).click();
      await eventually(async () => expect(await centred.count()).toBe(0));
      if (c.name === "dialog-later") {
        // The host closes its dialog: Waymark comes back out of it and keeps working.
        await page.getByRole("button", { name: "Close host dialog" }).click();
      }

      await page.evaluate(() => (window as unknown as W).Waymark.fail("hostile-failure"));
      const help = page.getByRole("dialog", { name: "Something went wrong" });
      await assertUsable(page, help, "the help card");
      await page.screenshot({ path: `${shots}${c.name}-help.png` });
      await help.getByRole("button", { name: "Dismiss" }).click();
      await eventually(async () => expect(await help.count()).toBe(0));

      await page.evaluate(() => (window as unknown as W).Waymark.support());
      const panel = page.getByRole("dialog", { name: "Before you contact us" });
      await assertUsable(page, panel, "the support panel");
      await page.screenshot({ path: `${shots}${c.name}-support.png` });
      await panel.getByRole("button", { name: "Close" }).click();
      await eventually(async () => expect(await panel.count()).toBe(0));

      // "Report a problem" (modal): the note field takes text, Cancel closes it.
      await page.evaluate(() => (window as unknown as W).Waymark.report());
      const preview = page.getByRole("dialog", { name: "Report a problem" });
      await assertUsable(page, preview, "the report preview");
      const note = preview.getByRole("textbox", { name: "What happened? (optional)" });
      await note.click();
      await page.keyboard.type("Hostile page.");
      await eventually(async () =>
        expect(
          await preview.getByRole("region", { name: "Report contents" }).textContent(),
        ).toContain("Hostile page."),
      );
      await page.screenshot({ path: `${shots}${c.name}-report.png` });
      await preview.getByRole("button", { name: "Cancel" }).click();
      await eventually(async () => expect(await preview.count()).toBe(0));

      // Insights (modal; the tour above gave it a funnel to draw): Close closes it.
      await page.evaluate(() => (window as unknown as W).Waymark.insights());
      const insights = page.getByRole("dialog", { name: "Insights", exact: true });
      await assertUsable(page, insights, "the insights panel");
      await page.screenshot({ path: `${shots}${c.name}-insights.png` });
      await insights.getByRole("button", { name: "Close" }).click();
      await eventually(async () => expect(await insights.count()).toBe(0));

      // A "Show me" demo started from the step's own button: its toolbar pauses, resumes, stops.
      await page.evaluate(() => (window as unknown as W).Waymark.start("hostile-tour"));
      await anchored.getByRole("button", { name: "Show me" }).click();
      const controls = page.getByRole("toolbar", { name: "Demo controls" });
      await assertUsable(page, controls, "the demo controls", {
        selector: ".wm-demo-title",
        scope: ".wm-demo-bar",
        size: 14,
      });
      // The caption (next to the target) shows with it, inside the viewport too. It is placed in
      // the commit that shows it, and leaves when its "say" action ends: measured once.
      const caption = page.locator("[data-waymark-host] .wm-demo-caption");
      await eventually(async () => expect(await caption.isVisible(), "the caption").toBe(true));
      const captionBox = (await caption.boundingBox())!;
      const viewport = page.viewportSize()!;
      expect(captionBox.x, "the demo caption's left edge").toBeGreaterThanOrEqual(0);
      expect(captionBox.y, "the demo caption's top edge").toBeGreaterThanOrEqual(0);
      expect(captionBox.x + captionBox.width, "the demo caption's right edge").toBeLessThanOrEqual(
        viewport.width + 0.5,
      );
      expect(
        captionBox.y + captionBox.height,
        "the demo caption's bottom edge",
      ).toBeLessThanOrEqual(viewport.height + 0.5);
      await page.screenshot({ path: `${shots}${c.name}-demo.png` });
      await controls.getByRole("button", { name: "Pause" }).click();
      await controls.getByRole("button", { name: "Resume" }).click();
      await controls.getByRole("button", { name: "Stop" }).click();
      await eventually(async () => expect(await controls.count()).toBe(0));
      await anchored.getByRole("button", { name: "Close" }).click();
      await eventually(async () => expect(await anchored.count()).toBe(0));

      if (c.name === "dialog") {
        // The host's dialog is still open and still works after Waymark is done.
        await page.getByRole("button", { name: "Close host dialog" }).click();
      }
      expect(unexpectedErrors(opened)).toEqual([]);
    });
  }
});
