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
 * XHR is observed through its own `loadend` event, added once per `send`. Wrapping is
 * idempotent per window: a second Waymark (or a second copy of the script) reuses the first
 * wrapper, and Waymark's own requests use the original fetch.
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
};

/** The fetch Waymark uses for its own requests, so they are never observed or re-wrapped. */
export function originalFetch(target: Window | typeof globalThis = globalThis): typeof fetch {
  const win = target as HubWindow;
  return win[HUB]?.originalFetch ?? win.fetch.bind(win);
}

/**
 * Tells the listeners in a later task: the host's own `then` callbacks and `load` handlers run
 * first, so matching help rules, redacting and recording never delay the page's request code.
 */
function notify(hub: Hub, request: ObservedRequest) {
  setTimeout(() => {
    for (const fn of hub.listeners) {
      try {
        fn(request);
      } catch {
        // A listener's failure must never reach the host's request.
      }
    }
  }, 0);
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

  if (typeof win.fetch === "function") wrapFetch(win, hub);
  if (typeof win.XMLHttpRequest === "function") wrapXhr(win, hub);
  return hub;
}

function wrapFetch(win: HubWindow, hub: Hub) {
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
      url = new URL(request ? request.url : String(input), win.location?.href).href;
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
        const headers = new Headers((base ?? undefined) as HeadersInit | undefined);
        let added = false;
        for (const [name, value] of Object.entries(extra)) {
          if (headers.has(name)) continue; // never overwrite what the app set
          headers.set(name, value);
          added = true;
        }
        traceparent = headers.get("traceparent") ?? undefined;
        if (added) callArgs = [input, { ...init, headers }];
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
            ...(traceparent ? { traceparent } : {}),
          };
          // Cloned before the host gets the response, so the host's body stays untouched.
          if (
            !response.bodyUsed &&
            isJson(response.headers.get("content-type")) &&
            wantsBody(hub, observed)
          ) {
            const copy = response.clone();
            let parsed: Promise<unknown> | undefined;
            observed.json = () => (parsed ??= readCappedJson(copy).catch(() => undefined));
          }
          notify(hub, observed);
        } catch {
          // never disturb the host
        }
        return response;
      },
      (error: unknown) => {
        try {
          notify(hub, {
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
  set: Set<string>;
  traceparent?: string;
}

function wrapXhr(win: HubWindow, hub: Hub) {
  const proto = win.XMLHttpRequest.prototype;
  // Not named open/send/…: the wrappers below are named function expressions, whose own
  // names would shadow these inside their bodies.
  const originalOpen = proto.open;
  const originalSend = proto.send;
  const originalSetRequestHeader = proto.setRequestHeader;
  const meta = new WeakMap<XMLHttpRequest, XhrMeta>();

  proto.open = function open(this: XMLHttpRequest, method: string, url: string | URL): void {
    try {
      meta.set(this, {
        method: String(method).toUpperCase(),
        url: new URL(String(url), win.location?.href).href,
        set: new Set(),
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
    meta.get(this)?.set.add(String(name).toLowerCase());
    return result;
  };

  proto.send = function send(this: XMLHttpRequest): void {
    const info = meta.get(this);
    if (info && hub.listeners.size > 0) {
      try {
        const extra = headersToAdd(hub, info.method, info.url);
        for (const [name, value] of Object.entries(extra ?? {})) {
          if (info.set.has(name.toLowerCase())) continue;
          Reflect.apply(originalSetRequestHeader, this, [name, value]);
          if (name.toLowerCase() === "traceparent") info.traceparent = value;
        }
      } catch {
        // The request was not in a state to take headers: send it as the app asked.
      }
      const startedAt = Date.now();
      const t0 = performance.now();
      let aborted = false;
      // eslint-disable-next-line @typescript-eslint/no-this-alias -- read by the listeners below
      const xhr = this;
      const traceparent = info.traceparent;
      try {
        xhr.addEventListener("abort", () => (aborted = true), { once: true });
        xhr.addEventListener(
          "loadend",
          () => {
            const observed: ObservedRequest = {
              method: info.method,
              url: info.url,
              status: xhr.status,
              network: xhr.status === 0,
              aborted,
              startedAt,
              duration: performance.now() - t0,
              header: (name) => safeHeader(() => xhr.getResponseHeader(name)),
              transport: "xhr",
              ...(traceparent ? { traceparent } : {}),
            };
            if (
              xhr.status > 0 &&
              isJson(safeHeader(() => xhr.getResponseHeader("content-type"))) &&
              wantsBody(hub, observed)
            ) {
              const body = xhrJson(xhr);
              observed.json = () => Promise.resolve(body);
            }
            notify(hub, observed);
          },
          { once: true },
        );
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
