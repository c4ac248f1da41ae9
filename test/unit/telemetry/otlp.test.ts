import { describe, expect, it } from "vitest";
import type { WaymarkEvent } from "../../../src/store/records";
import { hexId, nanos, toExportRequest, toLogRecord } from "../../../src/telemetry/otlp";
import { decodeOtlpJson } from "./decode";

const stall: WaymarkEvent = {
  id: "s1.a.0",
  v: 1,
  type: "stall",
  ts: 1_700_000_000_123,
  session: "s1",
  guide: "invoice",
  step: "amount",
  page: "/invoices/new",
  reason: "idle",
  after: 1.5,
  seen: true,
};

describe("OTLP mapping", () => {
  it("writes nanosecond timestamps as decimal strings", () => {
    expect(nanos(1_700_000_000_123)).toBe("1700000000123000000");
    expect(nanos(1.5)).toBe("1500000");
  });

  it("maps an event to a log record with an event name, severity, hex ids and attributes", () => {
    const record = toLogRecord(stall);
    expect(record).toMatchObject({
      timeUnixNano: "1700000000123000000",
      severityNumber: 13,
      severityText: "WARN",
      eventName: "waymark.stall",
      body: { stringValue: "stall" },
    });
    expect(record.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(record.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(record.attributes).toEqual(
      expect.arrayContaining([
        { key: "waymark.guide.id", value: { stringValue: "invoice" } },
        { key: "waymark.stall.reason", value: { stringValue: "idle" } },
        { key: "url.path", value: { stringValue: "/invoices/new" } },
        { key: "waymark.after", value: { doubleValue: 1.5 } },
        { key: "waymark.seen", value: { boolValue: true } },
      ]),
    );
  });

  it("gives one trace id per session and a stable span id per event", () => {
    const other = toLogRecord({ ...stall, id: "s1.a.1" });
    expect(other.traceId).toBe(toLogRecord(stall).traceId);
    expect(other.spanId).not.toBe(toLogRecord(stall).spanId);
    expect(hexId("x", 8)).toBe(hexId("x", 8));
  });

  it("builds a request that the official OpenTelemetry protocol definitions decode unchanged", () => {
    const failure: WaymarkEvent = {
      id: "s1.a.2",
      v: 1,
      type: "failure",
      ts: 1_700_000_000_500,
      session: "s1",
      kind: "request",
      signature: "request:POST /api/pay:402",
      status: 402,
      tags: ["a", 1],
    };
    const body = JSON.parse(
      JSON.stringify(toExportRequest([stall, failure], { version: "1.2.3" })),
    ) as unknown;
    expect(decodeOtlpJson(body)).toEqual(body);
  });

  it("a field outside the protocol does not survive decoding (the check is real)", () => {
    const body = JSON.parse(JSON.stringify(toExportRequest([stall], { version: "1" }))) as {
      resourceLogs: Array<{ scopeLogs: Array<{ logRecords: Array<Record<string, unknown>> }> }>;
    };
    body.resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!.eventType = "stall";
    expect(decodeOtlpJson(body)).not.toEqual(body);
  });
});
