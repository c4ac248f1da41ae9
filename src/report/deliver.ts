/**
 * Delivers a problem report, once the user pressed Send, to the one configured destination
 * (SPEC §2 `report`): POST to `report.endpoint`, a mailto: to `report.email`, or the host's
 * `Waymark.on("report")` listeners. Endpoint delivery retries with backoff on 408/429/502/
 * 503/504 and network errors, honouring Retry-After, with a bounded number of attempts; while
 * the browser is offline the report is queued in memory and sent when it comes back online.
 */
import type { ProblemReport } from "./build";

export type Destination =
  { kind: "endpoint"; url: string } | { kind: "email"; address: string } | { kind: "event" };

export type DeliveryOutcome =
  | { status: "sent"; via: Destination["kind"]; attempts: number }
  | { status: "queued" }
  | { status: "failed"; reason: string; httpStatus?: number; attempts: number }
  | { status: "cancelled" };

/** Where reports go: the endpoint wins over the email; neither means the `report` event. */
export function destinationOf(
  report: { endpoint?: string | undefined; email?: string | undefined },
  baseUrl: string,
): Destination {
  if (report.endpoint) {
    try {
      return { kind: "endpoint", url: new URL(report.endpoint, baseUrl).href };
    } catch {
      // An unparsable endpoint is reported as misuse by the widget; fall through to the event.
    }
  }
  if (report.email) return { kind: "email", address: report.email };
  return { kind: "event" };
}

/** Statuses that mean "try again later" rather than "this report is wrong". */
const RETRYABLE = new Set([408, 429, 502, 503, 504]);

/** mailto: URLs longer than this are cut by some mail clients and browsers. */
export const MAILTO_MAX = 1900;

export interface DeliveryOptions {
  win: Window;
  /** Waymark's own fetch (never the page's wrapped one), so the report is not observed as a page request. */
  fetch: typeof fetch;
  /** Hands the report to `Waymark.on("report")` listeners. */
  emit(report: ProblemReport, via: Destination["kind"]): void;
  /** Subject line for email delivery. */
  subject?(report: ProblemReport): string;
  /** Called when a report queued while offline has been delivered (or finally failed). */
  onLater?(outcome: DeliveryOutcome): void;
  /** Attempts in all for one report (default 4). */
  maxAttempts?: number;
  /** First backoff delay in ms, doubled per attempt (default 1000). */
  baseDelayMs?: number;
  /** No single wait is longer than this, even if Retry-After asks for more (default 30 000). */
  maxDelayMs?: number;
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
  random?(): number;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or invalid. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The mailto: URL for a report: note first, then the JSON, cut to fit `max` characters. */
export function mailtoUrl(
  address: string,
  subject: string,
  report: ProblemReport,
  json: string,
  max = MAILTO_MAX,
): string {
  const head = `mailto:${encodeURIComponent(address).replace(/%40/g, "@")}?subject=${encodeURIComponent(subject)}&body=`;
  const intro = report.note ? `${report.note}\n\n` : "";
  const full = `${intro}${json}`;
  const fits = (text: string) => head.length + encodeURIComponent(text).length <= max;
  if (fits(full)) return head + encodeURIComponent(full);
  const cut = (n: number) =>
    `${full.slice(0, n)}\n…(report shortened to fit an email link; report id ${report.id})`;
  // Longest prefix that fits, by bisection on the unencoded length.
  let lo = 0;
  let hi = full.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(cut(mid))) lo = mid;
    else hi = mid - 1;
  }
  return head + encodeURIComponent(cut(lo));
}

export function createReportDelivery(options: DeliveryOptions) {
  const { win } = options;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const baseDelay = options.baseDelayMs ?? 1000;
  const maxDelay = options.maxDelayMs ?? 30_000;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const queue: Array<{ url: string; json: string }> = [];
  let listening = false;
  let destroyed = false;

  const online = () => win.navigator?.onLine !== false;

  function backoff(attempt: number): number {
    const d = Math.min(maxDelay, baseDelay * 2 ** (attempt - 1));
    return Math.round(d / 2 + (random() * d) / 2);
  }

  function enqueue(url: string, json: string) {
    queue.push({ url, json });
    if (listening) return;
    listening = true;
    win.addEventListener("online", flushQueue);
  }

  function flushQueue() {
    if (destroyed) return;
    win.removeEventListener("online", flushQueue);
    listening = false;
    for (const item of queue.splice(0)) {
      void post(item.url, item.json).then((outcome) => {
        if (outcome.status !== "queued") options.onLater?.(outcome);
      });
    }
  }

  async function post(url: string, json: string, signal?: AbortSignal): Promise<DeliveryOutcome> {
    let lastReason = "";
    let lastStatus: number | undefined;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (signal?.aborted || destroyed) return { status: "cancelled" };
      if (!online()) {
        enqueue(url, json);
        return { status: "queued" };
      }
      let wait: number;
      try {
        const response = await options.fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: json,
          credentials: "same-origin",
          ...(signal ? { signal } : {}),
        });
        if (response.ok) return { status: "sent", via: "endpoint", attempts: attempt };
        lastStatus = response.status;
        lastReason = `the server answered ${response.status}`;
        if (!RETRYABLE.has(response.status))
          return {
            status: "failed",
            reason: lastReason,
            httpStatus: response.status,
            attempts: attempt,
          };
        wait = Math.min(
          maxDelay,
          parseRetryAfter(response.headers.get("retry-after")) ?? backoff(attempt),
        );
      } catch (error) {
        if (signal?.aborted || destroyed) return { status: "cancelled" };
        if (!online()) {
          enqueue(url, json);
          return { status: "queued" };
        }
        lastStatus = undefined;
        lastReason = `the request failed (${error instanceof Error ? error.message : String(error)})`;
        wait = backoff(attempt);
      }
      if (attempt < maxAttempts) await sleep(wait, signal);
    }
    return {
      status: "failed",
      reason: `${lastReason} after ${maxAttempts} attempts`,
      ...(lastStatus ? { httpStatus: lastStatus } : {}),
      attempts: maxAttempts,
    };
  }

  return {
    /** Sends `report` (whose exact text is `json`, as previewed) to `destination`. */
    async deliver(
      report: ProblemReport,
      json: string,
      destination: Destination,
      signal?: AbortSignal,
    ): Promise<DeliveryOutcome> {
      if (destination.kind === "endpoint") {
        const outcome = await post(destination.url, json, signal);
        if (outcome.status === "sent") options.emit(report, "endpoint");
        return outcome;
      }
      if (destination.kind === "email") {
        const subject = options.subject?.(report) ?? `Problem report ${report.id}`;
        win.location.href = mailtoUrl(destination.address, subject, report, json);
        options.emit(report, "email");
        return { status: "sent", via: "email", attempts: 1 };
      }
      options.emit(report, "event");
      return { status: "sent", via: "event", attempts: 1 };
    },
    /** Reports waiting for the browser to come back online. */
    pending: () => queue.length,
    destroy() {
      destroyed = true;
      queue.length = 0;
      win.removeEventListener("online", flushQueue);
    },
  };
}

export type ReportDelivery = ReturnType<typeof createReportDelivery>;
