/**
 * Accessibility (issue #8, part 6; SPEC §4): axe-core, injected into the page, checks every
 * widget surface — anchored step, modal step, help card, "Before you contact us", the report
 * preview, the demo controls and insights — in light and dark mode, and at 320 px; none may
 * have a serious or critical violation. axe-core looks into open shadow roots, so Waymark's
 * shadow DOM is checked like the page's own. Then a tour and the support flow (down to sending a
 * report, which the fixture posts to the demo server's /support/reports) are run with the
 * keyboard only.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  baseUrl,
  eventually,
  focusedElement,
  liveRegion,
  stepNamed,
  unexpectedErrors,
  useBrowser,
} from "./browser";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const PAGE = "/test/fixtures/a11y/page.html";
const browser = useBrowser();

type W = Window & {
  Waymark: {
    start(id: string, o?: { step?: string }): void;
    demo(id: string, o?: { step?: string }): void;
    fail(n: string): void;
    support(): void;
    report(): void;
    insights(): void;
    __loaded?: boolean;
  };
};
type AxeResult = {
  violations: Array<{
    id: string;
    impact: string | null;
    help: string;
    nodes: Array<{ target: unknown[]; failureSummary?: string }>;
  }>;
};

/** Serious and critical axe violations inside Waymark's shadow root, as readable lines. */
async function widgetViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: AXE });
  const result = (await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(context: unknown, options: unknown): Promise<unknown> } }
    ).axe;
    return axe.run({ include: [["[data-waymark-host]"]] }, { resultTypes: ["violations"] });
  })) as AxeResult;
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) =>
      v.nodes.map(
        (n) =>
          `${v.impact} ${v.id} (${v.help}) at ${JSON.stringify(n.target)}: ${n.failureSummary ?? ""}`,
      ),
    );
}

/** How many elements of Waymark's shadow root axe looked at (to be sure it saw inside). */
async function checkedInside(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(context: unknown, options: unknown): Promise<{ passes: Array<{ nodes: unknown[] }> }>;
        };
      }
    ).axe;
    const result = await axe.run(
      { include: [["[data-waymark-host]"]] },
      { resultTypes: ["passes"], runOnly: ["button-name", "aria-dialog-name", "color-contrast"] },
    );
    return result.passes.reduce((n, rule) => n + rule.nodes.length, 0);
  });
}

/** Calls Waymark's API in the page (the function's source runs there). */
const api = async (page: Page, call: (w: W["Waymark"]) => void): Promise<void> => {
  await page.evaluate(`(${call.toString()})(window.Waymark)`);
};

const SURFACES: Array<{
  name: string;
  open(page: Page): Promise<void>;
  locate(page: Page): ReturnType<Page["getByRole"]>;
}> = [
  {
    name: "tour step",
    open: (page) => api(page, (w) => w.start("a11y-tour")),
    locate: (page) => stepNamed(page, "Anchored step"),
  },
  {
    name: "modal (centred) step",
    open: (page) => api(page, (w) => w.start("a11y-tour", { step: "centred" })),
    locate: (page) => stepNamed(page, "Centred step"),
  },
  {
    name: "help card",
    open: (page) => api(page, (w) => w.fail("a11y-failure")),
    locate: (page) => page.getByRole("dialog", { name: "Something went wrong" }),
  },
  {
    name: "support panel",
    open: (page) => api(page, (w) => w.support()),
    locate: (page) => page.getByRole("dialog", { name: "Before you contact us" }),
  },
  {
    name: "report preview",
    open: (page) => api(page, (w) => w.report()),
    locate: (page) => page.getByRole("dialog", { name: "Report a problem" }),
  },
  {
    name: "demo controls",
    open: (page) => api(page, (w) => w.demo("a11y-tour", { step: "anchored" })),
    locate: (page) => page.getByRole("toolbar", { name: "Demo controls" }),
  },
  {
    name: "insights",
    open: (page) => api(page, (w) => w.insights()),
    locate: (page) => page.getByRole("dialog", { name: "Insights" }),
  },
];

const MODES = [
  { name: "light", colorScheme: "light" as const, viewport: { width: 1280, height: 800 } },
  { name: "dark", colorScheme: "dark" as const, viewport: { width: 1280, height: 800 } },
  { name: "320 px", colorScheme: "light" as const, viewport: { width: 320, height: 640 } },
];

describe.concurrent("axe-core: no serious or critical violation on any widget surface", () => {
  for (const mode of MODES) {
    it(`${mode.name}: ${SURFACES.map((s) => s.name).join(", ")}`, async () => {
      const context = await browser.newContext({
        colorScheme: mode.colorScheme,
        viewport: mode.viewport,
        reducedMotion: "reduce",
      });
      const opened = await browser.open(PAGE, { context });
      const { page } = opened;
      page.setDefaultTimeout(8000);
      await page.waitForFunction(() => (window as unknown as W).Waymark?.__loaded === true);
      // Some events first, so insights has a funnel and charts to show.
      await api(page, (w) => w.start("a11y-tour"));
      await stepNamed(page, "Anchored step").getByRole("button", { name: "Next" }).click();
      await stepNamed(page, "Your name").getByRole("button", { name: "Close" }).click();
      const found: string[] = [];
      for (const surface of SURFACES) {
        await surface.open(page);
        await eventually(async () =>
          expect(await surface.locate(page).isVisible(), surface.name).toBe(true),
        );
        await page.waitForTimeout(100);
        found.push(...(await widgetViolations(page)).map((v) => `${surface.name}: ${v}`));
        expect(
          await checkedInside(page),
          `axe saw inside the shadow root (${surface.name})`,
        ).toBeGreaterThan(0);
        await page.keyboard.press("Escape");
        await page.evaluate(() =>
          (window as unknown as { Waymark: { stop(): void } }).Waymark.stop(),
        );
        if (
          surface.name === "report preview" ||
          surface.name === "insights" ||
          surface.name === "support panel" ||
          surface.name === "help card"
        ) {
          // Close whatever Escape did not close.
          const close = surface
            .locate(page)
            .getByRole("button", { name: /^(Close|Cancel|Dismiss)$/ });
          if (await surface.locate(page).isVisible()) await close.first().click();
        }
        await eventually(async () =>
          expect(await surface.locate(page).count(), `${surface.name} closed`).toBe(0),
        );
      }
      expect(found).toEqual([]);
      expect(unexpectedErrors(opened)).toEqual([]);
    });
  }
});

describe("keyboard only", () => {
  it("a whole tour: start from the page, Tab stays in the step, Enter moves on, Esc ends it, focus returns", async () => {
    const opened = await browser.open(PAGE);
    const { page } = opened;
    page.setDefaultTimeout(8000);
    await page.waitForFunction(() => (window as unknown as W).Waymark?.__loaded === true);
    await page.locator("#start").focus();
    await page.keyboard.press("Enter");
    await eventually(async () => expect(await focusedElement(page)).toBe('dialog "Anchored step"'));
    // Tab cycles through the step's controls and never leaves it.
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press("Tab");
      seen.push(await focusedElement(page));
    }
    expect(new Set(seen)).toEqual(
      new Set(['button "Close"', 'a "docs"', 'button "Show me"', 'button "Next"']),
    );
    // Shift+Tab goes backwards, still inside.
    await page.keyboard.press("Shift+Tab");
    expect(['button "Close"', 'a "docs"', 'button "Show me"', 'button "Next"']).toContain(
      await focusedElement(page),
    );
    while ((await focusedElement(page)) !== 'button "Next"') await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await eventually(async () => expect(await focusedElement(page)).toBe('dialog "Your name"'));
    // Arrow keys move between steps (focus is not in a text field).
    await page.keyboard.press("ArrowRight");
    await eventually(async () => expect(await focusedElement(page)).toBe('dialog "Centred step"'));
    await page.keyboard.press("ArrowLeft");
    await eventually(async () => expect(await focusedElement(page)).toBe('dialog "Your name"'));
    await page.keyboard.press("ArrowRight");
    await eventually(async () => expect(await focusedElement(page)).toBe('dialog "Centred step"'));
    while ((await focusedElement(page)) !== 'button "Done"') await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await eventually(async () =>
      expect(await page.locator("[data-waymark-host] [role=dialog]").count()).toBe(0),
    );
    await eventually(async () => expect(await focusedElement(page)).toBe("#start"));

    // Esc ends a tour, and focus goes back where it was.
    await page.keyboard.press("Enter");
    await eventually(async () => expect(await focusedElement(page)).toBe('dialog "Anchored step"'));
    await page.keyboard.press("Escape");
    await eventually(async () =>
      expect(await page.locator("[data-waymark-host] [role=dialog]").count()).toBe(0),
    );
    await eventually(async () => expect(await focusedElement(page)).toBe("#start"));
    expect(unexpectedErrors(opened)).toEqual([]);
  });

  it("the support flow: the page's support link opens the panel, the report preview, Cancel, Esc, then Send; focus returns", async () => {
    const opened = await browser.open(PAGE);
    const { page } = opened;
    page.setDefaultTimeout(8000);
    await page.waitForFunction(() => (window as unknown as W).Waymark?.__loaded === true);
    await page.locator("#contact").focus();
    await page.keyboard.press("Enter");
    const panel = page.getByRole("dialog", { name: "Before you contact us" });
    await eventually(async () => expect(await panel.isVisible()).toBe(true));
    // Focus moved into the panel; Tab reaches "Report a problem".
    await eventually(async () =>
      expect(
        await panel.evaluate((el) => el.contains((el.getRootNode() as ShadowRoot).activeElement)),
      ).toBe(true),
    );
    for (let i = 0; i < 10 && (await focusedElement(page)) !== 'button "Report a problem"'; i++)
      await page.keyboard.press("Tab");
    expect(await focusedElement(page)).toBe('button "Report a problem"');
    await page.keyboard.press("Enter");
    const preview = page.getByRole("dialog", { name: "Report a problem" });
    await eventually(async () => expect(await preview.isVisible()).toBe(true));
    await eventually(async () =>
      expect(
        await preview.evaluate((el) => el.contains((el.getRootNode() as ShadowRoot).activeElement)),
      ).toBe(true),
    );
    // The note field takes text; Tab moves on through the preview to Cancel.
    await page.keyboard.type("It broke.");
    for (let i = 0; i < 10 && (await focusedElement(page)) !== 'button "Cancel"'; i++)
      await page.keyboard.press("Tab");
    expect(await focusedElement(page)).toBe('button "Cancel"');
    await page.keyboard.press("Enter");
    await eventually(async () => expect(await preview.count()).toBe(0));
    // Back in the panel; Esc closes it and focus returns to the link.
    await eventually(async () =>
      expect(
        await panel.evaluate((el) => el.contains((el.getRootNode() as ShadowRoot).activeElement)),
      ).toBe(true),
    );
    await page.keyboard.press("Escape");
    await eventually(async () => expect(await panel.count()).toBe(0));
    await eventually(async () => expect(await focusedElement(page)).toBe("#contact"));
    expect(page.url()).not.toContain("#contacted");

    // Again, and this time send the report: Enter on the link, Tab to "Report a problem",
    // Enter, type a note, Tab to Send, Enter.
    const note = "Saving broke; sent with the keyboard only.";
    const received = async () =>
      (
        (await (await fetch(`${baseUrl()}/support/reports`)).json()) as Array<{
          body: { note?: string; events?: Array<{ type: string }> };
        }>
      ).filter((r) => r.body.note === note);
    await page.keyboard.press("Enter");
    await eventually(async () => expect(await panel.isVisible()).toBe(true));
    await eventually(async () =>
      expect(
        await panel.evaluate((el) => el.contains((el.getRootNode() as ShadowRoot).activeElement)),
      ).toBe(true),
    );
    for (let i = 0; i < 10 && (await focusedElement(page)) !== 'button "Report a problem"'; i++)
      await page.keyboard.press("Tab");
    expect(await focusedElement(page)).toBe('button "Report a problem"');
    await page.keyboard.press("Enter");
    await eventually(async () => expect(await preview.isVisible()).toBe(true));
    // Focus is in the note field, found by its accessible name (its <label>).
    const noteField = preview.getByRole("textbox", { name: "What happened? (optional)" });
    await eventually(async () =>
      expect(
        await noteField.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el),
      ).toBe(true),
    );
    await page.keyboard.type(note);
    // What Send will deliver, shown in the preview, has the note in it.
    await eventually(async () =>
      expect(
        await preview.getByRole("region", { name: "Report contents" }).textContent(),
      ).toContain(note),
    );
    for (let i = 0; i < 10 && (await focusedElement(page)) !== 'button "Send"'; i++)
      await page.keyboard.press("Tab");
    expect(await focusedElement(page)).toBe('button "Send"');
    expect(await received(), "nothing is sent before Send").toEqual([]);
    await page.keyboard.press("Enter");
    // The report arrived, once, with the note typed and what the user did.
    await eventually(async () => expect(await received()).toHaveLength(1));
    const [report] = await received();
    expect(report!.body.events?.map((e) => e.type)).toContain("support.open");
    // The preview and the panel close, the live region says so, focus is back on the link.
    await eventually(async () => expect(await preview.count()).toBe(0));
    await eventually(async () => expect(await panel.count()).toBe(0));
    await eventually(async () =>
      expect(await liveRegion(page).textContent()).toContain("Your report was sent."),
    );
    await eventually(async () => expect(await focusedElement(page)).toBe("#contact"));
    // Once the report is sent, the link's own action goes ahead (SPEC §2 support).
    await eventually(async () => expect(page.url()).toContain("#contacted"));
    expect(await received(), "sent once").toHaveLength(1);
    expect(unexpectedErrors(opened)).toEqual([]);
  });
});
