/**
 * Observes the host's fetch and XMLHttpRequest calls without changing what the host sees.
 *
 * fetch: the wrapper calls the original with the caller's exact arguments and `this`; the
 * host gets a promise that settles with the very Response or the very error object of the
 * original (a derived promise, so a rejection the host never handles is still reported as
 * unhandled). No awaits, no body reads. Two exceptions, both decided synchronously before the
 * call: a `traceparent` header is added for allowlisted URLs when the app has not set one
 * (`headersFor`), and a response whose JSON body a help rule needs (`wantsBody`) is cloned
 * and read up to a size cap, never the host's own body.
 *
 * XHR is observed through its own `loadend` and `abort` events: one shared listener of each
 * per XHR object, its request's details kept beside it. Wrapping is idempotent per window: a
 * second Waymark (or a second copy of the script) reuses the first wrapper, and Waymark's own
 * requests use the original fetch.
 *
 * Cheap on the host's request path (bench/wrappers.bench.mjs): besides the call itself, a
 * request costs resolving its URL (mostly without the URL parser), the `headersFor` hooks and,
 * for `traceparent`, a copy of the headers as a plain object; everything else (help rules,
 * redaction, the trace) runs later, in one task for many requests.
 */

export interface ObservedRequest {
  method: string;
  /** Absolute URL as requested (not yet redacted: consumers redact before storing). */
  url: string;
  /** HTTP status; 0 when no response arrived (network error, abort, CORS) or for opaque responses. */
  status: number;
  /** True when no response arrived. */
  network: boolean;
  /** True when the request was aborted by the page (or timed out through its signal). */
  aborted: boolean;
  startedAt: number;
  duration: number;
  /** Reads a response header (fetch and same-origin/CORS-exposed XHR headers only). */
  header(name: string): string | null;
  transport: "fetch" | "xhr";
  /** The `traceparent` the request carried, when Waymark added it or saw the app's own. */
  traceparent?: string;
  /** The JSON body (size-capped copy), present only when a hook's `wantsBody` asked for it. */
  json?: () => Promise<unknown>;
}

export type RequestListener = (request: ObservedRequest) => void;

export interface RequestHooks {
  /**
   * Called synchronously before a request goes out: headers to add (only those the app has
   * not set itself are added), or undefined for none.
   */
  headersFor?(method: string, url: string): Record<string, string> | undefined;
  /** Called when a response arrived: whether its JSON body is needed (a capped clone is read). */
  wantsBody?(request: ObservedRequest): boolean;
}

/** Bodies larger than this are not parsed for help rules. */
export const MAX_BODY_BYTES = 64 * 1024;

const HUB = Symbol.for("waymark.requestHub");

interface Hub {
  listeners: Set<RequestListener>;
  hooks: Set<RequestHooks>;
  originalFetch: typeof fetch;
}

type HubWindow = (Window | typeof globalThis) & {
  [HUB]?: Hub;
  fetch: typeof fetch;
  XMLHttpRequest: typeof XMLHttpRequest;
  location: Location;
  document?: Document;
};

/** The fetch Waymark uses for its own requests, so they are never observed or re-wrapped. */
export function originalFetch(target: Window | typeof globalThis = globalThis): typeof fetch {
  const win = target as HubWindow;
  return win[HUB]?.originalFetch ?? win.fetch.bind(win);
}

/** The shortest time between two tasks that tell the listeners about finished requests. */
export const NOTIFY_INTERVAL_MS = 25;

type Notify = (request: ObservedRequest) => void;

/**
 * Tells the listeners in a later task: the host's own `then` callbacks and `load` handlers run
 * first, so matching help rules, redacting and recording never delay the page's request code.
 * Requests that finish close together share that task: a task of its own per request costs
 * the page's main thread more than the listeners' work for it (tens of µs in Chromium). An
 * isolated request is told in the next task; during a burst, at most every
 * NOTIFY_INTERVAL_MS, in the order the requests finished.
 */
function createNotifier(hub: Hub): Notify {
  let queue: ObservedRequest[] = [];
  let scheduled = false;
  let lastFlush = -Infinity;
  const flush = () => {
    scheduled = false;
    lastFlush = performance.now();
    const batch = queue;
    queue = [];
    for (const request of batch) {
      for (const fn of hub.listeners) {
        try {
          fn(request);
        } catch {
          // A listener's failure must never reach the host's request.
        }
      }
    }
  };
  return (request) => {
    queue.push(request);
    if (scheduled) return;
    scheduled = true;
    setTimeout(flush, Math.max(0, lastFlush + NOTIFY_INTERVAL_MS - performance.now()));
  };
}

/**
 * A path-absolute URL ("/api/items?page=2#top") made only of characters that the URL parser
 * keeps as they are in path, query and fragment alike (so wherever `?` and `#` split it), and
 * without dot segments.
 */
const PLAIN_PATH = /^\/(?![/\\])[\w\-.~!$&()*+,;=:@/%?#]*$/;
const DOT_SEGMENT = /\/\.{1,2}(?:[/?#]|$)|%2e/i;

/**
 * Absolute URLs as fetch and XHR resolve them: against the document's base URL (so a
 * `<base href>` counts, as it does for the request itself). Most of an app's requests are
 * plain path-absolute URLs: those are joined to the base's origin without the URL parser,
 * which gives the same string in a fraction of the time.
 */
export function createUrlResolver(win: Window | typeof globalThis): (input: string) => string {
  const w = win as HubWindow;
  let lastBase: string | undefined;
  let origin: string | undefined;
  return (input) => {
    const base = w.document?.baseURI ?? w.location?.href;
    if (PLAIN_PATH.test(input) && !DOT_SEGMENT.test(input)) {
      if (base !== lastBase) {
        lastBase = base;
        // A serialized http(s) URL: the authority ends at the path's first slash.
        origin = base === undefined ? undefined : /^https?:\/\/[^/?#]*(?=\/)/.exec(base)?.[0];
      }
      if (origin !== undefined) return origin + input;
    }
    return new URL(input, base).href;
  };
}

function headersToAdd(hub: Hub, method: string, url: string): Record<string, string> | undefined {
  for (const hooks of hub.hooks) {
    try {
      const headers = hooks.headersFor?.(method, url);
      if (headers && Object.keys(headers).length > 0) return headers;
    } catch {
      // ignore: never break the request
    }
  }
  return undefined;
}

function wantsBody(hub: Hub, request: ObservedRequest): boolean {
  for (const hooks of hub.hooks) {
    try {
      if (hooks.wantsBody?.(request)) return true;
    } catch {
      // ignore
    }
  }
  return false;
}

const isJson = (contentType: string | null) =>
  contentType !== null && /[/+]json\b/i.test(contentType);

/** Reads at most MAX_BODY_BYTES of a cloned response and parses it; undefined if too big or not JSON. */
async function readCappedJson(copy: Response): Promise<unknown> {
  const length = Number(copy.headers.get("content-length"));
  if (length > MAX_BODY_BYTES || !copy.body) {
    void copy.body?.cancel().catch(() => {});
    return undefined;
  }
  const reader = copy.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_BODY_BYTES) {
      void reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) bytes.set(c, (at += c.byteLength) - c.byteLength);
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
}

/** A header name as fetch accepts it (an HTTP token). */
const TOKEN = /^[!#$%&'*+\-.^_`|~\w]+$/;
/** A header value fetch accepts as it is (a byte string without NUL, CR or LF). */
const PLAIN_VALUE = /^[^\0\n\r\u0100-\uffff]*$/;

type HeaderPlan =
  /** The headers to send, as a plain object, and the traceparent among them. */
  | { headers: Record<string, unknown>; traceparent: string | undefined }
  /** Go through `Headers`, from this (the app's headers, or a copy already read from them). */
  | { base: unknown };

/**
 * Adds `extra` to headers given as nothing or as a plain object of valid names and values
 * without any of `extra`'s names, in a plain-object copy: Chromium reads a plain object faster
 * than a Headers object, whose iterator it calls back into script for (~7 µs a request).
 * Anything else (Headers, pairs, the app's own header of that name, what fetch would reject)
 * goes through `Headers`. Getters of the app's object run once, as in fetch itself.
 */
function planHeaders(base: unknown, extra: Record<string, string>): HeaderPlan {
  const names = Object.keys(extra);
  const lowerNames = names.map((name) => name.toLowerCase());
  let headers: Record<string, unknown> = {};
  if (base !== undefined && base !== null) {
    if (
      !isPlainObject(base) ||
      Object.getOwnPropertySymbols(base).length > 0 ||
      Object.keys(base).some((n) => !TOKEN.test(n) || lowerNames.includes(n.toLowerCase()))
    )
      return { base };
    headers = { ...base };
    if (Object.values(headers).some((v) => typeof v !== "string" || !PLAIN_VALUE.test(v)))
      return { base: headers };
  }
  let traceparent: string | undefined;
  names.forEach((name, i) => {
    headers[name] = extra[name];
    if (lowerNames[i] === "traceparent") traceparent = extra[name];
  });
  return { headers, traceparent };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function install(win: HubWindow): Hub {
  const existing = win[HUB];
  if (existing) {
    existing.hooks ??= new Set(); // installed by an older copy of Waymark
    return existing;
  }
  const hub: Hub = {
    listeners: new Set(),
    hooks: new Set(),
    originalFetch: typeof win.fetch === "function" ? win.fetch.bind(win) : win.fetch,
  };
  Object.defineProperty(win, HUB, { value: hub, configurable: true });

  const notify = createNotifier(hub);
  const resolve = createUrlResolver(win);
  if (typeof win.fetch === "function") wrapFetch(win, hub, notify, resolve);
  if (typeof win.XMLHttpRequest === "function") wrapXhr(win, hub, notify, resolve);
  return hub;
}

function wrapFetch(win: HubWindow, hub: Hub, notify: Notify, resolve: (input: string) => string) {
  const inner = win.fetch;
  const HasRequest = typeof Request === "function" ? Request : undefined;
  // One declared parameter, like the native fetch (`fetch.length === 1`).
  const wrapped = function fetch(this: unknown, input: RequestInfo | URL) {
    // Call through with the caller's `this` (a foreign `this` still gets "Illegal invocation").
    const self = this === win || this === undefined ? win : this;
    // eslint-disable-next-line prefer-rest-params
    const args = arguments;
    if (hub.listeners.size === 0) return Reflect.apply(inner, self, args) as Promise<Response>;

    let method = "GET";
    let url = "";
    let signal: AbortSignal | null | undefined;
    let callArgs: ArrayLike<unknown> = args;
    let traceparent: string | undefined;
    try {
      const init = args[1] as RequestInit | undefined;
      const request = HasRequest && input instanceof HasRequest ? input : undefined;
      method = String(init?.method ?? request?.method ?? "GET").toUpperCase();
      url = request ? request.url : resolve(String(input));
      signal = init?.signal ?? request?.signal;
      const extra = headersToAdd(hub, method, url);
      const mode = init?.mode ?? request?.mode;
      if (
        extra &&
        mode !== "no-cors" &&
        (init === undefined || init === null || isPlainObject(init))
      ) {
        // Headers the fetch will send: init.headers replaces the Request's own when given.
        const base = init?.headers !== undefined ? init.headers : request?.headers;
        const plan = planHeaders(base, extra);
        if ("headers" in plan) {
          traceparent = plan.traceparent;
          callArgs = [input, { ...init, headers: plan.headers }];
        } else {
          const headers = new Headers((plan.base ?? undefined) as HeadersInit | undefined);
          let added = false;
          for (const name of Object.keys(extra)) {
            if (headers.has(name)) continue; // never overwrite what the app set
            headers.set(name, extra[name] as string);
            added = true;
          }
          traceparent = headers.get("traceparent") ?? undefined;
          if (added) callArgs = [input, { ...init, headers }];
        }
      }
    } catch {
      // Anything unusual (a bad URL, bad headers): let the original fetch handle it as it would.
      return Reflect.apply(inner, self, args) as Promise<Response>;
    }

    const startedAt = Date.now();
    const t0 = performance.now();
    const promise = Reflect.apply(inner, self, callArgs) as Promise<Response>;
    if (!promise || typeof promise.then !== "function") return promise;
    return promise.then(
      (response) => {
        try {
          const observed: ObservedRequest = {
            method,
            url,
            status: response.status,
            network: response.type === "error",
            aborted: false,
            startedAt,
            duration: performance.now() - t0,
            header: (name) => safeHeader(() => response.headers.get(name)),
            transport: "fetch",
          };
          if (traceparent) observed.traceparent = traceparent;
          // Cloned before the host gets the response, so the host's body stays untouched.
          // The hooks first: they answer from the status alone for most responses.
          if (
            wantsBody(hub, observed) &&
            !response.bodyUsed &&
            isJson(response.headers.get("content-type"))
          ) {
            const copy = response.clone();
            let parsed: Promise<unknown> | undefined;
            observed.json = () => (parsed ??= readCappedJson(copy).catch(() => undefined));
          }
          notify(observed);
        } catch {
          // never disturb the host
        }
        return response;
      },
      (error: unknown) => {
        try {
          notify({
            method,
            url,
            status: 0,
            network: true,
            aborted: Boolean(signal?.aborted),
            startedAt,
            duration: performance.now() - t0,
            header: () => null,
            transport: "fetch",
            ...(traceparent ? { traceparent } : {}),
          });
        } catch {
          // never disturb the host
        }
        throw error; // the same object, unchanged
      },
    );
  };
  keepShape(wrapped, inner);
  win.fetch = wrapped as typeof fetch;
}

interface XhrMeta {
  method: string;
  url: string;
  /** Header names the app set (lower case). */
  set: Set<string> | undefined;
  traceparent: string | undefined;
  /** When `send` started observing it (ms since the epoch); undefined when not running. */
  startedAt: number | undefined;
  t0: number;
  aborted: boolean;
}

function wrapXhr(win: HubWindow, hub: Hub, notify: Notify, resolve: (input: string) => string) {
  const proto = win.XMLHttpRequest.prototype;
  // Not named open/send/…: the wrappers below are named function expressions, whose own
  // names would shadow these inside their bodies.
  const originalOpen = proto.open;
  const originalSend = proto.send;
  const originalSetRequestHeader = proto.setRequestHeader;
  // One entry per XHR object, replaced by each `open` (which ends any earlier request
  // without events).
  const meta = new WeakMap<XMLHttpRequest, XhrMeta>();

  // Shared by every XHR (adding the same listener twice adds it once): no closures per request.
  function onAbort(this: XMLHttpRequest) {
    const info = meta.get(this);
    if (info?.startedAt !== undefined) info.aborted = true;
  }
  function onLoadEnd(this: XMLHttpRequest) {
    const info = meta.get(this);
    if (info?.startedAt === undefined) return;
    try {
      // eslint-disable-next-line @typescript-eslint/no-this-alias -- read by `header` later
      const xhr = this;
      const observed: ObservedRequest = {
        method: info.method,
        url: info.url,
        status: xhr.status,
        network: xhr.status === 0,
        aborted: info.aborted,
        startedAt: info.startedAt,
        duration: performance.now() - info.t0,
        header: (name) => safeHeader(() => xhr.getResponseHeader(name)),
        transport: "xhr",
      };
      if (info.traceparent) observed.traceparent = info.traceparent;
      info.startedAt = undefined;
      if (
        xhr.status > 0 &&
        wantsBody(hub, observed) &&
        isJson(safeHeader(() => xhr.getResponseHeader("content-type")))
      ) {
        const body = xhrJson(xhr);
        observed.json = () => Promise.resolve(body);
      }
      notify(observed);
    } catch {
      // never disturb the host
    }
  }

  proto.open = function open(this: XMLHttpRequest, method: string, url: string | URL): void {
    try {
      meta.set(this, {
        method: String(method).toUpperCase(),
        url: resolve(String(url)),
        set: undefined,
        traceparent: undefined,
        startedAt: undefined,
        t0: 0,
        aborted: false,
      });
    } catch {
      meta.delete(this);
    }
    // eslint-disable-next-line prefer-rest-params
    return Reflect.apply(originalOpen, this, arguments) as void;
  } as typeof proto.open;

  proto.setRequestHeader = function setRequestHeader(this: XMLHttpRequest, name: string): void {
    // eslint-disable-next-line prefer-rest-params
    const result = Reflect.apply(originalSetRequestHeader, this, arguments) as void;
    // Reached only when the browser accepted the header.
    const info = meta.get(this);
    if (info) (info.set ??= new Set()).add(String(name).toLowerCase());
    return result;
  };

  proto.send = function send(this: XMLHttpRequest): void {
    const info = meta.get(this);
    // A second `send` while the first is running throws in the original: leave its record.
    if (info && info.startedAt === undefined && hub.listeners.size > 0) {
      try {
        const extra = headersToAdd(hub, info.method, info.url);
        if (extra) {
          for (const name of Object.keys(extra)) {
            const lower = name.toLowerCase();
            if (info.set?.has(lower)) continue;
            const value = extra[name] as string;
            Reflect.apply(originalSetRequestHeader, this, [name, value]);
            if (lower === "traceparent") info.traceparent = value;
          }
        }
      } catch {
        // The request was not in a state to take headers: send it as the app asked.
      }
      try {
        // Before the original send: a synchronous request ends inside it.
        this.addEventListener("abort", onAbort);
        this.addEventListener("loadend", onLoadEnd);
        info.aborted = false;
        info.startedAt = Date.now();
        info.t0 = performance.now();
      } catch {
        // never disturb the host
      }
    }
    // eslint-disable-next-line prefer-rest-params
    return Reflect.apply(originalSend, this, arguments) as void;
  };
  keepShape(proto.open, originalOpen);
  keepShape(proto.send, originalSend);
  keepShape(proto.setRequestHeader, originalSetRequestHeader);
}

/** The wrapper keeps the original's `name` and `length` (minifiers drop function names). */
function keepShape(
  wrapper: (...args: never[]) => unknown,
  original: (...args: never[]) => unknown,
) {
  try {
    Object.defineProperty(wrapper, "name", { value: original.name, configurable: true });
    Object.defineProperty(wrapper, "length", { value: original.length, configurable: true });
  } catch {
    // a frozen function: leave it
  }
}

/** The XHR's JSON body, read from what the browser already holds, size-capped. */
function xhrJson(xhr: XMLHttpRequest): unknown {
  try {
    if (xhr.responseType === "json") return xhr.response as unknown;
    if (xhr.responseType !== "" && xhr.responseType !== "text") return undefined;
    const text = xhr.responseText;
    if (text.length > MAX_BODY_BYTES) return undefined;
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function safeHeader(read: () => string | null): string | null {
  try {
    return read();
  } catch {
    return null;
  }
}

/** Starts observing requests; returns the function that stops this listener (and its hooks). */
export function observeRequests(
  listener: RequestListener,
  target: Window | typeof globalThis = globalThis,
  hooks?: RequestHooks,
): () => void {
  const hub = install(target as HubWindow);
  hub.listeners.add(listener);
  if (hooks) hub.hooks.add(hooks);
  return () => {
    hub.listeners.delete(listener);
    if (hooks) hub.hooks.delete(hooks);
  };
}
