import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createUrlResolver,
  NOTIFY_INTERVAL_MS,
  observeRequests,
  type ObservedRequest,
} from "../../../src/capture/requests";

/**
 * The observer against a stand-in window: a fetch that records what it was called with, and an
 * XMLHttpRequest whose requests the test ends by hand. The same behaviour in real Chromium, for
 * every call form, is test/e2e/fetch-semantics.test.ts.
 */

const PAGE = "https://app.test/orders/list";
const TP = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

class FakeXhr extends EventTarget {
  static sent: FakeXhr[] = [];
  status = 0;
  headers: [string, string][] = [];
  open(_method: string, _url: string) {}
  setRequestHeader(name: string, value: string) {
    this.headers.push([name, value]);
  }
  send() {
    FakeXhr.sent.push(this);
  }
  getResponseHeader(name: string) {
    return name === "x-request-id" ? "req_7" : null;
  }
  end(status: number, aborted = false) {
    this.status = status;
    if (aborted) this.dispatchEvent(new Event("abort"));
    this.dispatchEvent(new Event("loadend"));
  }
}

function setup(base = PAGE) {
  const calls: { self: unknown; args: unknown[] }[] = [];
  const results: (Response | Error)[] = [];
  const win = {
    fetch(this: unknown, ...args: unknown[]) {
      calls.push({ self: this, args });
      const result = results.shift() ?? new Response("{}", { status: 200 });
      return result instanceof Error ? Promise.reject(result) : Promise.resolve(result);
    },
    XMLHttpRequest: class extends FakeXhr {},
    location: { href: PAGE, origin: new URL(PAGE).origin },
    document: { baseURI: base },
  };
  const seen: ObservedRequest[] = [];
  const stop = observeRequests((r) => seen.push(r), win as unknown as Window, {
    headersFor: (_method, url) =>
      new URL(url).origin === win.location.origin ? { traceparent: TP } : undefined,
  });
  const fetch = win.fetch as (input: unknown, init?: unknown) => Promise<Response>;
  return { win, fetch, calls, results, seen, stop };
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
const sentHeaders = (init: unknown) => new Headers((init as RequestInit).headers);

afterEach(() => {
  FakeXhr.sent = [];
  vi.restoreAllMocks();
});

describe("fetch observer", () => {
  it("settles with the very Response and the very error of the original", async () => {
    const { fetch, results } = setup();
    const response = new Response("ok", { status: 201 });
    const error = new TypeError("Failed to fetch");
    results.push(response, error);
    expect(await fetch("/api/a")).toBe(response);
    await expect(fetch("/api/b")).rejects.toBe(error);
  });

  it("adds traceparent to same-origin requests as a copy, never to other origins", async () => {
    const { fetch, calls } = setup();
    const init = { method: "POST", headers: { "X-A": "1" } };
    await fetch("/api/a", init);
    await fetch("https://other.test/x", { headers: { "X-A": "1" } });
    await fetch("/api/b");
    expect(init).toEqual({ method: "POST", headers: { "X-A": "1" } }); // the app's object untouched
    expect(sentHeaders(calls[0]!.args[1]).get("traceparent")).toBe(TP);
    expect(sentHeaders(calls[0]!.args[1]).get("x-a")).toBe("1");
    expect(calls[1]!.args[1]).toEqual({ headers: { "X-A": "1" } });
    expect(sentHeaders(calls[2]!.args[1]).get("traceparent")).toBe(TP);
  });

  it("keeps the app's own traceparent, whatever its case and header form", async () => {
    const { fetch, calls, seen } = setup();
    const own = "00-11111111111111111111111111111111-2222222222222222-01";
    await fetch("/a", { headers: { TraceParent: own } });
    await fetch("/b", { headers: [["traceparent", own]] });
    await fetch("/c", { headers: new Headers({ traceparent: own }) });
    for (const call of calls) expect(sentHeaders(call.args[1]).get("traceparent")).toBe(own);
    await nextTask();
    expect(seen.map((r) => r.traceparent)).toEqual([own, own, own]);
  });

  it("adds traceparent to pairs and Headers without changing the app's", async () => {
    const { fetch, calls } = setup();
    const pairs: [string, string][] = [["x-a", "1"]];
    const headers = new Headers({ "x-b": "2" });
    await fetch("/a", { headers: pairs });
    await fetch("/b", { headers });
    expect(pairs).toEqual([["x-a", "1"]]);
    expect(headers.has("traceparent")).toBe(false);
    expect(sentHeaders(calls[0]!.args[1]).get("x-a")).toBe("1");
    expect(sentHeaders(calls[0]!.args[1]).get("traceparent")).toBe(TP);
    expect(sentHeaders(calls[1]!.args[1]).get("x-b")).toBe("2");
    expect(sentHeaders(calls[1]!.args[1]).get("traceparent")).toBe(TP);
  });

  it("reads the app's header getters once", async () => {
    const { fetch, calls } = setup();
    const read = vi.fn(() => "Bearer x");
    await fetch("/a", {
      headers: {
        get authorization() {
          return read();
        },
      },
    });
    expect(read).toHaveBeenCalledTimes(1);
    expect(sentHeaders(calls[0]!.args[1]).get("authorization")).toBe("Bearer x");
    expect(sentHeaders(calls[0]!.args[1]).get("traceparent")).toBe(TP);
  });

  it("calls the original with the caller's arguments when no listener is left", async () => {
    const { fetch, calls, stop } = setup();
    stop();
    const init = { headers: { a: "1" } };
    await fetch("/a", init);
    expect(calls[0]!.args).toEqual(["/a", init]);
    expect(calls[0]!.args[1]).toBe(init);
  });
});

describe("telling the listeners", () => {
  it("tells them in a later task, in the order the requests finished", async () => {
    const { fetch, seen } = setup();
    const order: string[] = [];
    await fetch("/a").then(() => order.push("host a"));
    await fetch("/b", { method: "post" }).then(() => order.push("host b"));
    expect(seen).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, NOTIFY_INTERVAL_MS + 5));
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual([
      "GET https://app.test/a",
      "POST https://app.test/b",
    ]);
    expect(order).toEqual(["host a", "host b"]);
    expect(seen[0]).toMatchObject({ status: 200, network: false, transport: "fetch" });
  });

  it("gives a burst of requests one task, and an isolated request the next task", async () => {
    const { fetch, seen } = setup();
    const timers = vi.spyOn(globalThis, "setTimeout");
    await new Promise((resolve) => setTimeout(resolve, NOTIFY_INTERVAL_MS + 5));
    timers.mockClear();
    await Promise.all(["/1", "/2", "/3", "/4", "/5"].map((u) => fetch(u)));
    expect(timers).toHaveBeenCalledTimes(1);
    expect(timers.mock.calls[0]![1]).toBe(0); // nothing was told lately: the next task
    await nextTask();
    expect(seen).toHaveLength(5);
    timers.mockClear();
    await fetch("/6");
    // Right after a flush: waits for the rest of the interval, gathering what else finishes.
    expect(timers.mock.calls[0]![1]).toBeGreaterThan(0);
    expect(timers.mock.calls[0]![1]).toBeLessThanOrEqual(NOTIFY_INTERVAL_MS);
  });

  it("never lets a throwing listener reach the host or the other listeners", async () => {
    const { fetch, win, seen } = setup();
    observeRequests(
      () => {
        throw new Error("listener broke");
      },
      win as unknown as Window,
    );
    const response = await fetch("/a");
    expect(response.status).toBe(200);
    await nextTask();
    expect(seen).toHaveLength(1);
  });
});

describe("XMLHttpRequest observer", () => {
  it("observes each send once, with traceparent added where the app set none", async () => {
    const { win, seen } = setup();
    const xhr = new win.XMLHttpRequest();
    xhr.open("get", "/api/x?q=1");
    xhr.send();
    xhr.end(503);
    const own = new win.XMLHttpRequest();
    own.open("GET", "/api/y");
    own.setRequestHeader("TraceParent", "00-app");
    own.send();
    own.end(200);
    expect(xhr.headers).toEqual([["traceparent", TP]]);
    expect(own.headers).toEqual([["TraceParent", "00-app"]]);
    await nextTask();
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatchObject({
      method: "GET",
      url: "https://app.test/api/x?q=1",
      status: 503,
      network: false,
      aborted: false,
      transport: "xhr",
      traceparent: TP,
    });
    expect(seen[0]!.header("x-request-id")).toBe("req_7");
  });

  it("marks aborted requests, and a reused XHR starts afresh on each open", async () => {
    const { win, seen } = setup();
    const xhr = new win.XMLHttpRequest();
    xhr.open("GET", "/slow");
    xhr.send();
    xhr.end(0, true);
    xhr.open("POST", "/again");
    xhr.send();
    xhr.end(201);
    xhr.end(201); // a stray event after the request ended is not a request
    await nextTask();
    expect(seen.map((r) => [r.method, r.url, r.status, r.aborted, r.network])).toEqual([
      ["GET", "https://app.test/slow", 0, true, true],
      ["POST", "https://app.test/again", 201, false, false],
    ]);
  });
});

describe("URL resolution", () => {
  it("gives what the URL parser gives, for plain paths and everything else", () => {
    const base = "https://user:pw@app.test:8443/orders/list?x=1#top";
    const resolve = createUrlResolver({ document: { baseURI: base } } as unknown as Window);
    for (const input of [
      "/api/items?page=2&sort=-date#top",
      "/",
      "/a?",
      "/a#",
      "/a/.hidden/...",
      "/~me/(x)*!$&+,;=:@%zz",
      "relative?x=1",
      "//cdn.test/x",
      "/\\evil.test/x",
      "/a/./b/../c",
      "/a/%2e%2E/b",
      "/a b?c d#e f",
      "/a'b?c'd",
      "/é?é#é",
      "/a\tb",
      "https://other.test/x",
      "?q=1",
      "#frag",
    ])
      expect([input, resolve(input)]).toEqual([input, new URL(input, base).href]);
  });

  it("resolves against the document's base URL, as the request itself does", async () => {
    const { fetch, calls, seen } = setup("https://cdn.test/assets/");
    await fetch("/x");
    await fetch("y");
    await nextTask();
    expect(seen.map((r) => r.url)).toEqual(["https://cdn.test/x", "https://cdn.test/assets/y"]);
    // Another origin than the page's: no traceparent.
    expect(calls.map((c) => c.args[1])).toEqual([undefined, undefined]);
  });
});
