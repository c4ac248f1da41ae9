/**
 * OTLP export in real Chromium against the demo server acting as an OpenTelemetry collector
 * (`POST /v1/logs`): nothing before consent, then OTLP/HTTP JSON that the official protocol
 * definitions decode unchanged; 503 with Retry-After retried; offline exports queued in
 * IndexedDB until the browser is back online.
 */
import type { Page } from "playwright-core";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { decodeOtlpJson } from "../unit/telemetry/decode";
import {
  baseUrl,
  injectFailure,
  stepNamed,
  unexpectedErrors,
  useBrowser,
  type OpenedPage,
} from "./browser";

const browser = useBrowser();
const eventually = <T>(fn: () => T | Promise<T>) =>
  expect.poll(fn, { timeout: 15_000, interval: 250 });

interface LogRecord {
  eventName: string;
  timeUnixNano: string;
  severityNumber: number;
  traceId: string;
  spanId: string;
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
}
interface Received {
  contentType: string | null;
  body: { resourceLogs: Array<{ scopeLogs: Array<{ logRecords: LogRecord[] }> }> };
}

const received = async (): Promise<Received[]> =>
  (await fetch(`${baseUrl()}/v1/logs`)).json() as Promise<Received[]>;
const records = async () =>
  (await received()).flatMap((r) =>
    r.body.resourceLogs.flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords)),
  );
const requestsToCollector = async () =>
  ((await (await fetch(`${baseUrl()}/api/__log?path=/v1/logs`)).json()) as unknown[]).length;

let opened: OpenedPage[] = [];
let before = 0;
beforeEach(async () => {
  await fetch(`${baseUrl()}/v1/logs`, { method: "DELETE" });
  before = await requestsToCollector();
});
afterEach(() => {
  const pages = opened;
  opened = [];
  for (const page of pages) expect(unexpectedErrors(page, { failedRequests: true })).toEqual([]);
});

async function openPage(path: string): Promise<OpenedPage> {
  const result = await browser.open(path);
  result.page.setDefaultTimeout(8000);
  opened.push(result);
  await result.page.waitForFunction(
    () =>
      typeof (window as unknown as { Waymark?: { exportData?: unknown } }).Waymark?.exportData ===
      "function",
  );
  return result;
}

async function takeTour(page: Page) {
  for (const [title, button] of [
    ["Welcome", "Next"],
    ["Middle", "Next"],
    ["The end", "Done"],
  ] as const) {
    await stepNamed(page, title).getByRole("button", { name: button, exact: true }).click();
  }
}

const consent = (page: Page, granted: boolean) =>
  page.evaluate(
    (g) => (window as unknown as { Waymark: { consent(g: boolean): void } }).Waymark.consent(g),
    granted,
  );
const eventCount = async (page: Page) =>
  (
    await page.evaluate(() =>
      (
        window as unknown as { Waymark: { exportData(): Promise<{ events: unknown[] }> } }
      ).Waymark.exportData(),
    )
  ).events.length;

describe("OTLP export", () => {
  test("nothing reaches the collector before consent; after it, OTLP JSON the official definitions decode", async () => {
    const { page } = await openPage("/test/fixtures/store/telemetry.html");
    await takeTour(page);
    await page.waitForTimeout(3000); // longer than the export delay
    expect(await requestsToCollector()).toBe(before);

    await consent(page, true);
    const recorded = await eventCount(page);
    await eventually(async () => (await records()).length).toBe(recorded);
    for (const { contentType, body } of await received()) {
      expect(contentType).toBe("application/json");
      expect(decodeOtlpJson(body)).toEqual(body);
    }
    const logs = await records();
    expect(logs.map((r) => r.eventName)).toEqual(
      expect.arrayContaining([
        "waymark.guide.start",
        "waymark.step.show",
        "waymark.step.done",
        "waymark.guide.done",
      ]),
    );
    for (const record of logs) {
      expect(record.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(record.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(record.timeUnixNano).toMatch(/^\d{19}$/);
      expect(Number.isInteger(record.severityNumber)).toBe(true);
    }
    expect(logs.find((r) => r.eventName === "waymark.guide.done")?.attributes).toEqual(
      expect.arrayContaining([
        { key: "waymark.guide.id", value: { stringValue: "store-tour" } },
        { key: "url.path", value: { stringValue: "/test/fixtures/store/telemetry.html" } },
      ]),
    );
  });

  test("with consent denied nothing is ever exported", async () => {
    const { page } = await openPage("/test/fixtures/store/telemetry-denied.html");
    await takeTour(page);
    await page.waitForTimeout(3000);
    expect(await requestsToCollector()).toBe(before);
    expect(await received()).toEqual([]);
  });

  test("retries a 503 after its Retry-After, and delivers every event once", async () => {
    await injectFailure({
      route: "/v1/logs",
      method: "POST",
      status: 503,
      times: 1,
      retryAfter: 1,
    } as Parameters<typeof injectFailure>[0]);
    const { page } = await openPage("/test/fixtures/store/telemetry.html");
    await consent(page, true);
    await takeTour(page);
    const recorded = await eventCount(page);
    await eventually(async () => (await records()).length).toBe(recorded);
    expect(new Set((await records()).map((r) => r.spanId)).size).toBe(recorded);
    expect(await requestsToCollector()).toBeGreaterThanOrEqual(before + 2);
  });

  test("offline: exports wait in IndexedDB and go out when the browser is back online", async () => {
    const { page, context } = await openPage("/test/fixtures/store/telemetry.html");
    // Offline once the tour is on screen: its interface (a part) has arrived by then.
    await stepNamed(page, "Welcome").waitFor();
    await context.setOffline(true);
    await consent(page, true);
    await takeTour(page);
    const waiting = () =>
      page.evaluate(
        () =>
          new Promise<number>((resolve, reject) => {
            const request = indexedDB.open("waymark");
            request.onsuccess = () => {
              const count = request.result.transaction("outbox").objectStore("outbox").count();
              count.onsuccess = () => {
                request.result.close();
                resolve(count.result);
              };
            };
            request.onerror = () => reject(request.error);
          }),
      );
    const recorded = await eventCount(page);
    await eventually(waiting).toBe(recorded);
    expect(await received()).toEqual([]);
    await context.setOffline(false);
    await eventually(async () => (await records()).length).toBe(recorded);
    await eventually(waiting).toBe(0);
  });
});
