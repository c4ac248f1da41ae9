import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  baseUrl,
  focusedElement,
  liveRegion,
  recordedEvents,
  stepDialog,
  unexpectedErrors,
  useBrowser,
} from "./browser";

/**
 * "Show me" demos (SPEC §3 Action, issue #6) on the Ledgerly demo app with its real guides:
 * the demo drives the Preact *controlled* invoice form so that the app's own state follows,
 * shows a pointer at each target, can be paused and stopped, never submits or sends anything,
 * puts the user's values back, honours reduced motion, and is offered after a dwell stall.
 * With UPDATE_SCREENSHOTS=1 the README's demo screenshots are refreshed from this run.
 */
const screenshotDir = fileURLToPath(
  new URL(
    process.env.UPDATE_SCREENSHOTS ? "../../docs/images/" : "../../test-results/",
    import.meta.url,
  ),
);
mkdirSync(screenshotDir, { recursive: true });

type Sample = { x: number; y: number; visible: boolean; transition: string };
type Win = Window & {
  __pointerSamples: Sample[];
  __previewAttrs: Array<{ customer: string | null; amount: string | null }>;
  Waymark: { demo(id: string, o?: { step?: string }): void };
};

const controls = (page: Page) => page.getByRole("toolbar", { name: "Demo controls" });
const overlayGone = async (page: Page) =>
  expect.poll(() => controls(page).count(), { timeout: 15_000 }).toBe(0);
const preview = (page: Page, attribute: "customer" | "amount" | "currency") =>
  page.locator("#invoice-preview").getAttribute(`data-${attribute}`);

/** Records the pointer's box on every frame and every change of the preview's data-* attributes. */
async function startRecording(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as Win;
    w.__pointerSamples = [];
    w.__previewAttrs = [];
    const tick = () => {
      const pointer = document
        .querySelector("[data-waymark-host]")
        ?.shadowRoot?.querySelector<HTMLElement>(".wm-demo-pointer");
      if (pointer) {
        const box = pointer.getBoundingClientRect();
        const style = getComputedStyle(pointer);
        w.__pointerSamples.push({
          x: Math.round(box.left),
          y: Math.round(box.top),
          visible: box.width > 0 && style.visibility !== "hidden" && style.opacity !== "0",
          transition: style.transitionDuration,
        });
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const app = document.getElementById("invoice-app");
    if (app) {
      new MutationObserver(() => {
        const p = document.getElementById("invoice-preview");
        const last = w.__previewAttrs[w.__previewAttrs.length - 1];
        const next = {
          customer: p?.getAttribute("data-customer") ?? null,
          amount: p?.getAttribute("data-amount") ?? null,
        };
        if (!last || last.customer !== next.customer || last.amount !== next.amount)
          w.__previewAttrs.push(next);
      }).observe(app, {
        subtree: true,
        attributes: true,
        attributeFilter: ["data-customer", "data-amount"],
      });
    }
  });
}

const samples = (page: Page) => page.evaluate(() => (window as unknown as Win).__pointerSamples);
const previewHistory = (page: Page) =>
  page.evaluate(() => (window as unknown as Win).__previewAttrs);

async function box(page: Page, selector: string) {
  const b = await page.locator(selector).boundingBox();
  if (!b) throw new Error(`${selector} has no box`);
  return b;
}

/** The tip of the pointer was inside `selector`'s box, visibly, on some frame. */
async function pointerVisitedTarget(page: Page, selector: string): Promise<boolean> {
  const b = await box(page, selector);
  return (await samples(page)).some(
    (s) => s.visible && s.x >= b.x && s.x <= b.x + b.width && s.y >= b.y && s.y <= b.y + b.height,
  );
}

/**
 * Opens `path` in a context whose requests carry a header unique to the test, so the shared
 * server's request log (`GET /api/__log`) can be read for this test alone; and records every
 * request and navigation the page makes.
 */
async function openTagged(
  browser: ReturnType<typeof useBrowser>,
  path: string,
  options: { reducedMotion?: boolean } = {},
) {
  const tag = `demo-${Math.random().toString(36).slice(2)}`;
  const context: BrowserContext = await browser.newContext({
    extraHTTPHeaders: { "x-demo-test": tag },
    ...(options.reducedMotion ? { reducedMotion: "reduce" as const } : {}),
  });
  const opened = await browser.open(path, { context });
  const writes: string[] = [];
  const navigations: string[] = [];
  opened.page.on("request", (request) => {
    if (request.method() !== "GET")
      writes.push(`${request.method()} ${new URL(request.url()).pathname}`);
  });
  opened.page.on("framenavigated", (frame) => {
    if (frame === opened.page.mainFrame()) navigations.push(frame.url());
  });
  const serverWrites = async () => {
    const response = await fetch(`${baseUrl()}/api/__log`);
    const log = (await response.json()) as Array<{
      method: string;
      path: string;
      headers: Record<string, string>;
    }>;
    return log
      .filter((e) => e.headers["x-demo-test"] === tag && e.method !== "GET")
      .map((e) => `${e.method} ${e.path}`);
  };
  return { ...opened, writes, navigations, serverWrites };
}

describe('"Show me" demos on the Ledgerly demo app', () => {
  const browser = useBrowser();

  it('"Show me" on the customer step picks the customer in the controlled form, the app state follows, and everything is put back', async () => {
    const { page, errors, waymarkMessages, writes, navigations, serverWrites } = await openTagged(
      browser,
      "/app/invoices/new",
    );
    const step = stepDialog(page, "Pick a customer");
    await step.waitFor();
    await expect.poll(() => page.locator("#customer option").count()).toBeGreaterThan(1);
    await startRecording(page);
    await step.getByRole("button", { name: "Show me" }).click();

    // The controls are a toolbar named "Demo controls"; focus moves to Pause; the step is announced.
    await controls(page).waitFor();
    expect(await focusedElement(page)).toBe('button "Pause"');
    await expect
      .poll(() => liveRegion(page).textContent())
      .toMatch(/Demo: Pick a customer|Choosing|Pointing/);

    // The app's own state (its preview) follows the demo, and the pointer sits on the field.
    await expect.poll(() => preview(page, "customer"), { timeout: 8000 }).toBe("cus_acme");
    expect(await page.locator("#preview-customer").textContent()).toBe("Acme Ltd");
    await expect
      .poll(() => liveRegion(page).textContent(), { timeout: 8000 })
      .toMatch(/Choosing Acme Ltd in Customer|We picked Acme Ltd/);
    expect(await pointerVisitedTarget(page, "#customer")).toBe(true);
    // It glided there from the controls: many distinct places on the way, with a transition.
    const travelled = await samples(page);
    expect(new Set(travelled.map((p) => `${p.x},${p.y}`)).size).toBeGreaterThan(3);
    expect(travelled.some((p) => p.transition !== "0s")).toBe(true);
    // The caption is shown next to the target, as Markdown.
    await page
      .locator("[data-waymark-host] .wm-demo-caption strong", { hasText: "Acme Ltd" })
      .waitFor();

    await page.screenshot({ path: `${screenshotDir}demo-1-select.png` });

    // When it ends the tour step is back, still on the same step, and the user's state is too.
    await overlayGone(page);
    await step.waitFor();
    await expect.poll(() => step.textContent()).toContain("That's how it's done");
    await expect.poll(() => preview(page, "customer")).toBe("");
    expect(await page.locator("#customer").inputValue()).toBe("");
    expect((await previewHistory(page)).map((a) => a.customer)).toEqual(["cus_acme", ""]);
    await page.waitForTimeout(900); // longer than the input advance's settle time
    expect(await stepDialog(page, "Pick a customer").count()).toBe(1);

    expect(writes).toEqual([]);
    expect(await serverWrites()).toEqual([]);
    expect(navigations).toEqual([]); // recorded from after the page loaded
    expect(await recordedEvents(page, "new-invoice")).toContain("demo.play customer");
    expect(unexpectedErrors({ errors, waymarkMessages })).toEqual([]);
  });

  it("Waymark.demo() types the amount character by character, can be paused and resumed, and gives the user's own value back", async () => {
    const { page, errors, waymarkMessages, writes, serverWrites } = await openTagged(
      browser,
      "/app/invoices/new",
    );
    await stepDialog(page, "Pick a customer").waitFor();
    // The user's own amount, typed for real.
    await page.locator("#amount").fill("12");
    await expect.poll(() => preview(page, "amount")).toBe("12");
    await startRecording(page);

    await page.evaluate(() =>
      (window as unknown as Win).Waymark.demo("new-invoice", { step: "amount" }),
    );
    await controls(page).waitFor();
    await expect.poll(() => preview(page, "amount"), { timeout: 8000 }).toBe("250");
    // Character by character, each through the app's own state: 2, 25, 250 (after clearing 12).
    expect((await previewHistory(page)).map((a) => a.amount)).toEqual(["", "2", "25", "250"]);
    expect(await page.locator("#preview-amount").textContent()).toMatch(/250/);
    expect(await pointerVisitedTarget(page, "#amount")).toBe(true);

    // Pause on the caption: it stays paused well past the caption's time, then resumes.
    await page
      .locator("[data-waymark-host] .wm-demo-caption", { hasText: "updates as you type" })
      .waitFor();
    await controls(page).getByRole("button", { name: "Pause" }).click();
    await expect.poll(() => liveRegion(page).textContent()).toBe("Demo paused.");
    expect(await focusedElement(page)).toBe('button "Resume"');
    await page.screenshot({ path: `${screenshotDir}demo-3-paused.png` });
    await page.waitForTimeout(6500);
    expect(await controls(page).count()).toBe(1);
    expect(await preview(page, "amount")).toBe("250");
    await page.keyboard.press("Enter"); // Resume, from the keyboard
    await expect
      .poll(() => liveRegion(page).textContent())
      .toMatch(/Demo resumed|That's how it's done/);
    await overlayGone(page);

    await expect.poll(() => preview(page, "amount")).toBe("12");
    expect(await page.locator("#amount").inputValue()).toBe("12");
    expect(await stepDialog(page, "Enter the amount").count()).toBe(1);
    expect(writes).toEqual([]);
    expect(await serverWrites()).toEqual([]);
    expect(unexpectedErrors({ errors, waymarkMessages })).toEqual([]);
  });

  it("Stop ends the demo at once and restores the field; Esc stops it too; the speed control is a pressed button", async () => {
    const { page, errors, waymarkMessages } = await openTagged(browser, "/app/invoices/new");
    await stepDialog(page, "Pick a customer").waitFor();
    await page.evaluate(() =>
      (window as unknown as Win).Waymark.demo("new-invoice", { step: "notes" }),
    );
    await controls(page).waitFor();
    await controls(page).getByRole("button", { name: "2×" }).click();
    expect(
      await controls(page).getByRole("button", { name: "2×" }).getAttribute("aria-pressed"),
    ).toBe("true");
    expect(
      await controls(page).getByRole("button", { name: "1×" }).getAttribute("aria-pressed"),
    ).toBe("false");
    // Stop in the middle of typing.
    await expect
      .poll(() => page.locator("#notes").inputValue(), { timeout: 8000 })
      .toMatch(/^PO 4/);
    await controls(page).getByRole("button", { name: "Stop" }).click();
    await overlayGone(page);
    const notes = stepDialog(page, "Add a note");
    await notes.waitFor();
    expect(await notes.textContent()).toContain("Demo stopped.");
    expect(await page.locator("#notes").inputValue()).toBe("");

    // Replay from the step, then Esc: the demo stops, the tour stays open.
    await notes.getByRole("button", { name: "Show me" }).click();
    await controls(page).waitFor();
    await expect.poll(() => page.locator("#notes").inputValue(), { timeout: 8000 }).toMatch(/^PO/);
    await page.keyboard.press("Escape");
    await overlayGone(page);
    await notes.waitFor();
    expect(await page.locator("#notes").inputValue()).toBe("");
    expect(
      (await recordedEvents(page, "new-invoice")).filter((e) => e === "demo.play notes"),
    ).toHaveLength(2);
    expect(unexpectedErrors({ errors, waymarkMessages })).toEqual([]);
  });

  it("never presses a submit button or sends a request: the API key demo shows the press without making it", async () => {
    const { page, errors, waymarkMessages, writes, navigations, serverWrites } = await openTagged(
      browser,
      "/app/settings/api-keys",
    );
    await stepDialog(page, "Your API keys").waitFor();
    await page.evaluate(() =>
      (window as unknown as Win).Waymark.demo("api-keys", { step: "name" }),
    );
    await controls(page).waitFor();
    await expect
      .poll(() => page.locator("#key-name").inputValue(), { timeout: 8000 })
      .toBe("Accounting export");
    await overlayGone(page);
    expect(await page.locator("#key-name").inputValue()).toBe("");

    await startRecording(page);
    await page.evaluate(() =>
      (window as unknown as Win).Waymark.demo("api-keys", { step: "create" }),
    );
    await controls(page).waitFor();
    await page
      .locator("[data-waymark-host] .wm-demo-caption", { hasText: "doesn't press it for you" })
      .waitFor({ timeout: 8000 });
    expect(await liveRegion(page).textContent()).toMatch(/This is where you press Create API key/);
    expect(await pointerVisitedTarget(page, "#create-key")).toBe(true);
    await page.screenshot({ path: `${screenshotDir}demo-4-no-commit.png` });
    await overlayGone(page);

    expect(await page.locator("#new-key").isHidden()).toBe(true);
    expect(writes).toEqual([]);
    expect(await serverWrites()).toEqual([]);
    expect(navigations).toEqual([]); // recorded from after the page loaded
    expect(unexpectedErrors({ errors, waymarkMessages })).toEqual([]);
  });

  it("with prefers-reduced-motion the pointer jumps and the text appears at once, still through the app's state", async () => {
    const { page, errors, waymarkMessages } = await openTagged(browser, "/app/invoices/new", {
      reducedMotion: true,
    });
    await page.emulateMedia({ reducedMotion: "reduce" });
    await stepDialog(page, "Pick a customer").waitFor();
    await startRecording(page);
    await page.evaluate(() =>
      (window as unknown as Win).Waymark.demo("new-invoice", { step: "amount" }),
    );
    await controls(page).waitFor();
    await expect.poll(() => preview(page, "amount"), { timeout: 8000 }).toBe("250");
    // One step: no "2", "25" in between.
    expect((await previewHistory(page)).map((a) => a.amount)).toEqual(["250"]);
    await overlayGone(page);
    const all = await samples(page);
    expect(all.length).toBeGreaterThan(0);
    expect(new Set(all.map((s) => s.transition))).toEqual(new Set(["0s"]));
    // Every frame shows the pointer on the field: it never glided through the page to get there.
    const amount = await box(page, "#amount");
    expect(
      all.every(
        (s) =>
          s.x >= amount.x &&
          s.x <= amount.x + amount.width &&
          s.y >= amount.y &&
          s.y <= amount.y + amount.height,
      ),
    ).toBe(true);
    expect(await preview(page, "amount")).toBe("");
    expect(unexpectedErrors({ errors, waymarkMessages })).toEqual([]);
  });

  it("is offered after a dwell stall: the step says so, and its Show me plays the demo", async () => {
    const context = await browser.newContext();
    // The real guide, with a short stallAfter so the test need not wait 30 s.
    await context.route("**/guides/new-invoice.json", async (route) => {
      const response = await route.fetch();
      const guide = (await response.json()) as { stallAfter?: number };
      guide.stallAfter = 2;
      await route.fulfill({ response, json: guide });
    });
    const { page, errors, waymarkMessages } = await browser.open("/app/invoices/new", { context });
    const step = stepDialog(page, "Pick a customer");
    await step.waitFor();
    await expect.poll(() => step.textContent(), { timeout: 8000 }).toMatch(/Stuck\?/);
    const showMe = step.getByRole("button", { name: "Show me" });
    expect(await showMe.getAttribute("class")).toMatch(/wm-nudge/);
    await page.screenshot({ path: `${screenshotDir}demo-0-offered.png` });
    await showMe.click();
    await controls(page).waitFor();
    await expect.poll(() => preview(page, "customer"), { timeout: 8000 }).toBe("cus_acme");
    await controls(page).getByRole("button", { name: "Stop" }).click();
    await overlayGone(page);
    const events = await recordedEvents(page, "new-invoice");
    expect(events).toContain("stall customer");
    expect(events).toContain("demo.play customer");
    expect(unexpectedErrors({ errors, waymarkMessages })).toEqual([]);
  });

  it("stops with a plain message when a target never shows up, instead of hanging", async () => {
    const context = await browser.newContext();
    await context.route("**/guides/new-invoice.json", async (route) => {
      const response = await route.fetch();
      const guide = (await response.json()) as {
        steps: Array<{ id: string; wait?: number; demo?: unknown[] }>;
      };
      const amount = guide.steps.find((s) => s.id === "amount")!;
      amount.wait = 800;
      amount.demo = [
        { do: "point", target: "#amount" },
        { do: "type", target: "#discount", text: "10" },
      ];
      await route.fulfill({ response, json: guide });
    });
    const { page, waymarkMessages } = await browser.open("/app/invoices/new", { context });
    await stepDialog(page, "Pick a customer").waitFor();
    await page.evaluate(() =>
      (window as unknown as Win).Waymark.demo("new-invoice", { step: "amount" }),
    );
    await controls(page).waitFor();
    await overlayGone(page);
    const step = stepDialog(page, "Enter the amount");
    await expect
      .poll(() => step.textContent())
      .toContain("The demo stopped: the part of the page it needs isn't showing right now.");
    expect(waymarkMessages.join("\n")).toMatch(
      /demo of step "amount".*target "#discount" matched nothing visible/,
    );
  });
});
