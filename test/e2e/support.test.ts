// "Before you contact us" (SPEC §2, §4; issue #5): a support link opens Waymark's panel first,
// and the host's own action (mailto:, a contact page) happens only when the user asks for it.
import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { baseUrl, focusedElement, unexpectedErrors, useBrowser } from "./browser";

const browser = useBrowser();

/** Queued `Waymark.init()` merged over the tag's data-* settings (the snippet's queue). */
const initQueue = (config: Record<string, unknown>) =>
  `window.Waymark = { q: [["init", [${JSON.stringify(config)}]]] };`;

/**
 * Records clicks on mailto: links that reach the page un-prevented — the browser would open
 * the mail client for them — and then prevents them, so headless Chromium stays put.
 */
const MAILTO_RECORDER = `
  window.__mailto = [];
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[href^="mailto:"]') : null;
    if (!link) return;
    window.__mailto.push({ href: link.href, prevented: event.defaultPrevented });
    event.preventDefault();
  });
`;

const panel = (page: Page) => page.getByRole("dialog", { name: "Before you contact us" });

async function events(page: Page): Promise<string[]> {
  const data = await page.evaluate(() =>
    (
      window as unknown as {
        Waymark: { exportData(): Promise<{ events: Array<{ type: string }> }> };
      }
    ).Waymark.exportData(),
  );
  return data.events
    .map((e) => e.type)
    .filter((t) => t.startsWith("support.") || t.startsWith("report."));
}

describe("support links open 'Before you contact us' first", () => {
  it("on the Ledgerly demo, Contact support opens the panel instead of mailto:, and mailto: happens when the user chooses it", async () => {
    const opened = await browser.open("/app/settings.html", { init: MAILTO_RECORDER });
    const { page } = opened;
    await page.waitForFunction(
      () => (window as unknown as { Waymark?: { __loaded?: boolean } }).Waymark?.__loaded === true,
    );

    await page.locator("#contact-support").click();
    await expect.poll(() => panel(page).isVisible()).toBe(true);
    // The mailto: link was held back: no click reached the page, the page did not move.
    expect(
      await page.evaluate(() => (window as unknown as { __mailto: unknown[] }).__mailto),
    ).toEqual([]);
    expect(page.url()).toBe(`${baseUrl()}/app/settings.html`);

    await panel(page).getByRole("button", { name: "Contact support" }).click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __mailto: unknown[] }).__mailto))
      .toEqual([{ href: "mailto:support@ledgerly.example", prevented: false }]);
    await expect.poll(() => panel(page).count()).toBe(0);
    await expect.poll(() => events(page)).toEqual(["support.open"]);
    expect(unexpectedErrors(opened)).toEqual([]);
  });

  it("follows the original link only after Send, and records support.open, report.preview and report.send", async () => {
    const run = randomUUID();
    const { page } = await browser.open(`/test/fixtures/support/page.html?run=${run}`, {
      init: initQueue({ report: { endpoint: `/support/reports?run=${run}` } }),
    });
    await page.locator("#contact-support").click();
    await expect.poll(() => panel(page).isVisible()).toBe(true);
    expect(new URL(page.url()).pathname).toBe("/test/fixtures/support/page.html");

    await panel(page).getByRole("button", { name: "Report a problem" }).click();
    const preview = page.getByRole("dialog", { name: "Report a problem" });
    await expect.poll(() => preview.isVisible()).toBe(true);
    expect(new URL(page.url()).pathname).toBe("/test/fixtures/support/page.html");
    expect(await events(page)).toEqual(["support.open", "report.preview"]);

    await preview.getByRole("button", { name: "Send" }).click();
    await page.waitForURL("**/test/fixtures/support/contacted.html");
    const reports = (await (await fetch(`${baseUrl()}/support/reports`)).json()) as Array<{
      query: string;
      body: { events: Array<{ type: string }> };
    }>;
    const ours = reports.filter((r) => r.query.includes(run));
    expect(ours).toHaveLength(1);
    // The report holds what happened before it was built: the user asked for support.
    expect(
      ours[0]?.body.events
        .map((e) => e.type)
        .filter((t) => t.startsWith("support.") || t.startsWith("report.")),
    ).toEqual(["support.open"]);
    // report.send was recorded before the page was left (events are kept across page loads).
    await page.goto(`${baseUrl()}/test/fixtures/support/page.html`);
    await page.waitForFunction(
      () => (window as unknown as { Waymark?: { __loaded?: boolean } }).Waymark?.__loaded === true,
    );
    await expect
      .poll(() => events(page))
      .toEqual(["support.open", "report.preview", "report.send"]);
  });

  it("offers the help matching the user's recent failure on this page, and the guides for this page", async () => {
    const { page } = await browser.open("/test/fixtures/support/page.html");
    await page.locator("#sync").click();
    await expect.poll(() => page.locator("#result").textContent()).toBe("Sync answered 503");
    // The failure's help card appears; the user asks for support anyway.
    await expect
      .poll(() => page.getByRole("dialog", { name: "Syncing is down for a moment" }).isVisible())
      .toBe(true);
    await page.locator("#contact-support").click();
    await expect.poll(() => panel(page).isVisible()).toBe(true);
    await expect
      .poll(() => panel(page).getByText("Syncing is down for a moment").count())
      .toBeGreaterThan(0);
    expect(await panel(page).getByRole("heading").allTextContents()).toEqual([
      "Before you contact us",
      "About what just happened",
      "Guides for this page",
      "Still need help?",
    ]);
    await panel(page).getByRole("button", { name: "Start: Set up syncing" }).click();
    await expect
      .poll(() => page.getByRole("dialog", { name: "Syncing", exact: true }).isVisible())
      .toBe(true);
    await expect.poll(() => panel(page).count()).toBe(0);
  });

  it("a failure before the guides have arrived still gets its help once they have", async () => {
    const context = await browser.newContext();
    // The guides take 1.5 s to arrive; the user's sync fails long before.
    await context.route("**/test/fixtures/support/guides.json", async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    const { page } = await browser.open("/test/fixtures/support/page.html", { context });
    await page.locator("#sync").click();
    await expect.poll(() => page.locator("#result").textContent()).toBe("Sync answered 503");
    await expect
      .poll(() => page.getByRole("dialog", { name: "Syncing is down for a moment" }).isVisible(), {
        timeout: 8000,
      })
      .toBe(true);
  });

  it("closes with Esc, returns focus to the support link, and follows nothing", async () => {
    const { page } = await browser.open("/test/fixtures/support/page.html");
    await page.locator("#contact-support").focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => panel(page).isVisible()).toBe(true);
    expect(await focusedElement(page)).toBe('dialog "Before you contact us"');
    await page.keyboard.press("Escape");
    await expect.poll(() => panel(page).count()).toBe(0);
    await expect.poll(() => focusedElement(page)).toBe("#contact-support");
    expect(new URL(page.url()).pathname).toBe("/test/fixtures/support/page.html");
  });

  it("Waymark.support() opens the panel without a 'Contact support' button (there is no original action)", async () => {
    const { page } = await browser.open("/test/fixtures/support/page.html");
    await page.waitForFunction(
      () => (window as unknown as { Waymark?: { __loaded?: boolean } }).Waymark?.__loaded === true,
    );
    await page.evaluate(() =>
      (window as unknown as { Waymark: { support(): void } }).Waymark.support(),
    );
    await expect.poll(() => panel(page).isVisible()).toBe(true);
    expect(await panel(page).getByRole("button", { name: "Contact support" }).count()).toBe(0);
    expect(await panel(page).getByRole("button", { name: "Report a problem" }).count()).toBe(1);
  });

  it("leaves modifier clicks alone (open in a new tab stays the user's choice)", async () => {
    const { page, context } = await browser.open("/test/fixtures/support/page.html");
    const popup = context.waitForEvent("page");
    await page.locator("#contact-support").click({ modifiers: ["ControlOrMeta"] });
    await popup;
    expect(await panel(page).count()).toBe(0);
  });
});
