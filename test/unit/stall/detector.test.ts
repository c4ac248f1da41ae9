import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createStallDetector, type Stall, type StallStepInfo } from "../../../src/stall/detector";

function setup(steps: Record<string, StallStepInfo> = {}) {
  const stalls: Stall[] = [];
  const detector = createStallDetector({
    win: window,
    step: (_guide, step) => steps[step],
    onStall: (s) => stalls.push(s),
  });
  return { detector, stalls, reasons: () => stalls.map((s) => `${s.reason} ${s.step ?? "-"}`) };
}

describe("createStallDetector", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("reports a dwell stall after the step's stallAfter, once per visit", () => {
    const { detector, stalls } = setup({ a: { stallAfter: 1, waitsForAction: false } });
    detector.stepShown("g", "a");
    vi.advanceTimersByTime(999);
    expect(stalls).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(stalls).toEqual([{ reason: "dwell", guide: "g", step: "a", seconds: 1 }]);
    vi.advanceTimersByTime(10_000);
    expect(stalls).toHaveLength(1);
    detector.destroy();
  });

  it("uses 30 s when neither step nor guide sets stallAfter", () => {
    const { detector, reasons } = setup({ a: { waitsForAction: false } });
    detector.stepShown("g", "a");
    vi.advanceTimersByTime(29_999);
    expect(reasons()).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(reasons()).toEqual(["dwell a"]);
    detector.destroy();
  });

  it("showing the same step again keeps its dwell timer; moving on cancels it", () => {
    const { detector, reasons } = setup({
      a: { stallAfter: 2, waitsForAction: false },
      b: { stallAfter: 2, waitsForAction: false },
    });
    detector.stepShown("g", "a");
    vi.advanceTimersByTime(1500);
    detector.stepShown("g", "a"); // target re-attached: still the same visit
    vi.advanceTimersByTime(500);
    expect(reasons()).toEqual(["dwell a"]);
    detector.stepShown("g", "b");
    detector.stepDone("g", "b");
    vi.advanceTimersByTime(5000);
    expect(reasons()).toEqual(["dwell a"]);
    detector.destroy();
  });

  it("reports idle only for steps that wait for the user's action, and input resets it", () => {
    const { detector, reasons } = setup({
      next: { stallAfter: 999, waitsForAction: false },
      click: { stallAfter: 999, waitsForAction: true },
    });
    detector.stepShown("g", "next");
    vi.advanceTimersByTime(20_000);
    expect(reasons()).toEqual([]);
    detector.stepDone("g", "next");
    detector.stepShown("g", "click");
    vi.advanceTimersByTime(14_000);
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "a" }));
    vi.advanceTimersByTime(14_000);
    expect(reasons()).toEqual([]);
    vi.advanceTimersByTime(1_000);
    expect(reasons()).toEqual(["idle click"]);
    detector.destroy();
  });

  it("reports oscillation after three Back/Next direction changes between two steps", () => {
    const { detector, stalls } = setup();
    detector.stepShown("g", "a");
    detector.stepDone("g", "a");
    detector.stepShown("g", "b");
    detector.stepBack("g", "b");
    detector.stepShown("g", "a");
    detector.stepDone("g", "a");
    detector.stepShown("g", "b");
    expect(stalls).toEqual([]);
    detector.stepBack("g", "b");
    expect(stalls).toEqual([
      { reason: "oscillation", guide: "g", step: "b", steps: ["a", "b"], count: 3 },
    ]);
    detector.destroy();
  });

  it("does not count moves older than 30 s, nor a tour walked forward", () => {
    const { detector, stalls } = setup();
    detector.stepDone("g", "a");
    detector.stepBack("g", "b");
    vi.advanceTimersByTime(31_000);
    detector.stepDone("g", "a");
    detector.stepBack("g", "b");
    expect(stalls).toEqual([]);
    for (const s of ["a", "b", "c", "d", "e"]) detector.stepDone("g", s);
    expect(stalls).toEqual([]);
    detector.destroy();
  });

  it("reports repeat-failure for the same signature three times within 5 minutes", () => {
    const { detector, stalls } = setup({ a: { waitsForAction: false } });
    detector.stepShown("g", "a");
    detector.failure("request:POST /api/pay 402");
    detector.failure("request:POST /api/other 500");
    vi.advanceTimersByTime(60_000);
    detector.failure("request:POST /api/pay 402");
    expect(stalls.filter((s) => s.reason === "repeat-failure")).toEqual([]);
    detector.failure("request:POST /api/pay 402");
    expect(stalls.filter((s) => s.reason === "repeat-failure")).toEqual([
      {
        reason: "repeat-failure",
        guide: "g",
        step: "a",
        count: 3,
        signature: "request:POST /api/pay 402",
      },
    ]);
    detector.destroy();
  });

  it("reports rage with the element, and the step when one is showing", () => {
    const { detector, stalls } = setup();
    const button = document.createElement("button");
    detector.rage(button);
    expect(stalls).toEqual([{ reason: "rage", element: button }]);
    detector.stepShown("g", "a");
    detector.rage(button);
    expect(stalls[1]).toEqual({ reason: "rage", guide: "g", step: "a", element: button });
    detector.destroy();
  });

  it("stops everything on destroy", () => {
    const { detector, stalls } = setup({ a: { stallAfter: 1, waitsForAction: true } });
    detector.stepShown("g", "a");
    detector.destroy();
    vi.advanceTimersByTime(60_000);
    expect(stalls).toEqual([]);
  });
});
