import { afterEach, describe, expect, it, vi } from "vitest";
import type { Action } from "../../../src/guide/schema";
import { playDemo, type DemoEvent, type PlayOptions } from "../../../src/demo/player";

/** happy-dom lays nothing out: give elements a box so they count as visible targets. */
function visible<T extends HTMLElement>(el: T): T {
  el.getBoundingClientRect = () =>
    ({
      x: 10,
      y: 10,
      left: 10,
      top: 10,
      width: 200,
      height: 30,
      right: 210,
      bottom: 40,
      toJSON() {},
    }) as DOMRect;
  (el as HTMLElement & { checkVisibility?: () => boolean }).checkVisibility = () => true;
  return el;
}

function form() {
  document.body.textContent = "";
  const amount = visible(document.createElement("input"));
  amount.id = "amount";
  amount.value = "12";
  const currency = visible(document.createElement("select"));
  currency.id = "currency";
  for (const code of ["EUR", "USD"]) {
    const o = document.createElement("option");
    o.value = code;
    o.textContent = code;
    currency.appendChild(o);
  }
  const send = visible(document.createElement("button"));
  send.id = "send";
  const f = document.createElement("form");
  f.append(amount, currency, send);
  document.body.appendChild(f);
  const submits: number[] = [];
  f.addEventListener("submit", (e) => {
    e.preventDefault();
    submits.push(1);
  });
  return { amount, currency, send, submits };
}

const controllers: AbortController[] = [];
afterEach(() => controllers.forEach((c) => c.abort()));

function play(actions: Action[], overrides: Partial<PlayOptions> = {}) {
  const abort = new AbortController();
  controllers.push(abort);
  const events: DemoEvent[] = [];
  const playback = playDemo({
    win: window,
    actions,
    text: (t) => (typeof t === "string" ? t : (t.en ?? "")),
    mayCommit: false,
    keepValues: false,
    targetWaitMs: 100,
    reducedMotion: false,
    speed: 50, // fast, but every wait still goes through the clock
    signal: abort.signal,
    onEvent: (e) => events.push(e),
    ...overrides,
  });
  return { playback, events, abort };
}

describe("the demo player", () => {
  it("plays every kind of action in order, then puts the user's values back", async () => {
    const { amount, currency } = form();
    const seen: string[] = [];
    amount.addEventListener("input", () => seen.push(amount.value));
    const { playback, events } = play([
      { do: "point", target: "#amount" },
      { do: "click", target: "#amount" },
      { do: "type", target: "#amount", text: "250" },
      { do: "select", target: "#currency", value: "USD" },
      { do: "wait", ms: 100 },
      { do: "say", text: "Done **here**." },
    ]);
    const result = await playback.done;
    expect(result).toEqual({ status: "done", restored: true });
    expect(
      events.filter((e) => e.type === "action").map((e) => (e as { action: Action }).action.do),
    ).toEqual(["point", "click", "type", "select", "wait", "say"]);
    expect(events.some((e) => e.type === "pointer" && e.target === amount)).toBe(true);
    expect(events).toContainEqual({ type: "caption", text: "Done **here**." });
    expect(seen).toEqual(["", "2", "25", "250", "12"]);
    expect(amount.value).toBe("12");
    expect(currency.value).toBe("EUR");
  });

  it('keeps the values when the step sets "demoKeepValues"', async () => {
    const { amount } = form();
    const { playback } = play([{ do: "type", target: "#amount", text: "7" }], { keepValues: true });
    expect(await playback.done).toEqual({ status: "done", restored: false });
    expect(amount.value).toBe("7");
  });

  it("shows the press on a submit button without pressing it", async () => {
    const { send, submits } = form();
    let clicks = 0;
    send.addEventListener("click", () => clicks++);
    const { playback, events } = play([{ do: "click", target: "#send" }]);
    await playback.done;
    expect(events).toContainEqual({ type: "press", target: send, performed: false });
    expect(clicks).toBe(0);
    expect(submits).toEqual([]);
  });

  it('presses it when the step sets "demoMayCommit"', async () => {
    const { submits } = form();
    const { playback } = play([{ do: "click", target: "#send" }], { mayCommit: true });
    await playback.done;
    expect(submits).toEqual([1]);
  });

  it("stops with a reason when a target never shows up", async () => {
    form();
    const { playback, events } = play([{ do: "point", target: "#missing" }]);
    const result = await playback.done;
    expect(result).toMatchObject({
      status: "failed",
      reason: "target-missing",
      selector: "#missing",
      index: 0,
    });
    expect(events).toContainEqual({ type: "waiting", index: 0, selector: "#missing" });
  });

  it("stops with a reason when an option does not exist or the target is not a field", async () => {
    form();
    expect(
      await play([{ do: "select", target: "#currency", value: "JPY" }]).playback.done,
    ).toMatchObject({ status: "failed", reason: "option-missing" });
    expect(
      await play([{ do: "type", target: "#currency", text: "x" }]).playback.done,
    ).toMatchObject({ status: "failed", reason: "not-typable" });
  });

  it("stops when aborted, restoring what it typed so far", async () => {
    const { amount } = form();
    const { playback, abort } = play([{ do: "type", target: "#amount", text: "123456789" }], {
      speed: 1,
    });
    await vi.waitFor(() => expect(amount.value).not.toBe("12"), { timeout: 5000 }); // cleared, typing begun
    abort.abort();
    expect(await playback.done).toEqual({ status: "stopped", restored: true });
    expect(amount.value).toBe("12");
  });

  it("holds while paused and carries on when resumed", async () => {
    const { amount } = form();
    const { playback, events } = play([{ do: "type", target: "#amount", text: "99" }], {
      speed: 1,
    });
    playback.pause();
    expect(playback.paused).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    expect(amount.value).toBe("12");
    playback.setSpeed(50);
    playback.resume();
    expect(await playback.done).toMatchObject({ status: "done" });
    expect(events.filter((e) => e.type === "paused")).toEqual([
      { type: "paused", paused: true },
      { type: "paused", paused: false },
    ]);
  });

  it("with reduced motion, the pointer jumps and the text arrives in one step", async () => {
    const { amount } = form();
    const seen: string[] = [];
    amount.addEventListener("input", () => seen.push(amount.value));
    const { playback, events } = play([{ do: "type", target: "#amount", text: "250" }], {
      reducedMotion: true,
      keepValues: true,
    });
    await playback.done;
    expect(events.find((e) => e.type === "pointer")).toMatchObject({ glideMs: 0 });
    expect(seen).toEqual(["250"]);
  });
});
