import type { WaymarkEvent } from "../store/records";
import type { Outbox } from "../store/store";
import { toExportRequest, type ResourceInfo } from "./otlp";

/**
 * Exports events to an OpenTelemetry collector as OTLP/HTTP JSON logs, only with consent.
 *
 * - `"granted"`: each recorded event goes to the outbox (IndexedDB, so it survives going
 *   offline and reloads) and is sent in batches.
 * - `"ask"`: nothing is sent or persisted for export; this page view's events wait in memory
 *   and are exported if consent is granted later.
 * - `"denied"`: nothing is exported and the outbox is emptied.
 *
 * Retries follow the OTLP/HTTP spec: only 429, 502, 503 and 504 are retried, after the
 * Retry-After the server asked for (else an exponential back-off), and a network failure is
 * retried when the browser is back online; other answers drop the batch. A page view gives up
 * after a few failed attempts in a row (no retry storm); the outbox keeps the events for the next.
 */

export type Consent = "ask" | "granted" | "denied";

export interface ExporterOptions {
  /** The collector's logs endpoint, e.g. `https://otel.example.com/v1/logs`. */
  url: string;
  /** Waymark's own fetch (`originalFetch`), so exports are never observed as host requests. */
  fetch: typeof fetch;
  outbox: Outbox;
  resource: ResourceInfo;
  consent: Consent;
  /** Plain-language notes for the debug diagnostics. */
  onProblem: (message: string) => void;
  win?: Window;
  /** Milliseconds between a recorded event and its export. Default 2000. */
  delayMs?: number;
  /** Log records per request. Default 200. */
  batchSize?: number;
  /** Back-off when the server gave no Retry-After, doubled per attempt. Default 1000. */
  backoffMs?: number;
  /** Failed attempts in a row after which this page view stops trying. Default 6. */
  maxAttempts?: number;
}

export interface OtlpExporter {
  /** Called for every recorded (already redacted) event. */
  add(event: WaymarkEvent): void;
  setConsent(consent: Consent): void;
  /** Sends what waits now (used by tests and at teardown). */
  flush(): Promise<void>;
  close(): void;
}

/** Events kept while consent is still being asked for, per page view. */
const WAITING_MAX = 1000;
const RETRYABLE = new Set([429, 502, 503, 504]);
/** Longest wait honoured from a Retry-After header. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;

export function createOtlpExporter(options: ExporterOptions): OtlpExporter {
  const win = options.win ?? (typeof window === "undefined" ? undefined : window);
  const batchSize = options.batchSize ?? 200;
  const maxAttempts = options.maxAttempts ?? 6;
  let consent = options.consent;
  let waiting: WaymarkEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sending: Promise<void> | undefined;
  let failures = 0;
  let gaveUp = false;
  let closed = false;

  const onOnline = () => {
    failures = 0;
    gaveUp = false;
    schedule(0);
  };
  win?.addEventListener("online", onOnline);
  // What earlier page views queued goes out now; a refusal empties the queue.
  if (consent === "granted") schedule(0);
  else if (consent === "denied") void options.outbox.clear();

  function schedule(ms = options.delayMs ?? 2000) {
    if (closed || consent !== "granted" || gaveUp) return;
    if (timer !== undefined) {
      if (ms > 0) return;
      clearTimeout(timer);
    }
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, ms);
  }

  function flush(): Promise<void> {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (consent !== "granted" || closed) return Promise.resolve();
    // Another tab of the same origin may be exporting the same outbox: one at a time.
    sending ??= withExportLock(win, sendAll).finally(() => (sending = undefined));
    return sending;
  }

  async function sendAll(): Promise<void> {
    for (;;) {
      if (consent !== "granted" || closed) return;
      if (win?.navigator && win.navigator.onLine === false) return; // `online` brings us back.
      const items = await options.outbox.peek(batchSize);
      if (items.length === 0) return;
      const outcome = await send(items.map((item) => item.event));
      if (outcome.kind === "sent" || outcome.kind === "rejected") {
        await options.outbox.remove(items.map((item) => item.id));
        failures = 0;
        if (outcome.kind === "rejected") options.onProblem(outcome.message);
        continue;
      }
      failures += 1;
      if (failures >= maxAttempts) {
        gaveUp = true;
        options.onProblem(
          `Exporting events to the OpenTelemetry collector at ${options.url} failed ${failures} times in a row (${outcome.message}), so Waymark stops trying for this page view; the events stay queued in the browser and are sent on a later page view.`,
        );
        return;
      }
      const backoff = (options.backoffMs ?? 1000) * 2 ** (failures - 1);
      schedule(outcome.retryAfterMs ?? Math.min(backoff, 60_000));
      return;
    }
  }

  type Outcome =
    | { kind: "sent" }
    | { kind: "rejected"; message: string }
    | { kind: "retry"; message: string; retryAfterMs?: number };

  async function send(events: WaymarkEvent[]): Promise<Outcome> {
    const body = JSON.stringify(toExportRequest(events, options.resource));
    let response: Response;
    try {
      response = await options.fetch(options.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        credentials: "omit",
        // Lets the last batch of a page still go out while it unloads (64 KB browser limit).
        keepalive: body.length < 60_000,
      });
    } catch (error) {
      return {
        kind: "retry",
        message: `network error: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    if (response.ok) return { kind: "sent" };
    if (RETRYABLE.has(response.status)) {
      const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
      return {
        kind: "retry",
        message: `HTTP ${response.status}`,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      };
    }
    return {
      kind: "rejected",
      message: `The OpenTelemetry collector at ${options.url} refused ${events.length} events with HTTP ${response.status}; OTLP says not to retry that, so they were dropped. Check the URL (it usually ends in /v1/logs) and that the collector accepts OTLP/HTTP JSON from this origin (CORS).`,
    };
  }

  return {
    add(event) {
      if (closed || consent === "denied") return;
      if (consent === "ask") {
        waiting.push(event);
        if (waiting.length > WAITING_MAX) waiting.shift();
        return;
      }
      options.outbox.add([event]);
      schedule();
    },
    setConsent(next) {
      consent = next;
      if (next === "granted") {
        if (waiting.length > 0) options.outbox.add(waiting);
        waiting = [];
        gaveUp = false;
        failures = 0;
        schedule(0);
      } else if (next === "denied") {
        waiting = [];
        if (timer !== undefined) clearTimeout(timer);
        timer = undefined;
        void options.outbox.clear();
      }
    },
    flush,
    close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      win?.removeEventListener("online", onOnline);
    },
  };
}

/** Retry-After is seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : undefined;
}

/** Runs `fn` under a Web Lock when the browser has them; skips if another tab holds it. */
async function withExportLock(win: Window | undefined, fn: () => Promise<void>): Promise<void> {
  const locks = (win?.navigator as (Navigator & { locks?: LockManager }) | undefined)?.locks;
  if (!locks || typeof locks.request !== "function") return fn();
  await locks.request("waymark.otlp-export", { ifAvailable: true }, async (lock) => {
    if (lock) await fn();
  });
}
