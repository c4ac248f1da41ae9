import { describe, expect, it, vi } from "vitest";
import type { Highlighter } from "../../../src/tour/highlight";
import { lazyHighlighter } from "../../../src/tour/lazy-highlighter";

function fake() {
  const calls: string[] = [];
  const real: Highlighter = {
    ready: () => null,
    show: (el) => calls.push(`show ${el ? (el as HTMLElement).id : "centred"}`),
    refresh: () => calls.push("refresh"),
    hide: () => calls.push("hide"),
  };
  return { real, calls };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe("lazyHighlighter", () => {
  it("loads once from ready() and shows only what the tour asked for last", async () => {
    const { real, calls } = fake();
    const load = deferred<Highlighter>();
    const loader = vi.fn(() => load.promise);
    const h = lazyHighlighter(loader);
    const ready = h.ready();
    expect(ready).toBeInstanceOf(Promise);
    const a = document.body.appendChild(
      Object.assign(document.createElement("button"), { id: "a" }),
    );
    const b = document.body.appendChild(
      Object.assign(document.createElement("button"), { id: "b" }),
    );
    h.show(a);
    h.refresh();
    h.show(b);
    expect(loader).toHaveBeenCalledTimes(1);
    load.resolve(real);
    await ready;
    expect(calls).toEqual(["show b"]);
    expect(h.ready()).toBeNull();
    h.refresh();
    h.hide();
    expect(calls).toEqual(["show b", "refresh", "hide"]);
  });

  it("shows nothing when the tour hid the step, or its target left the page, while loading", async () => {
    const { real, calls } = fake();
    const load = deferred<Highlighter>();
    const h = lazyHighlighter(() => load.promise);
    const gone = document.createElement("button");
    h.show(gone); // never attached
    load.resolve(real);
    await load.promise;
    await Promise.resolve();
    expect(calls).toEqual([]);

    const { real: real2, calls: calls2 } = fake();
    const load2 = deferred<Highlighter>();
    const h2 = lazyHighlighter(() => load2.promise);
    h2.show(null);
    h2.hide();
    load2.resolve(real2);
    await load2.promise;
    await Promise.resolve();
    expect(calls2).toEqual([]);
  });

  it("retries on the next show after a failed load", async () => {
    const { real, calls } = fake();
    const loader = vi
      .fn<() => Promise<Highlighter>>()
      .mockRejectedValueOnce(new Error("offline"))
      .mockResolvedValueOnce(real);
    const h = lazyHighlighter(loader);
    h.show(null);
    await vi.waitFor(() => expect(loader).toHaveBeenCalledTimes(1));
    await new Promise((r) => setTimeout(r, 0));
    h.show(null);
    await vi.waitFor(() => expect(calls).toEqual(["show centred"]));
    expect(loader).toHaveBeenCalledTimes(2);
  });
});
