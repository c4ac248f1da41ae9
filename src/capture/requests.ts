/**
 * Observes the host's fetch and XMLHttpRequest responses without changing them.
 *
 * The fetch wrapper returns the very promise the original fetch returned, so errors, abort
 * and streaming bodies reach the host untouched; it adds no awaits and reads no bodies. XHR is
 * observed through its own `loadend` event, added in `send`. Wrapping is idempotent per
 * window: a second Waymark (or a second copy of the script) reuses the first wrapper.
 */

export interface ObservedRequest {
  method: string;
  /** Absolute URL as requested (not yet redacted: consumers redact before storing). */
  url: string;
  /** HTTP status; 0 when no response arrived (network error, abort, CORS). */
  status: number;
  /** True when no response arrived. */
  network: boolean;
  /** True when the request was aborted by the page. */
  aborted: boolean;
  startedAt: number;
  duration: number;
  /** Reads a response header (fetch and same-origin/CORS-exposed XHR headers only). */
  header(name: string): string | null;
  transport: "fetch" | "xhr";
}

export type RequestListener = (request: ObservedRequest) => void;

const HUB = Symbol.for("waymark.requestHub");

interface Hub {
  listeners: Set<RequestListener>;
  originalFetch: typeof fetch;
}

type HubWindow = (Window | typeof globalThis) & { [HUB]?: Hub; fetch: typeof fetch; XMLHttpRequest: typeof XMLHttpRequest; location: Location };

/** The fetch Waymark uses for its own requests, so they are never observed or re-wrapped. */
export function originalFetch(target: Window | typeof globalThis = globalThis): typeof fetch {
  const win = target as HubWindow;
  return win[HUB]?.originalFetch ?? win.fetch.bind(win);
}

function notify(hub: Hub, request: ObservedRequest) {
  for (const fn of hub.listeners) {
    try {
      fn(request);
    } catch {
      // A listener's failure must never reach the host's request.
    }
  }
}

function install(win: HubWindow): Hub {
  const existing = win[HUB];
  if (existing) return existing;
  const hub: Hub = { listeners: new Set(), originalFetch: typeof win.fetch === "function" ? win.fetch.bind(win) : win.fetch };
  Object.defineProperty(win, HUB, { value: hub, configurable: true });

  if (typeof win.fetch === "function") {
    const inner = win.fetch;
    const wrapped = function fetch(this: unknown, input: RequestInfo | URL, init?: RequestInit) {
      // Call through with the caller's exact arguments and `this`, and hand back the same promise.
      // eslint-disable-next-line prefer-rest-params
      const promise: Promise<Response> = Reflect.apply(inner, this === win || this === undefined ? win : this, arguments);
      if (hub.listeners.size === 0) return promise;
      let method = "GET";
      let url = "";
      try {
        const isRequest = typeof Request === "function" && input instanceof Request;
        method = (init?.method ?? (isRequest ? (input as Request).method : "GET")).toUpperCase();
        url = new URL(isRequest ? (input as Request).url : String(input), win.location?.href).href;
      } catch {
        return promise;
      }
      const startedAt = Date.now();
      const t0 = performance.now();
      const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
      promise.then(
        (response) =>
          notify(hub, {
            method,
            url,
            status: response.status,
            network: response.type === "error",
            aborted: false,
            startedAt,
            duration: performance.now() - t0,
            header: (name) => safeHeader(() => response.headers.get(name)),
            transport: "fetch",
          }),
        () =>
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
          }),
      );
      return promise;
    };
    win.fetch = wrapped as typeof fetch;
  }

  const Xhr = win.XMLHttpRequest;
  if (typeof Xhr === "function") {
    const proto = Xhr.prototype;
    const open = proto.open;
    const send = proto.send;
    const meta = new WeakMap<XMLHttpRequest, { method: string; url: string }>();
    proto.open = function (this: XMLHttpRequest, method: string, url: string | URL) {
      try {
        meta.set(this, { method: String(method).toUpperCase(), url: new URL(String(url), win.location?.href).href });
      } catch {
        meta.delete(this);
      }
      // eslint-disable-next-line prefer-rest-params
      return Reflect.apply(open, this, arguments) as void;
    } as typeof proto.open;
    proto.send = function (this: XMLHttpRequest) {
      const info = meta.get(this);
      if (info && hub.listeners.size > 0) {
        const startedAt = Date.now();
        const t0 = performance.now();
        let aborted = false;
        const xhr = this;
        xhr.addEventListener("abort", () => (aborted = true));
        xhr.addEventListener("loadend", () => {
          notify(hub, {
            method: info.method,
            url: info.url,
            status: xhr.status,
            network: xhr.status === 0,
            aborted,
            startedAt,
            duration: performance.now() - t0,
            header: (name) => safeHeader(() => xhr.getResponseHeader(name)),
            transport: "xhr",
          });
        });
      }
      // eslint-disable-next-line prefer-rest-params
      return Reflect.apply(send, this, arguments) as void;
    };
  }
  return hub;
}

function safeHeader(read: () => string | null): string | null {
  try {
    return read();
  } catch {
    return null;
  }
}

/** Starts observing requests; returns the function that stops this listener. */
export function observeRequests(listener: RequestListener, target: Window | typeof globalThis = globalThis): () => void {
  const hub = install(target as HubWindow);
  hub.listeners.add(listener);
  return () => hub.listeners.delete(listener);
}
