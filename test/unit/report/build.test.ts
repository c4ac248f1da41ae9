import { describe, expect, it } from "vitest";
import { createRedactor } from "../../../src/privacy/redact";
import {
  buildReport,
  REPORT_LIMITS,
  reportJson,
  withNote,
  type ReportSources,
} from "../../../src/report/build";
import type { WaymarkEvent } from "../../../src/store/records";

const redactor = createRedactor();
const T0 = Date.UTC(2025, 0, 2, 3, 4, 5);

function sources(overrides: Partial<ReportSources> = {}): ReportSources {
  return {
    url: "https://app.example.com/billing?token=abc123&tab=cards#access_token=xyz",
    userAgent: "TestAgent/1.0",
    locale: "de-DE",
    widgetVersion: "0.1.0",
    now: T0,
    guide: { id: "update-card", step: "pay" },
    events: [],
    requests: [],
    errors: [],
    redactor,
    id: "rep_test",
    ...overrides,
  };
}

const event = (i: number, extra: Partial<WaymarkEvent> = {}): WaymarkEvent => ({
  id: `e${i}`,
  v: 1,
  type: "step.show",
  ts: T0 - 100_000 + i,
  session: "s1",
  page: "/billing",
  ...extra,
});

describe("buildReport (SPEC §6)", () => {
  it("has the SPEC §6 fields, with its own schemaVersion", () => {
    const report = buildReport(sources(), "It broke");
    expect(Object.keys(report)).toEqual([
      "schemaVersion",
      "id",
      "note",
      "url",
      "time",
      "userAgent",
      "widgetVersion",
      "locale",
      "guide",
      "failedRequests",
      "recentRequests",
      "errors",
      "events",
    ]);
    expect(report).toMatchObject({
      schemaVersion: 1,
      id: "rep_test",
      note: "It broke",
      time: "2025-01-02T03:04:05.000Z",
      userAgent: "TestAgent/1.0",
      widgetVersion: "0.1.0",
      locale: "de-DE",
      guide: { id: "update-card", step: "pay" },
    });
  });

  it("redacts the app URL's secret query and fragment parameters", () => {
    const { url } = buildReport(sources());
    expect(url).not.toContain("abc123");
    expect(url).not.toContain("xyz");
    expect(url).toContain("tab=cards");
  });

  it("redacts emails, card numbers and credentials in the user's note", () => {
    const report = buildReport(
      sources(),
      "I am jane@example.com, card 4111 1111 1111 1111, Bearer tok_SECRET",
    );
    expect(report.note).not.toMatch(/jane@example\.com|4111|tok_SECRET/);
    expect(report.note).toContain("[redacted]");
    expect(withNote(report, "mail bob@example.org", redactor).note).toBe("mail [redacted]");
  });

  it("lists failed requests (with request id and traceparent) apart from recent ones, URLs redacted", () => {
    const requests = [
      {
        method: "get",
        url: "https://app.example.com/api/me?api_key=SECRET123",
        status: 200,
        network: false,
        duration: 12.4,
        ts: T0 - 3000,
        requestId: "req_1",
      },
      {
        method: "POST",
        url: "https://app.example.com/api/pay",
        status: 402,
        network: false,
        duration: 80,
        ts: T0 - 2000,
        requestId: "req_2",
        traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
      },
      {
        method: "GET",
        url: "https://app.example.com/api/slow",
        status: 0,
        network: true,
        duration: 5000,
        ts: T0 - 1000,
      },
    ];
    const report = buildReport(sources({ requests }));
    expect(report.recentRequests.map((r) => r.status)).toEqual([200, 402, 0]);
    expect(report.recentRequests[0]).toMatchObject({
      method: "GET",
      duration: 12,
      requestId: "req_1",
    });
    expect(report.recentRequests[0]?.url).not.toContain("SECRET123");
    expect(report.failedRequests).toEqual([
      {
        method: "POST",
        url: "https://app.example.com/api/pay",
        status: 402,
        duration: 80,
        time: new Date(T0 - 2000).toISOString(),
        requestId: "req_2",
        traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
      },
      {
        method: "GET",
        url: "https://app.example.com/api/slow",
        status: 0,
        network: true,
        duration: 5000,
        time: new Date(T0 - 1000).toISOString(),
      },
    ]);
  });

  it("keeps recent errors with redacted messages and stacks", () => {
    const report = buildReport(
      sources({
        errors: [
          {
            message: "TypeError: no user jane@example.com",
            stack: "at pay (https://app.example.com/app.js?token=t0k:1:2)",
            ts: T0 - 10,
            kind: "error",
          },
        ],
      }),
    );
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]?.message).toBe("TypeError: no user [redacted]");
    expect(report.errors[0]?.stack).not.toContain("t0k");
    expect(report.errors[0]?.kind).toBe("error");
  });

  it("keeps only the last events, oldest first, without storage ids or sessions, and redacts their values", () => {
    const events = Array.from({ length: 45 }, (_, i) => event(i, { guide: "g", step: `s${i}` }));
    events.push(
      event(99, {
        type: "failure",
        kind: "event",
        signature: "event:pay",
        token: "abc",
        email: "x@y.example",
      }),
    );
    const report = buildReport(sources({ events: events.reverse() }));
    expect(report.events).toHaveLength(REPORT_LIMITS.events);
    expect(report.events.at(-1)).toEqual({
      type: "failure",
      time: new Date(T0 - 100_000 + 99).toISOString(),
      page: "/billing",
      kind: "event",
      signature: "event:pay",
      token: "[redacted]",
      email: "[redacted]",
    });
    expect(report.events[0]).not.toHaveProperty("id");
    expect(report.events[0]).not.toHaveProperty("session");
  });

  it("has guide null outside a tour and pretty-prints as the preview shows it", () => {
    const report = buildReport(sources({ guide: null }));
    expect(report.guide).toBeNull();
    expect(reportJson(report)).toBe(JSON.stringify(report, null, 2));
    expect(JSON.parse(reportJson(report))).toEqual(report);
  });

  it("makes a fresh random id when none is given", () => {
    const { id: _omit, ...rest } = sources();
    const a = buildReport(rest);
    const b = buildReport(rest);
    expect(a.id).toMatch(/^rep_[0-9a-f]{16}$/);
    expect(a.id).not.toBe(b.id);
  });
});
