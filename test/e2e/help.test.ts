import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import {
  baseUrl,
  injectFailure,
  sideOf,
  stepNamed,
  unexpectedErrors,
  useBrowser,
  type Box,
} from "./browser";

/**
 * Failures become in-context help on the demo app (guides/help.json): each failure kind shows
 * its help card, a non-modal dialog named by the help title, next to the element involved and
 * never over it; during a reported incident a server-side failure says it is on our side; the
 * request trace holds the failed request with its x-request-id and traceparent; and nothing
 * secret reaches IndexedDB.
 */

type HelpEvent = {
  id: string;
  title: string;
  kind?: string;
  signature?: string;
  incident: boolean;
  request?: {
    method: string;
    url: string;
    status: number;
    network: boolean;
    requestId?: string;
    traceparent?: string;
    duration: number;
  };
};

const helpCard = (page: Page, title: string) =>
  page.getByRole("dialog", { name: title, exact: true });

async function listenForHelp(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as {
      __help: unknown[];
      Waymark: { on(e: string, fn: (p: unknown) => void): void };
    };
    w.__help = [];
    w.Waymark.on("help", (p) => w.__help.push(p));
  });
}
const helpEvents = (page: Page) =>
  page.evaluate(() => (window as unknown as { __help: HelpEvent[] }).__help);

async function box(page: Page, locator: ReturnType<Page["locator"]>): Promise<Box> {
  const b = await locator.boundingBox();
  if (!b) throw new Error("element has no box");
  return b;
}

/** Where the card sits relative to `selector`: the side and the gap between them. */
async function attachment(page: Page, title: string, selector: string) {
  const card = await box(page, helpCard(page, title));
  const target = await box(page, page.locator(selector));
  const side = sideOf(card, target);
  const gap =
    side === "right"
      ? card.x - (target.x + target.width)
      : side === "left"
        ? target.x - (card.x + card.width)
        : side === "bottom"
          ? card.y - (target.y + target.height)
          : side === "top"
            ? target.y - (card.y + card.height)
            : -1;
  return { side, near: gap >= 0 && gap < 40 };
}

/**
 * The card sits beside `selector`: on one side of it, not over it, and close to it (polled:
 * the app's own error messages shift the layout just after the failure, and the card follows).
 */
async function expectBeside(page: Page, title: string, selector: string) {
  await expect
    .poll(() => attachment(page, title, selector), { timeout: 2000 })
    .toMatchObject({ near: true });
  expect((await attachment(page, title, selector)).side).not.toBe("overlap");
}

/** The new-invoice tour starts by itself on a fresh profile: close it (its overlay blocks the page). */
async function closeTour(page: Page) {
  await page.locator("[data-waymark-host] .wm-step").getByRole("button", { name: "Close" }).click();
  await expect.poll(() => page.locator("[data-waymark-host] .wm-step").count()).toBe(0);
}

async function payWith(page: Page, card: string) {
  await page.fill("#card-number", card);
  await page.fill("#card-expiry", "12/39");
  await page.fill("#card-cvc", "123");
  await page.click("#pay");
}

async function fillInvoice(page: Page) {
  await page.locator("#customer option[value=cus_acme]").waitFor({ state: "attached" });
  await page.selectOption("#customer", "cus_acme");
  await page.fill("#amount", "120");
}

async function setStatus(indicator: string, description?: string) {
  await fetch(`${baseUrl()}/api/__status`, {
    method: indicator === "none" ? "DELETE" : "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ indicator, description }),
  });
}

describe("help cards for failures on the demo app", () => {
  const browser = useBrowser();
  afterAll(() => setStatus("none"));

  it("402 card declined: the card sits beside #pay, with its actions; the trace has the request id and traceparent", async () => {
    const opened = await browser.open("/app/billing");
    const { page } = opened;
    await listenForHelp(page);
    await payWith(page, "4000 0000 0000 0002");
    const card = helpCard(page, "Your card was declined");
    await card.waitFor();
    await expectBeside(page, "Your card was declined", "#pay");
    expect(sideOf(await box(page, card), await box(page, page.locator("#card-number")))).not.toBe(
      "overlap",
    );
    expect(await card.getByRole("link", { name: "Card payment help" }).getAttribute("href")).toBe(
      "https://ledgerly.example/help/cards",
    );
    await card.getByRole("button", { name: "Still stuck? Report it" }).waitFor();
    expect(await card.getAttribute("aria-modal")).toBeNull();

    const [event] = await helpEvents(page);
    const log = (await (
      await fetch(`${baseUrl()}/api/__log?path=/api/payments&method=POST`)
    ).json()) as Array<{ id: string; headers: Record<string, string> }>;
    const sent = log.find((e) => e.id === event?.request?.requestId);
    expect(event).toMatchObject({
      id: "card-declined",
      kind: "request",
      signature: "request:POST /api/payments 402",
      incident: false,
    });
    expect(event?.request).toMatchObject({ method: "POST", status: 402, network: false });
    expect(event?.request?.url).toBe(`${baseUrl()}/api/payments`);
    expect(sent, "the request id is the server's x-request-id").toBeDefined();
    expect(event?.request?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(sent?.headers.traceparent).toBe(event?.request?.traceparent);

    // Dismiss closes it.
    await card.getByRole("button", { name: "Dismiss" }).click();
    await expect.poll(() => card.count()).toBe(0);
    const data = await page.evaluate(() =>
      (
        window as unknown as {
          Waymark: { exportData(): Promise<{ events: Array<Record<string, unknown>> }> };
        }
      ).Waymark.exportData(),
    );
    expect(
      data.events
        .filter((e) => String(e.type).startsWith("help.") || e.type === "failure")
        .map((e) => `${String(e.type)} ${String(e.help ?? e.signature)}`),
    ).toEqual([
      "failure request:POST /api/payments 402",
      "help.show card-declined",
      "help.action card-declined",
    ]);
    expect(unexpectedErrors(opened, { failedRequests: true })).toEqual([]);
  });

  it("401 bad API key: shown beside #create-key while the tour step is open, and usable (Dismiss works)", async () => {
    await injectFailure({ route: "/api/keys", method: "POST", status: 401 });
    const { page } = await browser.open("/app/settings/api-keys");
    await stepNamed(page, "Your API keys").waitFor();
    await page.getByRole("button", { name: "Next" }).click();
    await stepNamed(page, "Name your key").waitFor();
    await page.fill("#key-name", "Zapier");
    await stepNamed(page, "Create the key").waitFor();
    await page.click("#create-key");
    const card = helpCard(page, "Your API key isn't valid");
    await card.waitFor();
    // The tour step is still open, with driver.js's overlay: the card takes pointer events.
    expect(await stepNamed(page, "Create the key").count()).toBe(1);
    expect(await page.evaluate(() => document.body.classList.contains("driver-active"))).toBe(true);
    await expectBeside(page, "Your API key isn't valid", "#create-key");
    await card.getByRole("button", { name: "Show me how" }).waitFor();
    await card.getByRole("button", { name: "Dismiss" }).click({ timeout: 3000 });
    await expect.poll(() => card.count()).toBe(0);
  });

  it("422 validation: the card sits beside the invalid field and outlines it", async () => {
    await injectFailure({ route: "/api/invoices", method: "POST", status: 422 });
    const { page } = await browser.open("/app/invoices/new");
    await closeTour(page);
    await fillInvoice(page);
    await page.click("#send-invoice");
    const card = helpCard(page, "Some details need fixing");
    await card.waitFor();
    expect(await page.getAttribute("#amount", "aria-invalid")).toBe("true");
    await expectBeside(page, "Some details need fixing", "#amount");
    const ring = await box(page, page.locator("[data-waymark-host] .wm-help-ring"));
    const amount = await box(page, page.locator("#amount"));
    expect(ring.x).toBeLessThanOrEqual(amount.x);
    expect(ring.y).toBeLessThanOrEqual(amount.y);
    expect(ring.x + ring.width).toBeGreaterThanOrEqual(amount.x + amount.width);
    expect(ring.y + ring.height).toBeGreaterThanOrEqual(amount.y + amount.height);
  });

  it("an invalid field (native constraint validation) shows its help beside the field", async () => {
    const { page } = await browser.open("/app/invoices/new");
    await closeTour(page);
    await page.locator("#customer option[value=cus_acme]").waitFor({ state: "attached" });
    await page.selectOption("#customer", "cus_acme");
    await page.click("#send-invoice");
    await helpCard(page, "Enter an amount first").waitFor();
    await expectBeside(page, "Enter an amount first", "#amount");
  });

  it("500: a generic 'couldn't save' card; during a reported incident it says it is on our side", async () => {
    await injectFailure({ route: "/api/invoices", method: "POST", status: 500 });
    let { page } = await browser.open("/app/invoices/new");
    await closeTour(page);
    await fillInvoice(page);
    await page.click("#send-invoice");
    let card = helpCard(page, "We couldn't save that");
    await card.waitFor();
    expect(await card.textContent()).toContain("try again in a moment");
    expect(await card.textContent()).not.toContain("on our side, not yours");
    await expectBeside(page, "We couldn't save that", "#send-invoice");

    await setStatus("major", "Invoice sending is delayed");
    try {
      await injectFailure({ route: "/api/invoices", method: "POST", status: 500 });
      ({ page } = await browser.open("/app/invoices/new"));
      await listenForHelp(page);
      await closeTour(page);
      await fillInvoice(page);
      await page.click("#send-invoice");
      card = helpCard(page, "We couldn't save that");
      await card.waitFor();
      const text = await card.textContent();
      expect(text).toContain("This is on our side, not yours.");
      expect(text).toContain("Invoice sending is delayed");
      expect(text).not.toContain("try again in a moment");
      expect((await helpEvents(page))[0]).toMatchObject({ id: "server-error", incident: true });
    } finally {
      await setStatus("none");
    }
  });

  it("network drop: a 'couldn't reach' card beside the button that sent it", async () => {
    await injectFailure({ route: "/api/payments", method: "POST", status: "drop" });
    const { page } = await browser.open("/app/billing");
    await payWith(page, "4242 4242 4242 4242");
    await helpCard(page, "We couldn't reach Ledgerly").waitFor();
    await expectBeside(page, "We couldn't reach Ledgerly", "#pay");
  });

  it("help is resolved when the same request later succeeds", async () => {
    await injectFailure({ route: "/api/payments", method: "POST", status: 500 });
    const { page } = await browser.open("/app/billing");
    await payWith(page, "4242 4242 4242 4242");
    const card = helpCard(page, "We couldn't save that");
    await card.waitFor();
    await page.click("#pay");
    await page.locator("#payment-result").waitFor();
    await expect.poll(() => card.count()).toBe(0);
    const data = await page.evaluate(() =>
      (
        window as unknown as {
          Waymark: { exportData(): Promise<{ events: Array<Record<string, unknown>> }> };
        }
      ).Waymark.exportData(),
    );
    expect(data.events.some((e) => e.type === "help.resolved" && e.help === "server-error")).toBe(
      true,
    );
  });

  it("no bearer token, API key in a query string, password value or email reaches IndexedDB", async () => {
    await injectFailure({ route: "/api/keys", method: "GET", status: 401, times: 2 });
    const opened = await browser.open("/app/settings/api-keys");
    const { page } = opened;
    await listenForHelp(page);
    await page.evaluate(async () => {
      // The app sends a bearer token and an API key in the query string; the request fails.
      await fetch("/api/keys?api_key=sk_live_QUERYSECRET42&email=jane.doe%40example.com", {
        headers: { Authorization: "Bearer tok_BEARERSECRET42" },
      }).catch(() => {});
      // A password field becomes invalid, with a value in it.
      const form = document.createElement("form");
      form.innerHTML = '<input type="password" id="pw" name="password" required minlength="40">';
      document.body.append(form);
      const pw = document.getElementById("pw") as HTMLInputElement;
      pw.value = "hunter2-PASSWORDSECRET";
      pw.setAttribute("aria-invalid", "true");
      form.reportValidity();
      // A host-reported failure and an error carry secrets in their data and message.
      const w = window as unknown as { Waymark: { fail(n: string, d: unknown): void } };
      w.Waymark.fail("login", {
        code: "bad_password",
        password: "hunter2-PASSWORDSECRET",
        email: "jane.doe@example.com",
      });
      setTimeout(() => {
        throw new Error("Login failed for jane.doe@example.com with token=tok_BEARERSECRET42");
      });
      void Promise.reject(new Error("Bearer tok_BEARERSECRET42 rejected for jane.doe@example.com"));
    });
    await page.waitForTimeout(800);
    const dump = JSON.stringify(
      await page.evaluate(() =>
        (window as unknown as { Waymark: { exportData(): Promise<unknown> } }).Waymark.exportData(),
      ),
    );
    const events = JSON.parse(dump) as { events: Array<Record<string, unknown>> };
    expect(events.events.filter((e) => e.type === "failure").map((e) => e.kind)).toEqual(
      expect.arrayContaining(["request", "invalid", "event", "error"]),
    );
    for (const secret of [
      "QUERYSECRET42",
      "BEARERSECRET42",
      "PASSWORDSECRET",
      "jane.doe",
      "example.com",
    ])
      expect(dump).not.toContain(secret);
    // What the help event hands the host is redacted too.
    const shown = JSON.stringify(await helpEvents(page));
    for (const secret of ["QUERYSECRET42", "jane.doe"]) expect(shown).not.toContain(secret);
  });

  it("uncaught errors and rejections still reach the page's own handlers, unchanged", async () => {
    const { page } = await browser.open("/app/billing");
    const result = await page.evaluate(async () => {
      const seen: unknown[] = [];
      const thrown = new Error("boom");
      const reason = { not: "an Error" };
      window.onerror = (message, _source, _line, _col, error) =>
        void seen.push(["onerror", String(message), error === thrown]);
      window.addEventListener("error", (e) =>
        seen.push(["error", e.defaultPrevented, e.error === thrown]),
      );
      window.addEventListener("unhandledrejection", (e) =>
        seen.push(["rejection", e.defaultPrevented, e.reason === reason]),
      );
      setTimeout(() => {
        throw thrown;
      });
      void Promise.reject(reason);
      await new Promise((r) => setTimeout(r, 200));
      return seen;
    });
    expect(result).toEqual(
      expect.arrayContaining([
        ["onerror", "Uncaught Error: boom", true],
        ["error", false, true],
        ["rejection", false, true],
      ]),
    );
  });
});
