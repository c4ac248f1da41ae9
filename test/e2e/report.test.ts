// The report preview and delivery (SPEC §4, §6; issue #5): the user sees exactly the JSON that
// will be sent, it holds the failed request with its ids and none of the seeded secrets,
// nothing reaches the endpoint before Send, and a 503 with Retry-After is retried once.
import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { baseUrl, focusedElement, useBrowser } from "./browser";

const browser = useBrowser();

interface ReceivedReport {
  receivedAt: string;
  query: string;
  contentType: string | null;
  body: Record<string, unknown>;
}

/** A fixture page whose reports go to `/support/reports?run=<run>`, so tests running in parallel keep apart. */
async function openFixture(extraConfig: Record<string, unknown> = {}) {
  const run = randomUUID();
  const config = { report: { endpoint: `/support/reports?run=${run}` }, ...extraConfig };
  const opened = await browser.open(`/test/fixtures/support/page.html?run=${run}`, {
    init: `window.Waymark = { q: [["init", [${JSON.stringify(config)}]]] };`,
  });
  await opened.page.waitForFunction(
    () => (window as unknown as { Waymark?: { __loaded?: boolean } }).Waymark?.__loaded === true,
  );
  return { ...opened, run };
}

async function receivedReports(run: string): Promise<ReceivedReport[]> {
  const all = (await (await fetch(`${baseUrl()}/support/reports`)).json()) as ReceivedReport[];
  return all.filter((r) => r.query.includes(run));
}

async function reportPosts(run: string): Promise<Array<{ time: string; status: number | null }>> {
  const log = (await (
    await fetch(`${baseUrl()}/api/__log?path=/support/reports&method=POST`)
  ).json()) as Array<{ query: string; time: string; status: number | null }>;
  return log.filter((e) => e.query.includes(run));
}

const preview = (page: Page) => page.getByRole("dialog", { name: "Report a problem" });
const previewJson = async (page: Page) =>
  (await preview(page).getByRole("region", { name: "Report contents" }).textContent()) ?? "";

/** Makes the seeded failing request (API key in the query, bearer token) and its uncaught error. */
async function seedFailure(page: Page) {
  await page.locator("#sync").click();
  await expect.poll(() => page.locator("#result").textContent()).toBe("Sync answered 503");
  await page.waitForTimeout(50); // the page's own uncaught error follows the response
}

async function openPreviewFromSupportLink(page: Page) {
  await page.locator("#contact-support").click();
  await page
    .getByRole("dialog", { name: "Before you contact us" })
    .getByRole("button", { name: "Report a problem" })
    .click();
  await expect.poll(() => preview(page).isVisible()).toBe(true);
}

const SECRETS = ["SECRET123", "tok_SECRET", "hunter2-SECRET", "jane.doe@example.com"];

describe("the report preview", () => {
  it("holds the failed request with its x-request-id and traceparent, and none of the seeded secrets", async () => {
    const { page, run } = await openFixture();
    await seedFailure(page);
    await openPreviewFromSupportLink(page);
    await preview(page)
      .getByLabel("What happened? (optional)")
      .fill("Sync keeps failing. Reach me at jane.doe@example.com");

    const text = await previewJson(page);
    const report = JSON.parse(text) as {
      schemaVersion: number;
      note: string;
      url: string;
      failedRequests: Array<Record<string, unknown>>;
      recentRequests: unknown[];
      errors: Array<{ message: string }>;
    };
    expect(text).toBe(JSON.stringify(report, null, 2)); // exactly the pretty-printed JSON
    expect(report.schemaVersion).toBe(1);
    expect(report.note).toBe("Sync keeps failing. Reach me at [redacted]");
    expect(report.url).toContain(`run=${run}`);

    const [logged] = (
      (await (await fetch(`${baseUrl()}/api/__log?path=/api/__echo`)).json()) as Array<{
        id: string;
        query: string;
        headers: Record<string, string>;
      }>
    ).filter((e) => e.query.includes("SECRET123") && e.headers.referer?.includes(run));
    expect(logged).toBeDefined();
    const failed = report.failedRequests.find((r) => String(r.url).includes("/api/__echo"));
    expect(failed).toMatchObject({ method: "GET", status: 503, requestId: logged!.id });
    expect(failed?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    expect(failed?.traceparent).toBe(logged!.headers.traceparent);
    expect(report.errors.some((e) => e.message.includes("Sync failed for [redacted]"))).toBe(true);

    for (const secret of SECRETS) expect(text).not.toContain(secret);
    // Zero requests reached the report endpoint before Send.
    expect(await receivedReports(run)).toEqual([]);
    expect(await reportPosts(run)).toEqual([]);
  });

  it("Send delivers exactly the previewed JSON to the endpoint, once", async () => {
    const { page, run } = await openFixture();
    await seedFailure(page);
    await page.evaluate(() =>
      (window as unknown as { Waymark: { report(note?: string): void } }).Waymark.report(
        "The sync button fails",
      ),
    );
    await expect.poll(() => preview(page).isVisible()).toBe(true);
    const text = await previewJson(page);
    expect(await receivedReports(run)).toEqual([]);

    await preview(page).getByRole("button", { name: "Send" }).click();
    await expect.poll(() => receivedReports(run)).toHaveLength(1);
    const [received] = await receivedReports(run);
    expect(received?.contentType).toBe("application/json");
    expect(received?.body).toEqual(JSON.parse(text));
    expect(JSON.stringify(received?.body)).not.toMatch(new RegExp(SECRETS.join("|")));
    await expect.poll(() => preview(page).count()).toBe(0);
    await expect
      .poll(() => page.locator("[data-waymark-host]").getByRole("status").first().textContent())
      .toBe("Your report was sent. Thank you.");
    expect(await reportPosts(run)).toHaveLength(1);
  });

  it("retries a 503 with Retry-After and delivers the report once", async () => {
    const { page, run } = await openFixture();
    const rule = await fetch(`${baseUrl()}/api/__fail`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        route: "/support/reports",
        method: "POST",
        status: 503,
        times: 1,
        retryAfter: 1,
        query: `run=${run}`,
      }),
    });
    expect(rule.status).toBe(201);
    await page.evaluate(() =>
      (window as unknown as { Waymark: { report(): void } }).Waymark.report(),
    );
    await expect.poll(() => preview(page).isVisible()).toBe(true);
    await preview(page).getByRole("button", { name: "Send" }).click();
    await expect.poll(() => preview(page).getByRole("status").textContent()).toBe("Sending…");

    await expect.poll(() => receivedReports(run), { timeout: 10_000 }).toHaveLength(1);
    const posts = await reportPosts(run);
    expect(posts.map((p) => p.status)).toEqual([503, 201]);
    // Retry-After: 1 was honoured.
    expect(Date.parse(posts[1]!.time) - Date.parse(posts[0]!.time)).toBeGreaterThanOrEqual(900);
    await expect.poll(() => preview(page).count()).toBe(0);
    await page.waitForTimeout(1500);
    expect(await receivedReports(run)).toHaveLength(1);
  });

  it("queues the report while offline and sends it when the browser is back online", async () => {
    const { page, context, run } = await openFixture();
    await page.evaluate(() =>
      (window as unknown as { Waymark: { report(): void } }).Waymark.report(),
    );
    await expect.poll(() => preview(page).isVisible()).toBe(true);
    await context.setOffline(true);
    await preview(page).getByRole("button", { name: "Send" }).click();
    await expect
      .poll(() => page.locator("[data-waymark-host]").getByRole("status").first().textContent())
      .toBe("You are offline. Your report will be sent when you are back online.");
    expect(await reportPosts(run)).toEqual([]);
    await context.setOffline(false);
    await expect.poll(() => receivedReports(run), { timeout: 10_000 }).toHaveLength(1);
  });

  it("is a modal: Tab stays inside, Esc cancels without sending, focus returns where it was", async () => {
    const { page, run } = await openFixture();
    await page.locator("#contact-support").click();
    const panel = page.getByRole("dialog", { name: "Before you contact us" });
    await panel.getByRole("button", { name: "Report a problem" }).click();
    await expect.poll(() => preview(page).isVisible()).toBe(true);
    expect(await preview(page).getAttribute("aria-modal")).toBe("true");
    expect(await focusedElement(page)).toMatch(/^textarea/);

    const seen = new Set<string>();
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press("Tab");
      seen.add(await focusedElement(page));
    }
    // Only the note, the JSON region, Cancel and Send: never the page or the panel behind.
    expect([...seen].sort()).toEqual([
      'button "Cancel"',
      'button "Send"',
      'region "Report contents"',
      'textarea ""',
    ]);

    await page.keyboard.press("Escape");
    await expect.poll(() => preview(page).count()).toBe(0);
    await expect.poll(() => focusedElement(page)).toBe('button "Report a problem"');
    expect(await panel.isVisible()).toBe(true);
    expect(new URL(page.url()).pathname).toBe("/test/fixtures/support/page.html");
    await page.waitForTimeout(300);
    expect(await reportPosts(run)).toEqual([]);
  });

  it("with consent denied by the host, Send hands the report to the page only", async () => {
    const { page, run } = await openFixture({ consent: "denied" });
    await page.evaluate(() => {
      const w = window as unknown as {
        Waymark: { on(e: string, fn: (p: unknown) => void): void; report(): void };
        __reports: unknown[];
      };
      w.__reports = [];
      w.Waymark.on("report", (payload) => w.__reports.push(payload));
      w.Waymark.report();
    });
    await expect.poll(() => preview(page).isVisible()).toBe(true);
    expect(
      await preview(page)
        .getByText(/Pressing Send is your consent/)
        .count(),
    ).toBe(1);
    await preview(page).getByRole("button", { name: "Send" }).click();
    await expect
      .poll(() =>
        page.evaluate(() =>
          (window as unknown as { __reports: Array<{ via: string }> }).__reports.map((r) => r.via),
        ),
      )
      .toEqual(["event"]);
    await page.waitForTimeout(300);
    expect(await reportPosts(run)).toEqual([]);
  });
});
