import { forceCloseDatabase, IDBFactory, IDBObjectStore, IDBOpenDBRequest } from "fake-indexeddb";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { WaymarkEvent } from "../../../src/store/records";
import { createStore, DB_NAME, DB_VERSION } from "../../../src/store/store";

let seq = 0;
const event = (type: WaymarkEvent["type"], ts = Date.now()): WaymarkEvent => ({
  id: `e${seq++}`,
  v: 1,
  type,
  ts,
  guide: "g",
});
const retention = { days: 30, maxEvents: 10_000 };
const now = Date.now();

/**
 * Counts opens of Waymark's database and keeps their requests; the next `refuse` of them are
 * refused with an AbortError, as Chromium refuses a reopen while it still tears down a
 * connection it closed itself (a real fake-indexeddb request whose upgrade is aborted).
 */
function watchOpens() {
  const factory = globalThis.indexedDB;
  const open = factory.open.bind(factory);
  const watch = {
    opens: 0,
    refuse: 0,
    requests: [] as Array<{ readonly result: IDBDatabase }>,
    /** The connection the store opened first. */
    first(): IDBDatabase {
      const request = watch.requests[0];
      if (!request) throw new Error("the store has not opened its database");
      return request.result;
    },
  };
  factory.open = (name: string, version?: number) => {
    if (name === DB_NAME) watch.opens++;
    if (name !== DB_NAME || watch.refuse === 0) {
      const request = open(name, version);
      if (name === DB_NAME) watch.requests.push(request);
      return request;
    }
    watch.refuse--;
    const refused = open(`refused-${watch.opens}`, 1);
    refused.addEventListener("upgradeneeded", (e) => {
      e.stopImmediatePropagation(); // Waymark's upgrade never runs
      refused.transaction?.abort();
    });
    return refused;
  };
  return watch;
}

/** Closes a connection as the browser does when site data is cleared: a `close` event. */
const forceClose = (db: IDBDatabase) =>
  forceCloseDatabase(db as unknown as Parameters<typeof forceCloseDatabase>[0]);

afterEach(() => {
  // A fresh database per test.
  globalThis.indexedDB = new IDBFactory();
});

describe("store", () => {
  it("batches events into IndexedDB and reads them back oldest first", async () => {
    const store = createStore({ retention, onFallback: vi.fn() });
    store.record(event("guide.start", 1));
    store.record(event("step.show", 2));
    const events = await store.events();
    expect(events.map((e) => e.type)).toEqual(["guide.start", "step.show"]);
    expect(store.mode()).toBe("indexeddb");
    store.close();
  });

  it("keeps progress across instances (a reload)", async () => {
    const first = createStore({ retention, onFallback: vi.fn() });
    await first.putProgress({
      v: 1,
      guide: "g",
      version: 1,
      status: "active",
      step: "b",
      history: ["a"],
      updatedAt: 1,
    });
    first.close();
    const second = createStore({ retention, onFallback: vi.fn() });
    expect(await second.progress()).toEqual([
      { v: 1, guide: "g", version: 1, status: "active", step: "b", history: ["a"], updatedAt: 1 },
    ]);
    second.close();
  });

  it("drops events past retention by age and by count", async () => {
    const seed = createStore({ retention, onFallback: vi.fn() });
    const old = Date.now() - 40 * 86_400_000;
    for (let i = 0; i < 5; i++) seed.record(event("step.show", old + i));
    for (let i = 0; i < 5; i++) seed.record(event("step.done", Date.now() + i));
    await seed.flush();
    seed.close();
    const store = createStore({ retention: { days: 30, maxEvents: 3 }, onFallback: vi.fn() });
    const events = await store.events();
    expect(events.map((e) => e.type)).toEqual(["step.done", "step.done", "step.done"]);
    store.close();
  });

  it("falls back to memory, without losing the session, when IndexedDB is missing", async () => {
    // @ts-expect-error: simulating a browser without IndexedDB
    globalThis.indexedDB = undefined;
    const onFallback = vi.fn();
    const store = createStore({ retention, onFallback });
    store.record(event("guide.start"));
    await store.putProgress({
      v: 1,
      guide: "g",
      version: 1,
      status: "active",
      step: "a",
      history: [],
      updatedAt: 1,
    });
    expect((await store.events()).map((e) => e.type)).toEqual(["guide.start"]);
    expect(await store.progress()).toHaveLength(1);
    expect(store.mode()).toBe("memory");
    expect(onFallback).toHaveBeenCalledWith(expect.stringContaining("not available"));
    store.close();
  });

  it("falls back when open never settles", async () => {
    // A request that never fires success, error or blocked (seen with broken browser profiles).
    const never = {
      open: () => new (IDBOpenDBRequest as unknown as new () => object)(),
    } as unknown as IDBFactory;
    globalThis.indexedDB = never;
    const onFallback = vi.fn();
    const store = createStore({ retention, onFallback, openTimeoutMs: 50 });
    store.record(event("guide.start"));
    expect((await store.events()).map((e) => e.type)).toEqual(["guide.start"]);
    expect(onFallback).toHaveBeenCalledWith(expect.stringContaining("longer than 50 ms"));
    store.close();
  });

  it("writes an event queued twice (pagehide copy, then the next page) only once", async () => {
    const store = createStore({ retention, onFallback: vi.fn() });
    const e = event("step.show");
    store.record(e);
    await store.flush();
    store.record({ ...e });
    expect(await store.events()).toHaveLength(1);
    store.close();
  });

  it("keeps events queued when the page was hidden, for the next page of the tab", async () => {
    const first = createStore({ retention, onFallback: vi.fn(), flushDelayMs: 60_000 });
    first.record(event("step.show"));
    window.dispatchEvent(new Event("pagehide"));
    expect(JSON.parse(sessionStorage.getItem("waymark.pending") ?? "{}").events).toHaveLength(1);
    first.close();
    const next = createStore({ retention, onFallback: vi.fn() });
    expect((await next.events()).map((e) => e.type)).toEqual(["step.show"]);
    expect(sessionStorage.getItem("waymark.pending")).toBeNull();
    next.close();
  });

  it("keeps a batch whose write was still running when the page was hidden", async () => {
    // The page unloads while the batch's transaction runs (a click on a link right after a step
    // appeared): the unload aborts the transaction, so the batch must be in the copy too.
    const first = createStore({ retention, onFallback: vi.fn(), flushDelayMs: 60_000 });
    await first.progress(); // the database is open
    const original = IDBObjectStore.prototype.put;
    const put = vi.spyOn(IDBObjectStore.prototype, "put").mockImplementationOnce(function (
      this: IDBObjectStore,
      ...args
    ) {
      window.dispatchEvent(new Event("pagehide"));
      return original.apply(this, args);
    });
    first.record(event("step.show"));
    await first.flush();
    expect(put).toHaveBeenCalled();
    put.mockRestore();
    expect(JSON.parse(sessionStorage.getItem("waymark.pending") ?? "{}").events).toHaveLength(1);
    first.close();
    sessionStorage.removeItem("waymark.pending");
  });

  it("clears everything", async () => {
    const store = createStore({ retention, onFallback: vi.fn() });
    store.record(event("guide.start"));
    await store.putProgress({
      v: 1,
      guide: "g",
      version: 1,
      status: "done",
      history: [],
      updatedAt: 1,
    });
    await store.clear();
    expect(await store.events()).toEqual([]);
    expect(await store.progress()).toEqual([]);
    store.close();
  });

  it("redacts before anything is stored: path-only pages, secret keys, tokens in text", async () => {
    const store = createStore({ retention, onFallback: vi.fn(), redact: ["customerRef"] });
    const stored = store.record({
      ...event("failure"),
      page: "/pay?token=abc#x",
      signature: "request:GET https://api.test/x?access_token=s3cr3t:401",
      password: "hunter2",
      value: "typed",
      customerRef: "c-1",
      note: "Authorization: Bearer abc.def",
    });
    const [saved] = await store.events();
    expect(saved).toEqual(stored);
    expect(JSON.stringify(saved)).not.toMatch(/abc|s3cr3t|hunter2|typed|c-1/);
    expect(saved).toMatchObject({ page: "/pay", password: "[redacted]", value: "[redacted]" });
    store.close();
  });

  it("steps aside for another tab's upgrade, reopens once, and loses nothing", async () => {
    const onFallback = vi.fn();
    const onRecovered = vi.fn();
    const store = createStore({ retention, onFallback, onRecovered });
    store.record(event("guide.start", now + 1));
    await store.flush();
    // Another tab (a newer Waymark) upgrades the database while this connection is open.
    const newer = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, DB_VERSION + 1);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    newer.close();
    store.record(event("step.show", now + 2));
    expect((await store.events()).map((e) => e.type)).toEqual(["guide.start", "step.show"]);
    expect(store.mode()).toBe("indexeddb");
    expect(onFallback).not.toHaveBeenCalled();
    expect(onRecovered).toHaveBeenCalledWith(expect.stringContaining("upgrading"));
    store.close();
  });

  it("reopens once when the database is deleted underneath it", async () => {
    const store = createStore({ retention, onFallback: vi.fn() });
    store.record(event("guide.start", now + 1));
    await store.flush();
    await new Promise((resolve) => (indexedDB.deleteDatabase(DB_NAME).onsuccess = resolve));
    store.record(event("step.show", now + 2));
    expect((await store.events()).map((e) => e.type)).toEqual(["step.show"]);
    expect(store.mode()).toBe("indexeddb");
    store.close();
    const next = createStore({ retention, onFallback: vi.fn() });
    expect((await next.events()).map((e) => e.type)).toEqual(["step.show"]);
    next.close();
  });

  it("reopens only once per session, then stays in memory (no retry storm)", async () => {
    const onFallback = vi.fn();
    const store = createStore({ retention, onFallback });
    await store.flush();
    for (let i = 0; i < 2; i++) {
      await new Promise((resolve) => (indexedDB.deleteDatabase(DB_NAME).onsuccess = resolve));
      await store.flush();
    }
    store.record(event("step.show"));
    expect((await store.events()).map((e) => e.type)).toEqual(["step.show"]);
    expect(store.mode()).toBe("memory");
    expect(onFallback).toHaveBeenCalledTimes(1);
    expect(onFallback).toHaveBeenCalledWith(expect.stringContaining("deleted"));
    store.close();
  });

  it("reopens when the browser closes the connection, once more if the browser still refuses it", async () => {
    const watch = watchOpens();
    const onFallback = vi.fn();
    const onRecovered = vi.fn();
    const store = createStore({ retention, onFallback, onRecovered });
    store.record(event("guide.start", now + 1));
    await store.flush();
    // Site data cleared: the browser closes the connection (a `close` event) and, for a moment,
    // refuses new ones.
    watch.refuse = 1;
    forceClose(watch.first());
    store.record(event("step.show", now + 2));
    expect((await store.events()).map((e) => e.type)).toEqual(["guide.start", "step.show"]);
    expect(store.mode()).toBe("indexeddb");
    expect(onFallback).not.toHaveBeenCalled();
    expect(onRecovered).toHaveBeenCalledWith(
      "reopened after the browser closed the database connection",
    );
    expect(watch.opens).toBe(3); // the first open, the refused reopen, its one retry
    store.close();
    const next = createStore({ retention, onFallback: vi.fn() });
    expect((await next.events()).map((e) => e.type)).toEqual(["guide.start", "step.show"]);
    next.close();
  });

  it("stays in memory when the reopen is refused twice, without trying again (no retry storm)", async () => {
    const watch = watchOpens();
    const onFallback = vi.fn();
    const store = createStore({ retention, onFallback });
    store.record(event("guide.start", now + 1));
    await store.flush();
    watch.refuse = 10;
    forceClose(watch.first());
    store.record(event("step.show", now + 2));
    expect((await store.events()).map((e) => e.type)).toEqual(["step.show"]);
    expect(store.mode()).toBe("memory");
    expect(onFallback).toHaveBeenCalledTimes(1);
    expect(onFallback).toHaveBeenCalledWith(
      expect.stringMatching(
        /^the browser closed the database connection, and reopening failed: AbortError/,
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 400));
    store.record(event("step.done", now + 3));
    expect((await store.events()).map((e) => e.type)).toEqual(["step.show", "step.done"]);
    expect(watch.opens).toBe(3); // the first open, the reopen, its one retry: then no more
    store.close();
  });

  it("counts a connection lost once, when a write finds it closing before its close event", async () => {
    const watch = watchOpens();
    const onFallback = vi.fn();
    const onRecovered = vi.fn();
    const store = createStore({ retention, onFallback, onRecovered });
    store.record(event("guide.start", now + 1));
    await store.flush();
    // A transaction still running keeps the forced close pending: the next write finds the
    // connection closing (InvalidStateError) and reopens; the close event comes after that.
    const connection = watch.first();
    const closeEvent = new Promise((resolve) => connection.addEventListener("close", resolve));
    void connection.transaction("events").objectStore("events").count();
    forceClose(connection);
    store.record(event("step.show", now + 2));
    expect((await store.events()).map((e) => e.type)).toEqual(["guide.start", "step.show"]);
    await closeEvent;
    store.record(event("step.done", now + 3));
    expect((await store.events()).map((e) => e.type)).toEqual([
      "guide.start",
      "step.show",
      "step.done",
    ]);
    expect(store.mode()).toBe("indexeddb");
    expect(onFallback).not.toHaveBeenCalled();
    expect(onRecovered).toHaveBeenCalledTimes(1);
    expect(onRecovered).toHaveBeenCalledWith(
      expect.stringContaining("reopened after the database connection was lost (InvalidStateError"),
    );
    expect(watch.opens).toBe(2);
    store.close();
  });

  it("waits in memory while an older connection blocks the upgrade, then writes everything", async () => {
    // Another tab holds version 1 open and ignores requests to close it.
    const old = await new Promise<IDBDatabase>((resolve) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore("events", { keyPath: "id" }).createIndex("ts", "ts");
        request.result.createObjectStore("progress", { keyPath: "guide" });
      };
      request.onsuccess = () => resolve(request.result);
    });
    const onFallback = vi.fn();
    const onRecovered = vi.fn();
    const store = createStore({ retention, onFallback, onRecovered, openTimeoutMs: 200 });
    store.record(event("guide.start", now + 1));
    await store.putProgress({
      v: 1,
      guide: "g",
      version: 1,
      status: "active",
      step: "a",
      history: [],
      updatedAt: 1,
    });
    expect((await store.events()).map((e) => e.type)).toEqual(["guide.start"]);
    expect(store.mode()).toBe("memory");
    expect(onFallback).toHaveBeenCalledWith(expect.stringContaining("older version"));
    old.close();
    await vi.waitFor(() => expect(onRecovered).toHaveBeenCalled());
    store.record(event("step.show", now + 2));
    await store.flush();
    store.close();
    const next = createStore({ retention, onFallback: vi.fn() });
    expect((await next.events()).map((e) => e.type)).toEqual(["guide.start", "step.show"]);
    expect(await next.progress()).toHaveLength(1);
    next.close();
  });

  it("keeps recording in memory when the quota is used up, and still reads what was stored", async () => {
    const onFallback = vi.fn();
    const store = createStore({ retention, onFallback });
    store.record(event("guide.start", now + 1));
    await store.flush();
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function () {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    };
    try {
      store.record(event("step.show", now + 2));
      expect((await store.events()).map((e) => e.type)).toEqual(["guide.start", "step.show"]);
    } finally {
      IDBObjectStore.prototype.put = put;
    }
    expect(store.mode()).toBe("memory");
    expect(onFallback).toHaveBeenCalledWith(expect.stringContaining("quota"));
    store.close();
  });

  it("falls back when indexedDB.open throws", async () => {
    globalThis.indexedDB = {
      open: () => {
        throw new DOMException("denied", "SecurityError");
      },
    } as unknown as IDBFactory;
    const onFallback = vi.fn();
    const store = createStore({ retention, onFallback });
    store.record(event("guide.start"));
    expect((await store.events()).map((e) => e.type)).toEqual(["guide.start"]);
    expect(onFallback).toHaveBeenCalledWith(expect.stringContaining("SecurityError"));
    store.close();
  });

  it("shares progress with other tabs", async () => {
    const onRemoteProgress = vi.fn();
    const a = createStore({ retention, onFallback: vi.fn() });
    const b = createStore({ retention, onFallback: vi.fn(), onRemoteProgress });
    await a.putProgress({
      v: 1,
      guide: "g",
      version: 1,
      status: "done",
      history: [],
      updatedAt: 5,
    });
    await vi.waitFor(() =>
      expect(onRemoteProgress).toHaveBeenCalledWith(
        expect.objectContaining({ guide: "g", status: "done" }),
      ),
    );
    a.close();
    b.close();
  });

  it("keeps an export outbox", async () => {
    const store = createStore({ retention, onFallback: vi.fn() });
    const [e1, e2] = [event("step.show", now + 1), event("step.done", now + 2)];
    store.outbox.add([e2, e1]);
    expect((await store.outbox.peek(10)).map((i) => i.id)).toEqual([e1.id, e2.id]);
    await store.outbox.remove([e1.id]);
    expect((await store.outbox.peek(10)).map((i) => i.id)).toEqual([e2.id]);
    store.close();
  });
});
