import type { WaymarkEvent } from "../store/records";

/**
 * Maps Waymark events to OpenTelemetry log records in the OTLP/HTTP JSON encoding
 * (`ExportLogsServiceRequest`, POSTed to `/v1/logs`). Pure: no I/O, no clock.
 *
 * The JSON encoding differs from plain proto3 JSON in ways collectors insist on: trace and
 * span ids are lowercase hex (not base64), 64-bit integers are decimal strings, enums
 * (`severityNumber`) are integers, and field names are lowerCamelCase.
 */

export type AnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number }
  | { arrayValue: { values: AnyValue[] } }
  | { kvlistValue: { values: KeyValue[] } };

export interface KeyValue {
  key: string;
  value: AnyValue;
}

export interface LogRecord {
  timeUnixNano: string;
  observedTimeUnixNano: string;
  severityNumber: number;
  severityText: string;
  eventName: string;
  body: AnyValue;
  attributes: KeyValue[];
  traceId: string;
  spanId: string;
}

export interface ExportLogsServiceRequest {
  resourceLogs: Array<{
    resource: { attributes: KeyValue[] };
    scopeLogs: Array<{ scope: { name: string; version: string }; logRecords: LogRecord[] }>;
  }>;
}

export interface ResourceInfo {
  /** `service.name` of the resource. Default "waymark". */
  serviceName?: string;
  /** Waymark's version (scope version and `telemetry.sdk.version`). */
  version: string;
}

/** OpenTelemetry severity numbers (logs data model). */
const INFO = 9;
const WARN = 13;

/** The event's own fields and the attribute names they export as (semantic conventions where one fits). */
const ATTRIBUTE_NAMES: Record<string, string> = {
  id: "log.record.uid",
  session: "session.id",
  page: "url.path",
  guide: "waymark.guide.id",
  step: "waymark.step.id",
  reason: "waymark.stall.reason",
  kind: "waymark.failure.kind",
  signature: "waymark.failure.signature",
};
/** Fields that are part of the record itself rather than attributes. */
const NOT_ATTRIBUTES = new Set(["v", "ts", "type"]);

export function toLogRecord(event: WaymarkEvent): LogRecord {
  const time = nanos(event.ts);
  const severityNumber = event.type === "failure" || event.type === "stall" ? WARN : INFO;
  const attributes: KeyValue[] = [];
  for (const [key, raw] of Object.entries(event)) {
    if (NOT_ATTRIBUTES.has(key) || raw === undefined || raw === null) continue;
    const value = anyValue(raw, 0);
    if (value) attributes.push({ key: ATTRIBUTE_NAMES[key] ?? `waymark.${key}`, value });
  }
  return {
    timeUnixNano: time,
    observedTimeUnixNano: time,
    severityNumber,
    severityText: severityNumber === WARN ? "WARN" : "INFO",
    eventName: `waymark.${event.type}`,
    body: { stringValue: event.type },
    attributes,
    // One trace per tab session, one span id per event: a collector groups a session's events.
    traceId: hexId(event.session ?? event.id, 16),
    spanId: hexId(event.id, 8),
  };
}

export function toExportRequest(
  events: readonly WaymarkEvent[],
  resource: ResourceInfo,
): ExportLogsServiceRequest {
  return {
    resourceLogs: [
      {
        resource: {
          attributes: [
            { key: "service.name", value: { stringValue: resource.serviceName ?? "waymark" } },
            { key: "telemetry.sdk.name", value: { stringValue: "waymark" } },
            { key: "telemetry.sdk.language", value: { stringValue: "webjs" } },
            { key: "telemetry.sdk.version", value: { stringValue: resource.version } },
          ],
        },
        scopeLogs: [
          {
            scope: { name: "waymark", version: resource.version },
            logRecords: events.map(toLogRecord),
          },
        ],
      },
    ],
  };
}

/** Milliseconds since the epoch as a decimal string of nanoseconds (too large for a JSON number). */
export function nanos(ms: number): string {
  const whole = Math.floor(ms);
  const micros = Math.round((ms - whole) * 1000);
  return whole > 0 ? `${whole}${String(micros * 1000).padStart(6, "0")}` : "0";
}

function anyValue(raw: unknown, depth: number): AnyValue | undefined {
  if (typeof raw === "string") return { stringValue: raw };
  if (typeof raw === "boolean") return { boolValue: raw };
  if (typeof raw === "number") {
    if (!Number.isFinite(raw)) return { stringValue: String(raw) };
    return Number.isSafeInteger(raw) ? { intValue: String(raw) } : { doubleValue: raw };
  }
  if (depth >= 3 || raw === null || typeof raw !== "object") return undefined;
  if (Array.isArray(raw)) {
    return {
      arrayValue: {
        values: raw.map((item) => anyValue(item, depth + 1)).filter((v): v is AnyValue => !!v),
      },
    };
  }
  const values: KeyValue[] = [];
  for (const [key, item] of Object.entries(raw)) {
    const value = anyValue(item, depth + 1);
    if (value) values.push({ key, value });
  }
  return { kvlistValue: { values } };
}

/**
 * A stable, non-zero lowercase hex id of `bytes` bytes derived from `text` (FNV-1a over a few
 * seeds): the same event always gets the same span id, so a retried export is recognisable.
 */
export function hexId(text: string, bytes: 8 | 16): string {
  let out = "";
  for (let seed = 0; out.length < bytes * 2; seed++) {
    let hash = 0x811c9dc5 ^ Math.imul(seed + 1, 0x9e3779b1);
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    out += (hash >>> 0).toString(16).padStart(8, "0");
  }
  out = out.slice(0, bytes * 2);
  return /^0+$/.test(out) ? `${out.slice(0, -1)}1` : out;
}
