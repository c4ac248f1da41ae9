/**
 * Strict CSP and Trusted Types (issue #8 part 2): a page served with
 * `default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'`
 * (demo server route /test/csp/…) runs a tour, a "Show me" demo, a help card, the support panel,
 * the report preview (sent), insights (both exports) and telemetry with zero
 * securitypolicyviolation events and a styled widget. With constructable stylesheets taken
 * away, the `<style>` fallback is blocked unless the host passes its nonce (`nonce` option).
 */
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { baseUrl, eventually, unexpectedErrors, useBrowser } from "./browser";

type Violation = { directive: string; blocked: string; sample: string; source: string };
type W = { Waymark: Record<string, (...args: unknown[]) => unknown>; __violations: Violation[] };
const violations = (page: Page) => page.evaluate(() => (window as unknown as W).__violations);
const call = (page: Page, name: string, ...args: unknown[]) =>
  page.evaluate(
    ([n, a]) => void (window as unknown as W).Waymark[n as string]!(...(a as unknown[])),
    [name, args] as const,
  );
/** Whether Waymark's stylesheet applies: the dialog is laid out as a fixed card, not in flow. */
const styled = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    const el = document.querySelector("[data-waymark-host]")?.shadowRoot?.querySelector(sel);
    return el ? getComputedStyle(el).position : "missing";
  }, selector);

/** Constructable stylesheets removed, so Waymark falls back to a `<style>` element. */
const NO_ADOPTED_STYLESHEETS = `
  for (const proto of [Document.prototype, ShadowRoot.prototype]) delete proto.adoptedStyleSheets;
`;

const figures: Record<string, unknown> = {};
afterAll(() => console.log(`[csp figures] ${JSON.stringify(figures)}`));

describe("strict CSP with Trusted Types", () => {
  const browser = useBrowser();

  it("the route serves the page under the strict policy", async () => {
    const response = await fetch(`${baseUrl()}/test/csp/csp/app.html`);
    expect(response.headers.get("content-security-policy")).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'",
    );
    const withNonce = await fetch(`${baseUrl()}/test/csp/csp/app.html?nonce=abc123`);
    expect(withNonce.headers.get("content-security-policy")).toContain(
      "style-src 'self' 'nonce-abc123'",
    );
  });

  it("tour, demo, help card, support panel, report preview, insights and telemetry run with zero violations", async () => {
    const opened = await browser.open("/test/csp/csp/app.html");
    const { page } = opened;
    page.setDefaultTimeout(8000);
    const surfaces: string[] = [];

    // Tour: an anchored step with Markdown, the "Show me" demo, a click advance, a centred step.
    await call(page, "start", "csp-tour");
    const step = page.getByRole("dialog", { name: "Pick a customer" });
    await step.waitFor();
    expect(await styled(page, ".wm-step")).toBe("fixed");
    surfaces.push("tour step (anchored, driver.js overlay)");
    await step.getByRole("button", { name: "Show me" }).click();
    await eventually(
      async () => expect(await page.inputValue("#customer")).toBe("ACME Ltd"),
      10_000,
    );
    surfaces.push("demo (pointer, typing, caption)");
    await eventually(
      async () =>
        expect(await page.getByRole("dialog", { name: "Pick a customer" }).isVisible()).toBe(true),
      15_000,
    );
    await page
      .getByRole("dialog", { name: "Pick a customer" })
      .getByRole("button", { name: "Next" })
      .click();
    await page.getByRole("dialog", { name: "Save it" }).waitFor();
    await page.click("#save");
    await page.getByRole("dialog", { name: "All done" }).waitFor();
    surfaces.push("tour step (centred)");
    await page
      .getByRole("dialog", { name: "All done" })
      .getByRole("button", { name: "Done" })
      .click();

    // Demo on its own (Waymark.demo), stopped from its toolbar.
    await call(page, "demo", "csp-tour", { step: "customer" });
    await page.getByRole("button", { name: "Stop" }).click();
    surfaces.push("demo controls (Waymark.demo)");

    // Help card for a failed request.
    await page.evaluate(() => fetch("/api/__echo?__fail=500").catch(() => undefined));
    const help = page.getByRole("dialog", { name: "Saving failed" });
    await help.waitFor();
    expect(await styled(page, ".wm-help")).toBe("fixed");
    surfaces.push("help card");

    // Support panel → report preview → send.
    await call(page, "support");
    const panel = page.getByRole("dialog", { name: "Before you contact us" });
    await panel.waitFor();
    surfaces.push("support panel");
    await panel.getByRole("button", { name: "Report a problem" }).click();
    const preview = page.getByRole("dialog", { name: "Report a problem" });
    await preview.waitFor();
    await preview.getByRole("button", { name: "Send" }).click();
    await eventually(async () =>
      expect(
        ((await (await fetch(`${baseUrl()}/support/reports`)).json()) as unknown[]).length,
      ).toBe(1),
    );
    surfaces.push("report preview (sent)");

    // Insights, and both exports (Blob downloads).
    await page.keyboard.press("Escape");
    await call(page, "insights");
    const insights = page.getByRole("dialog", { name: "Insights" });
    await insights.waitFor();
    for (const name of [/JSON/, /CSV/]) {
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        insights.getByRole("button", { name }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.(json|csv)$/);
    }
    surfaces.push("insights (charts, JSON and CSV export)");
    const exported = (await page.evaluate(() =>
      (window as unknown as W).Waymark.exportData!(),
    )) as { events: unknown[] };
    expect(exported.events.length).toBeGreaterThan(5);
    await eventually(async () =>
      expect(
        ((await (await fetch(`${baseUrl()}/v1/logs`)).json()) as unknown[]).length,
      ).toBeGreaterThan(0),
    );
    surfaces.push("telemetry (OTLP export)");

    expect(await violations(page)).toEqual([]);
    expect(unexpectedErrors(opened, { failedRequests: true })).toEqual([]);
    figures.surfaces = surfaces;
  });

  it("controls: the page does report a Trusted Types violation, and an inline style is blocked", async () => {
    const opened = await browser.open("/test/csp/csp/app.html");
    const { page } = opened;
    const thrown = await page.evaluate(() => {
      try {
        document.body.insertAdjacentHTML("beforeend", "<b>x</b>");
        return "no error";
      } catch (error) {
        return (error as Error).name;
      }
    });
    expect(thrown).toBe("TypeError");
    await page.evaluate(() => {
      const style = document.createElement("style");
      style.textContent = "h1{color:red}";
      document.head.append(style);
    });
    await eventually(async () =>
      expect((await violations(page)).map((v) => v.directive).sort()).toEqual([
        "require-trusted-types-for",
        "style-src-elem",
      ]),
    );
  });

  it("without constructable stylesheets, the <style> fallback is blocked unless the nonce option is given", async () => {
    const nonce = "wm0nce42";
    // Without the option: blocked (and reported), the widget unstyled.
    const bare = await browser.open(`/test/csp/csp/app.html?nonce=${nonce}`, {
      init: NO_ADOPTED_STYLESHEETS,
    });
    await call(bare.page, "start", "csp-tour");
    await bare.page.locator("[data-waymark-host] .wm-step").waitFor({ state: "attached" });
    await eventually(async () =>
      expect((await violations(bare.page)).map((v) => v.directive)).toContain("style-src-elem"),
    );
    expect(await styled(bare.page, ".wm-step")).not.toBe("fixed");

    // With `nonce` (init) or data-nonce: no violation, styled.
    const withNonce = await browser.open(`/test/csp/csp/app.html?nonce=${nonce}`, {
      init: `${NO_ADOPTED_STYLESHEETS}; window.__wmNonce = ${JSON.stringify(nonce)};`,
    });
    const { page } = withNonce;
    await call(page, "start", "csp-tour");
    await page.getByRole("dialog", { name: "Pick a customer" }).waitFor();
    expect(await styled(page, ".wm-step")).toBe("fixed");
    const styles = await page.evaluate(() => ({
      shadow: [
        ...(document.querySelector("[data-waymark-host]")?.shadowRoot?.querySelectorAll("style") ??
          []),
      ].map((s) => s.nonce),
      page: [...document.querySelectorAll("style")].map((s) => s.nonce),
    }));
    expect(styles).toEqual({ shadow: [nonce], page: [nonce] });
    expect(await violations(page)).toEqual([]);
    expect(unexpectedErrors(withNonce)).toEqual([]);
  });
});

describe("a policy that allows scripts only by nonce (no 'self')", () => {
  const browser = useBrowser();

  /** Starts the tour, plays its demo, opens insights; returns the scripts the page loaded. */
  async function run(path: string) {
    const context = await browser.newContext();
    const scripts: string[] = [];
    context.on("request", (r) => {
      if (r.resourceType() === "script") scripts.push(new URL(r.url()).pathname);
    });
    const opened = await browser.open(path, { context });
    const { page } = opened;
    page.setDefaultTimeout(8000);
    await page.waitForFunction(() => typeof (window as unknown as W).Waymark?.start === "function");
    await call(page, "start", "csp-tour");
    const step = page.getByRole("dialog", { name: "Pick a customer" });
    await step.waitFor();
    expect(await styled(page, ".wm-step")).toBe("fixed");
    await step.getByRole("button", { name: "Show me" }).click();
    await eventually(
      async () => expect(await page.inputValue("#customer")).toBe("ACME Ltd"),
      10_000,
    );
    await call(page, "stop");
    await call(page, "insights");
    await page.getByRole("dialog", { name: "Insights" }).waitFor();
    expect(await violations(page)).toEqual([]);
    expect(unexpectedErrors(opened)).toEqual([]);
    return scripts.filter((s) => s.startsWith("/waymark/"));
  }

  it("the split script's parts inherit its nonce: tour, demo and insights with zero violations", async () => {
    const scripts = await run("/test/csp/csp/nonce-only-split.html?script-nonce=n0nce");
    expect(scripts).toEqual(
      expect.arrayContaining([
        "/waymark/waymark.js",
        "/waymark/waymark-ui.js",
        "/waymark/waymark-demo.js",
        "/waymark/waymark-insights.js",
      ]),
    );
  });

  it("the standalone bundle does the same from one file", async () => {
    const scripts = await run("/test/csp/csp/nonce-only.html?script-nonce=n0nce");
    expect(scripts).toEqual(["/waymark/standalone/waymark.js"]);
  });
});
