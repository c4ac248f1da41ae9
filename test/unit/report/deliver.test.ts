import { afterEach, describe, expect, it, vi } from "vitest";
import { createRedactor } from "../../../src/privacy/redact";
import { buildReport, reportJson } from "../../../src/report/build";
import {
  createReportDelivery,
  destinationOf,
  mailtoUrl,
  MAILTO_MAX,
  parseRetryAfter,
} from "../../../src/report/deliver";

const report = buildReport(
  {
    url: "https://app.example/",
    userAgent: "UA",
    locale: "en",
    widgetVersion: "0",
    now: 0,
    guide: null,
    events: [],
    requests: [],
    errors: [],
    redactor: createRedactor(),
    id: "rep_1",
  },
  "my note",
);
const json = reportJson(report);
const endpoint = { kind: "endpoint" as const, url: "https://app.example/support/reports" };

function response(status: number, headers: Record<string, string> = {}) {
  return new Response(status === 204 ? null : "{}", { status, headers });
}

function setup(answers: Array<Response | Error>, options: { online?: boolean } = {}) {
  let online = options.online ?? true;
  const listeners = new Map<string, () => void>();
  const win = {
    navigator: {
      get onLine() {
        return online;
      },
    },
    location: { href: "https://app.example/" },
    addEventListener: (type: string, fn: () => void) => listeners.set(type, fn),
    removeEventListener: (type: string) => listeners.delete(type),
  } as unknown as Window;
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetch = vi.fn(async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const next = answers.shift() ?? response(201);
    if (next instanceof Error) throw next;
    return next;
  }) as unknown as typeof globalThis.fetch;
  const waits: number[] = [];
  const emit = vi.fn();
  const later = vi.fn();
  const delivery = createReportDelivery({
    win,
    fetch,
    emit,
    onLater: later,
    sleep: async (ms) => void waits.push(ms),
    random: () => 1,
  });
  return {
    delivery,
    calls,
    waits,
    emit,
    later,
    goOnline: () => ((online = true), listeners.get("online")?.()),
    goOffline: () => (online = false),
    listeners,
  };
}

afterEach(() => vi.restoreAllMocks());

describe("report delivery", () => {
  it("POSTs exactly the previewed JSON to the endpoint, once", async () => {
    const t = setup([response(201)]);
    expect(await t.delivery.deliver(report, json, endpoint)).toEqual({
      status: "sent",
      via: "endpoint",
      attempts: 1,
    });
    expect(t.calls).toHaveLength(1);
    expect(t.calls[0]?.url).toBe(endpoint.url);
    expect(t.calls[0]?.init).toMatchObject({
      method: "POST",
      body: json,
      headers: { "content-type": "application/json" },
    });
    expect(t.emit).toHaveBeenCalledWith(report, "endpoint");
  });

  it("retries 503 and 429, honouring Retry-After (seconds and dates), then succeeds", async () => {
    const date = new Date(Date.now() + 5000).toUTCString();
    const t = setup([
      response(503, { "retry-after": "2" }),
      response(429, { "retry-after": date }),
      response(201),
    ]);
    expect(await t.delivery.deliver(report, json, endpoint)).toMatchObject({
      status: "sent",
      attempts: 3,
    });
    expect(t.waits[0]).toBe(2000);
    expect(t.waits[1]).toBeGreaterThan(3000);
    expect(t.waits[1]).toBeLessThanOrEqual(5000);
  });

  it("backs off exponentially without Retry-After, and caps a huge Retry-After", async () => {
    const t = setup([
      response(502),
      response(504),
      response(503, { "retry-after": "3600" }),
      response(201),
    ]);
    await t.delivery.deliver(report, json, endpoint);
    expect(t.waits).toEqual([1000, 2000, 30_000]);
  });

  it("gives up after a bounded number of attempts", async () => {
    const t = setup([response(503), response(503), response(503), response(503), response(503)]);
    const outcome = await t.delivery.deliver(report, json, endpoint);
    expect(outcome).toMatchObject({ status: "failed", httpStatus: 503, attempts: 4 });
    expect(t.calls).toHaveLength(4);
    expect(t.emit).not.toHaveBeenCalled();
  });

  it("does not retry a report the server rejects (400, 413, 500)", async () => {
    for (const status of [400, 413, 500]) {
      const t = setup([response(status)]);
      expect(await t.delivery.deliver(report, json, endpoint)).toMatchObject({
        status: "failed",
        httpStatus: status,
        attempts: 1,
      });
      expect(t.calls).toHaveLength(1);
    }
  });

  it("retries network errors while online", async () => {
    const t = setup([new TypeError("Failed to fetch"), response(201)]);
    expect(await t.delivery.deliver(report, json, endpoint)).toMatchObject({
      status: "sent",
      attempts: 2,
    });
  });

  it("queues the report while offline and sends it when the browser is back online", async () => {
    const t = setup([response(201)], { online: false });
    expect(await t.delivery.deliver(report, json, endpoint)).toEqual({ status: "queued" });
    expect(t.calls).toHaveLength(0);
    expect(t.delivery.pending()).toBe(1);
    t.goOnline();
    await vi.waitFor(() =>
      expect(t.later).toHaveBeenCalledWith({ status: "sent", via: "endpoint", attempts: 1 }),
    );
    expect(t.calls).toHaveLength(1);
    expect(t.delivery.pending()).toBe(0);
  });

  it("queues when the connection drops during sending, and sends once back online", async () => {
    let online = true;
    let onOnline: (() => void) | undefined;
    const win = {
      navigator: {
        get onLine() {
          return online;
        },
      },
      addEventListener: (_: string, fn: () => void) => (onOnline = fn),
      removeEventListener: () => {},
    } as unknown as Window;
    const fetch = vi.fn(async () => {
      if (fetch.mock.calls.length === 1) {
        online = false; // the connection drops while the first attempt is in flight
        throw new TypeError("Failed to fetch");
      }
      return response(201);
    }) as unknown as typeof globalThis.fetch & { mock: { calls: unknown[] } };
    const later = vi.fn();
    const delivery = createReportDelivery({
      win,
      fetch,
      emit: () => {},
      onLater: later,
      sleep: async () => {},
    });
    expect(await delivery.deliver(report, json, endpoint)).toEqual({ status: "queued" });
    online = true;
    onOnline?.();
    await vi.waitFor(() =>
      expect(later).toHaveBeenCalledWith({ status: "sent", via: "endpoint", attempts: 1 }),
    );
    expect(fetch.mock.calls).toHaveLength(2);
  });

  it("stops retrying when cancelled", async () => {
    const controller = new AbortController();
    const t = setup([response(503, { "retry-after": "1" }), response(201)]);
    const sleepSpy = t.waits;
    controller.abort();
    expect(await t.delivery.deliver(report, json, endpoint, controller.signal)).toEqual({
      status: "cancelled",
    });
    expect(t.calls).toHaveLength(0);
    expect(sleepSpy).toEqual([]);
  });

  it("hands the report to Waymark.on('report') listeners when no destination is configured", async () => {
    const t = setup([]);
    expect(await t.delivery.deliver(report, json, { kind: "event" })).toEqual({
      status: "sent",
      via: "event",
      attempts: 1,
    });
    expect(t.emit).toHaveBeenCalledWith(report, "event");
    expect(t.calls).toHaveLength(0);
  });
});

describe("destinationOf", () => {
  it("prefers the endpoint (resolved against the page), then the email, then the event", () => {
    expect(
      destinationOf(
        { endpoint: "/support/reports", email: "a@b.example" },
        "https://app.example/x/y",
      ),
    ).toEqual({ kind: "endpoint", url: "https://app.example/support/reports" });
    expect(destinationOf({ email: "help@example.com" }, "https://app.example/")).toEqual({
      kind: "email",
      address: "help@example.com",
    });
    expect(destinationOf({}, "https://app.example/")).toEqual({ kind: "event" });
  });
});

describe("parseRetryAfter", () => {
  it("reads delta-seconds and HTTP dates, and ignores garbage", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe("mailtoUrl", () => {
  it("puts the note and the JSON in the body", () => {
    const url = mailtoUrl("help@example.com", "Problem report rep_1", report, json, 100_000);
    expect(url.startsWith("mailto:help@example.com?subject=Problem%20report%20rep_1&body=")).toBe(
      true,
    );
    const body = decodeURIComponent(url.split("&body=")[1] ?? "");
    expect(body).toBe(`my note\n\n${json}`);
  });

  it("shortens a long report to fit a mailto link, saying so", () => {
    const long = { ...report, note: "x".repeat(5000) };
    const url = mailtoUrl("help@example.com", "s", long, reportJson(long));
    expect(url.length).toBeLessThanOrEqual(MAILTO_MAX);
    expect(decodeURIComponent(url)).toContain(
      "report shortened to fit an email link; report id rep_1",
    );
  });
});
