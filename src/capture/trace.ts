/**
 * The request trace: a bounded ring buffer of the page's recent requests, already redacted,
 * for help context and problem reports (SPEC §6). Also makes W3C `traceparent` values.
 */

export interface TraceEntry {
  method: string;
  /** Redacted absolute URL. */
  url: string;
  /** HTTP status; 0 when no response arrived. */
  status: number;
  /** True when no response arrived (network error, CORS, abort). */
  network: boolean;
  /** Milliseconds from the call to the response (or failure). */
  duration: number;
  /** When the request started (ms since the epoch). */
  ts: number;
  /** The first configured request-id response header present (`config.trace.requestIdHeaders`). */
  requestId?: string;
  /** The W3C `traceparent` sent with the request (Waymark's or the app's own). */
  traceparent?: string;
  /** True when the page aborted the request. */
  aborted?: boolean;
}

export interface RequestTrace {
  add(entry: TraceEntry): TraceEntry;
  /** The recorded requests, oldest first (at most `limit`). */
  recent(): TraceEntry[];
  /** The most recent failed requests (status ≥ 400 or no response), oldest first. */
  failed(): TraceEntry[];
  clear(): void;
}

export function createRequestTrace({ limit = 50 }: { limit?: number } = {}): RequestTrace {
  const size = Math.max(1, Math.floor(limit));
  const ring: TraceEntry[] = [];
  let next = 0;
  const ordered = () =>
    ring.length < size ? ring.slice() : [...ring.slice(next), ...ring.slice(0, next)];
  return {
    add(entry) {
      const frozen = Object.freeze({ ...entry });
      if (ring.length < size) ring.push(frozen);
      else ring[next] = frozen;
      next = (next + 1) % size;
      return frozen;
    },
    recent: ordered,
    failed: () => ordered().filter((e) => (e.network && !e.aborted) || e.status >= 400),
    clear() {
      ring.length = 0;
      next = 0;
    },
  };
}

/** Two hex digits for each byte value. */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

/**
 * Random bytes for trace ids, drawn in blocks: one `getRandomValues` call serves 64
 * traceparents. A call costs a few µs in Chromium whatever its size, and ids are made
 * synchronously on the host's request path.
 */
const POOL_BYTES = 24 * 64;
let pool = new Uint8Array(0);
let taken = 0;

function randomHex(byteCount: number): string {
  if (taken + byteCount > pool.length) {
    pool = new Uint8Array(POOL_BYTES);
    const c = globalThis.crypto;
    if (c && typeof c.getRandomValues === "function") c.getRandomValues(pool);
    else for (let i = 0; i < pool.length; i++) pool[i] = Math.floor(Math.random() * 256);
    taken = 0;
  }
  let out = "";
  let zero = true;
  for (let i = taken; i < taken + byteCount; i++) {
    const b = pool[i] as number;
    if (b !== 0) zero = false;
    out += HEX[b] as string;
  }
  taken += byteCount;
  // All-zero ids are invalid in W3C Trace Context.
  return zero ? `${out.slice(0, -2)}01` : out;
}

/** A fresh W3C Trace Context `traceparent`: version 00, random trace and span ids, sampled. */
export function newTraceparent(): string {
  return `00-${randomHex(16)}-${randomHex(8)}-01`;
}

const HTTP_ORIGIN = /^https?:\/\/[^/A-Z]+$/;

/**
 * Whether `url` may carry Waymark's `traceparent`: same origin as the page, or listed in
 * `propagate` (an origin like `https://api.example.com`, or a URL prefix). Never any other
 * origin: third parties must not receive trace ids, and the header would trigger CORS
 * preflights they may reject.
 */
export function mayPropagate(
  url: string,
  pageOrigin: string,
  propagate: readonly string[],
): boolean {
  // The common case, without parsing: a URL that starts with the page's serialized origin and
  // a slash is on that origin, whatever follows.
  if (HTTP_ORIGIN.test(pageOrigin) && url.startsWith(`${pageOrigin}/`)) return true;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") return false;
  if (target.origin === pageOrigin) return true;
  for (const entry of propagate) {
    try {
      const allowed = new URL(entry);
      if (allowed.origin !== target.origin) continue;
      const prefix = allowed.pathname === "/" && !entry.endsWith("/") ? "" : allowed.pathname;
      if (!prefix || target.pathname.startsWith(prefix)) return true;
    } catch {
      // Not a URL: ignore (the config reader warns about it).
    }
  }
  return false;
}
