/**
 * Privacy (issue #8 part 7): a page seeded with secrets (test/fixtures/privacy/secrets.js: a
 * bearer token and an API key in request headers, API keys and tokens in query strings and
 * fragments of the page URL and of failed fetch/XHR requests, a typed password, card number and
 * CVC, an email in uncaught error and rejection messages, session cookies) runs every feature:
 * a tour with input advances, a demo, help cards for the failed requests and the error, the
 * support panel, the report preview (read and sent), insights with both exports,
 * `exportData()` and OTLP telemetry. Then every IndexedDB database and store, sessionStorage,
 * localStorage, every report received, every OTLP payload and every export is scanned: none of
 * the secrets may appear in any of them.
 */
import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { baseUrl, eventually, useBrowser } from "./browser";

const SECRETS = {
  bearer: "tok_live_BEARER9f8e7d6c5b4a3210",
  apiKey: "ak_QUERY5f4e3d2c1b0a9988",
  token: "tkn_QUERYa1b2c3d4e5f60011",
  accessToken: "at_FRAGMENTz9y8x7w6v5u4",
  password: "Pa55word!SECRET_hunter2",
  card: "4111111111111111",
  email: "jane.secret.doe@example.com",
  cookie: "sess_COOKIE0123456789abcdef",
};
/** Also the forms a secret takes once encoded or formatted. */
const NEEDLES: Array<[string, string]> = Object.entries(SECRETS).flatMap(([name, value]) => [
  [name, value],
  [`${name} (url-encoded)`, encodeURIComponent(value)],
  ...(name === "card"
    ? ([
        ["card (grouped)", "4111 1111 1111 1111"],
        ["card (tail)", "11111111"],
      ] as Array<[string, string]>)
    : []),
  ...(name === "email"
    ? ([["email (local part)", "jane.secret.doe"]] as Array<[string, string]>)
    : []),
]);

type W = { Waymark: Record<string, (...args: unknown[]) => unknown> };
const call = (page: Page, name: string, ...args: unknown[]) =>
  page.evaluate(([n, a]) => (window as unknown as W).Waymark[n as string]!(...(a as unknown[])), [
    name,
    args,
  ] as const);

/** Every IndexedDB database, every store, every record (and every key), plus both Web Storages. */
function dumpStorage(page: Page) {
  return page.evaluate(async () => {
    const out: Record<string, unknown> = {};
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(info.name!);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      for (const store of [...db.objectStoreNames]) {
        out[`${info.name}/${store}`] = await new Promise<unknown[]>((resolve, reject) => {
          const rows: unknown[] = [];
          const req = db.transaction(store, "readonly").objectStore(store).openCursor();
          req.onsuccess = () => {
            const cursor = req.result;
            if (!cursor) return resolve(rows);
            rows.push({ key: cursor.key, value: cursor.value });
            cursor.continue();
          };
          req.onerror = () => reject(req.error);
        });
      }
      db.close();
    }
    out.sessionStorage = Object.fromEntries(Object.entries(sessionStorage));
    out.localStorage = Object.fromEntries(Object.entries(localStorage));
    return out;
  });
}

const figures: Record<string, unknown> = {};
afterAll(() => console.log(`[privacy figures] ${JSON.stringify(figures)}`));

describe("privacy: no secret reaches storage, reports or exports", () => {
  const browser = useBrowser();

  it("every feature runs on a page seeded with secrets; none of them is stored, shown, sent or exported", async () => {
    await fetch(`${baseUrl()}/support/reports`, { method: "DELETE" });
    await fetch(`${baseUrl()}/v1/logs`, { method: "DELETE" });
    const opened = await browser.open(
      `/test/fixtures/privacy/app.html?api_key=${SECRETS.apiKey}&token=${SECRETS.token}&email=${encodeURIComponent(SECRETS.email)}#access_token=${SECRETS.accessToken}`,
    );
    const { page } = opened;
    page.setDefaultTimeout(8000);
    const texts: Record<string, string> = {};

    // Tour: typed email and password advance it; the card step's demo plays; card and CVC typed.
    await call(page, "start", "checkout");
    await page.getByRole("dialog", { name: "Your email" }).waitFor();
    await page.locator("#email").pressSequentially(SECRETS.email);
    await page.getByRole("dialog", { name: "Your password" }).waitFor();
    await page.locator("#password").pressSequentially(SECRETS.password);
    await page.getByRole("dialog", { name: "Your card" }).waitFor();
    await page
      .getByRole("dialog", { name: "Your card" })
      .getByRole("button", { name: "Show me" })
      .click();
    await page.getByRole("dialog", { name: "Your card" }).waitFor({ timeout: 15_000 });
    await page.locator("#card").pressSequentially(SECRETS.card);
    await page.locator("#cvc").fill("737");
    // The card field is invalid (minlength): help for an invalid field.
    await page.evaluate(() =>
      (document.getElementById("card") as HTMLInputElement).reportValidity(),
    );
    await page
      .getByRole("dialog", { name: "Your card" })
      .getByRole("button", { name: "Next" })
      .click();
    await page.getByRole("dialog", { name: "Pay", exact: true }).waitFor();

    // Failed fetch and XHR with Authorization headers and secret query strings and fragments.
    // (The step's popover sits beside #pay; a script click keeps the test independent of layout.)
    await page.evaluate(() => document.getElementById("pay")!.click());
    await page.getByRole("dialog", { name: "The payment did not go through" }).waitFor();
    await eventually(async () =>
      expect(await page.textContent("#out")).toContain("Payment failed"),
    );
    texts.helpCard =
      (await page.getByRole("dialog", { name: "The payment did not go through" }).textContent()) ??
      "";

    // Uncaught error and unhandled rejection whose messages hold an email, a token and the card.
    await page.evaluate((s) => {
      setTimeout(() => {
        throw new Error(`Payment failed for ${s.email} with card ${s.card} (token ${s.token})`);
      });
      void Promise.reject(new Error(`Request failed: Bearer ${s.bearer} for ${s.email}`));
    }, SECRETS);
    await page.waitForTimeout(300);
    await call(page, "track", "checkout-viewed");
    await call(page, "fail", "payment", { code: "card_declined" });

    // Support panel → report preview (its JSON text) → send.
    await call(page, "support");
    const panel = page.getByRole("dialog", { name: "Before you contact us" });
    await panel.waitFor();
    texts.supportPanel = (await panel.textContent()) ?? "";
    await panel.getByRole("button", { name: "Report a problem" }).click();
    const preview = page.getByRole("dialog", { name: "Report a problem" });
    await preview.waitFor();
    texts.reportPreview =
      (await preview.getByRole("region", { name: "Report contents" }).textContent()) ?? "";
    const report: unknown = JSON.parse(texts.reportPreview);
    // The report does carry the failed requests and the errors, redacted (so the scan means something).
    expect((report as { failedRequests: unknown[] }).failedRequests).toHaveLength(2);
    expect((report as { errors: Array<{ message: string }> }).errors.map((e) => e.message)).toEqual(
      [
        "Error: Payment failed for [redacted] with card [redacted] (token [redacted])",
        "Error: Request failed: Bearer [redacted] for [redacted]",
      ],
    );
    await preview.getByRole("button", { name: "Send" }).click();
    await eventually(async () =>
      expect(
        ((await (await fetch(`${baseUrl()}/support/reports`)).json()) as unknown[]).length,
      ).toBe(1),
    );
    await page.keyboard.press("Escape");

    // Insights and both exports.
    await call(page, "insights");
    const insights = page.getByRole("dialog", { name: "Insights" });
    await insights.waitFor();
    texts.insights = (await insights.textContent()) ?? "";
    for (const name of [/JSON/, /CSV/]) {
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        insights.getByRole("button", { name }).click(),
      ]);
      texts[`insights export ${download.suggestedFilename()}`] = await readFile(
        (await download.path())!,
        "utf8",
      );
    }

    texts.exportData = JSON.stringify(await call(page, "exportData"));
    await eventually(async () =>
      expect(
        ((await (await fetch(`${baseUrl()}/v1/logs`)).json()) as unknown[]).length,
      ).toBeGreaterThan(0),
    );
    await page.waitForTimeout(500);
    texts.otlp = JSON.stringify(await (await fetch(`${baseUrl()}/v1/logs`)).json());
    texts.reportsReceived = JSON.stringify(
      await (await fetch(`${baseUrl()}/support/reports`)).json(),
    );
    const storage = await dumpStorage(page);
    for (const [where, content] of Object.entries(storage))
      texts[`storage ${where}`] = JSON.stringify(content);

    // The page really did hold the secrets (the scan would find them if they were copied).
    const server = (await (
      await fetch(`${baseUrl()}/api/__log?path=/api/__echo`)
    ).json()) as Array<{ headers: Record<string, string>; query: string }>;
    expect(JSON.stringify(server)).toContain(SECRETS.bearer);
    expect(JSON.stringify(server)).toContain(SECRETS.apiKey);
    expect(await page.evaluate(() => document.cookie)).toContain(SECRETS.cookie);
    expect(opened.errors.join("\n")).toContain(SECRETS.email);
    expect(JSON.parse(texts.exportData).events.length).toBeGreaterThan(10);

    const leaks = Object.entries(texts).flatMap(([where, text]) =>
      NEEDLES.filter(([, needle]) => text.includes(needle)).map(([name]) => `${name} in ${where}`),
    );
    expect(leaks).toEqual([]);
    figures.scanned = Object.fromEntries(Object.entries(texts).map(([k, v]) => [k, v.length]));
    figures.needles = NEEDLES.length;
    figures.events = JSON.parse(texts.exportData).events.length;
    figures.eventTypes = [
      ...new Set(
        (JSON.parse(texts.exportData).events as Array<{ type: string }>).map((e) => e.type),
      ),
    ];
    figures.records = Object.fromEntries(
      Object.entries(storage).map(([k, v]) => [
        k,
        Array.isArray(v) ? v.length : Object.keys(v as object).length,
      ]),
    );
  }, 80_000);
});
