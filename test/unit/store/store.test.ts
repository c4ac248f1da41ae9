import { IDBFactory, IDBOpenDBRequest } from "fake-indexeddb";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { WaymarkEvent } from "../../../src/store/records";
import { createStore } from "../../../src/store/store";

let seq = 0;
const event = (type: WaymarkEvent["type"], ts = Date.now()): WaymarkEvent => ({ id: `e${seq++}`, v: 1, type, ts, guide: "g" });
const retention = { days: 30, maxEvents: 10_000 };

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
    await first.putProgress({ v: 1, guide: "g", version: 1, status: "active", step: "b", history: ["a"], updatedAt: 1 });
    first.close();
    const second = createStore({ retention, onFallback: vi.fn() });
    expect(await second.progress()).toEqual([{ v: 1, guide: "g", version: 1, status: "active", step: "b", history: ["a"], updatedAt: 1 }]);
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
    await store.putProgress({ v: 1, guide: "g", version: 1, status: "active", step: "a", history: [], updatedAt: 1 });
    expect((await store.events()).map((e) => e.type)).toEqual(["guide.start"]);
    expect(await store.progress()).toHaveLength(1);
    expect(store.mode()).toBe("memory");
    expect(onFallback).toHaveBeenCalledWith(expect.stringContaining("not available"));
    store.close();
  });

  it("falls back when open never settles", async () => {
    // A request that never fires success, error or blocked (seen with broken browser profiles).
    const never = { open: () => new (IDBOpenDBRequest as unknown as new () => object)() } as unknown as IDBFactory;
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
    expect(JSON.parse(sessionStorage.getItem("waymark.pending") ?? "[]")).toHaveLength(1);
    first.close();
    const next = createStore({ retention, onFallback: vi.fn() });
    expect((await next.events()).map((e) => e.type)).toEqual(["step.show"]);
    expect(sessionStorage.getItem("waymark.pending")).toBeNull();
    next.close();
  });

  it("clears everything", async () => {
    const store = createStore({ retention, onFallback: vi.fn() });
    store.record(event("guide.start"));
    await store.putProgress({ v: 1, guide: "g", version: 1, status: "done", history: [], updatedAt: 1 });
    await store.clear();
    expect(await store.events()).toEqual([]);
    expect(await store.progress()).toEqual([]);
    store.close();
  });
});
