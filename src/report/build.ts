/**
 * The problem report (SPEC §6): one JSON document, built on the device when the user asks for
 * it, shown to them exactly as it will be sent. Pure data work: the caller hands in what the
 * widget captured (already redacted at capture time) and a redactor, and everything is
 * redacted once more here, so a capture path that forgot to redact cannot leak through a report.
 */
import type { Redactor } from "../privacy/redact";
import type { WaymarkEvent } from "../store/records";

/** Bumped when the report's shape changes in a way readers must know about. */
export const REPORT_SCHEMA_VERSION = 1;

/** How many of each list a report keeps: enough context for support, small enough to read. */
export const REPORT_LIMITS = {
  events: 30,
  failedRequests: 10,
  recentRequests: 15,
  errors: 10,
  note: 2000,
  stack: 2000,
} as const;

export interface ReportRequest {
  method: string;
  url: string;
  /** HTTP status; 0 when no response arrived. */
  status: number;
  /** True when no response arrived (network error, CORS, offline). */
  network?: true;
  /** Milliseconds from start to response. */
  duration: number;
  time: string;
  requestId?: string;
  traceparent?: string;
}

export interface ReportError {
  message: string;
  kind?: string;
  stack?: string;
  time: string;
}

export interface ReportEvent {
  type: string;
  time: string;
  page?: string;
  [field: string]: unknown;
}

/** The report document (SPEC §6). Field order is the order the user reads it in the preview. */
export interface ProblemReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  /** Random id, so support can refer to it and a retried delivery can be recognised. */
  id: string;
  /** The user's own words (redacted: emails, card numbers, credentials). */
  note: string;
  /** The page the user was on, redacted. */
  url: string;
  time: string;
  userAgent: string;
  widgetVersion: string;
  locale: string;
  /** The tour the user was in, if any. */
  guide: { id: string; step?: string } | null;
  failedRequests: ReportRequest[];
  recentRequests: ReportRequest[];
  errors: ReportError[];
  /** The last local events, oldest first (pages are paths only). */
  events: ReportEvent[];
}

/** A captured request as the request trace keeps it (`src/capture/trace.ts`). */
export interface CapturedRequest {
  method: string;
  url: string;
  status: number;
  network?: boolean;
  duration: number;
  ts: number;
  requestId?: string | undefined;
  traceparent?: string | undefined;
}

/** A captured uncaught error (`src/capture/errors.ts`). */
export interface CapturedError {
  message: string;
  stack?: string | undefined;
  ts: number;
  kind?: string;
}

export interface ReportSources {
  url: string;
  userAgent: string;
  locale: string;
  widgetVersion: string;
  now: number;
  guide: { id: string; step?: string | undefined } | null;
  events: readonly WaymarkEvent[];
  requests: readonly CapturedRequest[];
  errors: readonly CapturedError[];
  redactor: Redactor;
  /** Report id; random when omitted. */
  id?: string;
}

/** Event fields that identify storage rows or sessions: of no use to support, so left out. */
const EVENT_SKIP = new Set(["id", "v", "session", "ts", "type", "page"]);
/** Fields Waymark itself writes (SPEC §5): names that only look secret ("signature"), so text-redacted only. */
const EVENT_OWN = new Set([
  "guide",
  "step",
  "reason",
  "kind",
  "signature",
  "via",
  "help",
  "action",
]);

const iso = (ts: number) => {
  const d = new Date(ts);
  return Number.isFinite(d.getTime()) ? d.toISOString() : "";
};

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max)}…` : s);

function reportId(): string {
  const bytes = new Uint8Array(8);
  try {
    crypto.getRandomValues(bytes);
  } catch {
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  }
  return `rep_${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

function toRequest(r: CapturedRequest, redactor: Redactor): ReportRequest {
  const out: ReportRequest = {
    method: String(r.method).toUpperCase(),
    url: redactor.url(String(r.url)),
    status: r.status,
    duration: Math.round(r.duration),
    time: iso(r.ts),
  };
  if (r.network) out.network = true;
  // Ids are opaque server values, but run through text redaction in case a server echoes a token.
  if (r.requestId) out.requestId = redactor.text(String(r.requestId));
  if (r.traceparent) out.traceparent = String(r.traceparent);
  return out;
}

function toEvent(e: WaymarkEvent, redactor: Redactor): ReportEvent {
  const out: ReportEvent = { type: e.type, time: iso(e.ts) };
  if (typeof e.page === "string") out.page = e.page;
  for (const [key, value] of Object.entries(e)) {
    if (EVENT_SKIP.has(key) || value === undefined) continue;
    // Only plain values: an event is a small fact, never a captured object.
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      out[key] =
        EVENT_OWN.has(key) && typeof value === "string"
          ? redactor.text(value)
          : redactor.value(key, value);
    }
  }
  return out;
}

const isFailed = (r: CapturedRequest) => Boolean(r.network) || r.status === 0 || r.status >= 400;

/** Builds the report from what the widget captured. `note` may be changed later with `withNote`. */
export function buildReport(sources: ReportSources, note = ""): ProblemReport {
  const { redactor } = sources;
  const requests = [...sources.requests].sort((a, b) => a.ts - b.ts);
  const events = [...sources.events].sort((a, b) => a.ts - b.ts).slice(-REPORT_LIMITS.events);
  const errors = [...sources.errors].sort((a, b) => a.ts - b.ts).slice(-REPORT_LIMITS.errors);
  const guide = sources.guide
    ? { id: sources.guide.id, ...(sources.guide.step ? { step: sources.guide.step } : {}) }
    : null;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    id: sources.id ?? reportId(),
    note: redactNote(note, redactor),
    url: redactor.url(sources.url),
    time: iso(sources.now),
    userAgent: sources.userAgent,
    widgetVersion: sources.widgetVersion,
    locale: sources.locale,
    guide,
    failedRequests: requests
      .filter(isFailed)
      .slice(-REPORT_LIMITS.failedRequests)
      .map((r) => toRequest(r, redactor)),
    recentRequests: requests
      .slice(-REPORT_LIMITS.recentRequests)
      .map((r) => toRequest(r, redactor)),
    errors: errors.map((e) => {
      const out: ReportError = { message: redactor.text(String(e.message)), time: iso(e.ts) };
      if (e.kind) out.kind = e.kind;
      if (e.stack) out.stack = clip(redactor.text(String(e.stack)), REPORT_LIMITS.stack);
      return out;
    }),
    events: events.map((e) => toEvent(e, redactor)),
  };
}

function redactNote(note: string, redactor: Redactor): string {
  return clip(redactor.text(typeof note === "string" ? note : ""), REPORT_LIMITS.note);
}

/** The same report with the user's note (redacted) in it. */
export function withNote(report: ProblemReport, note: string, redactor: Redactor): ProblemReport {
  return { ...report, note: redactNote(note, redactor) };
}

/** Exactly the text the user sees in the preview and the endpoint receives. */
export function reportJson(report: ProblemReport): string {
  return JSON.stringify(report, null, 2);
}
