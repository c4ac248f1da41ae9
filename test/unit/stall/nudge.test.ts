import { describe, expect, it } from "vitest";
import { createNudgeTracker, type Nudge } from "../../../src/stall/nudge";
import { createBurstCounter } from "../../../src/stall/burst";

describe("createNudgeTracker", () => {
  function setup() {
    let t = 0;
    const resolved: Array<[Nudge, number]> = [];
    const tracker = createNudgeTracker({
      windowMs: 120_000,
      now: () => t,
      onResolved: (n, after) => resolved.push([n, after]),
    });
    return { tracker, resolved, tick: (ms: number) => (t += ms) };
  }

  it("resolves a nudge when its step completes within the window, once", () => {
    const { tracker, resolved, tick } = setup();
    tracker.nudged({ guide: "g", step: "a", reason: "dwell", kind: "demo" });
    tick(5000);
    tracker.stepDone("g", "b");
    expect(resolved).toEqual([]);
    tracker.stepDone("g", "a");
    tracker.stepDone("g", "a");
    expect(resolved).toEqual([
      [{ guide: "g", step: "a", reason: "dwell", kind: "demo", at: 0 }, 5000],
    ]);
  });

  it("does not resolve after the window or after the tour ended", () => {
    const { tracker, resolved, tick } = setup();
    tracker.nudged({ guide: "g", step: "a", reason: "idle", kind: "help", help: "h" });
    tick(120_001);
    tracker.stepDone("g", "a");
    tracker.nudged({ guide: "g", step: "b", reason: "dwell", kind: "demo" });
    tracker.ended("g");
    tracker.stepDone("g", "b");
    expect(resolved).toEqual([]);
  });
});

describe("createBurstCounter", () => {
  it("fires when one key reaches the count within the window, then starts over", () => {
    const burst = createBurstCounter<string>(3, 1000);
    expect([
      burst.add("x", 0),
      burst.add("y", 100),
      burst.add("x", 200),
      burst.add("x", 900),
    ]).toEqual([false, false, false, true]);
    expect(burst.add("x", 950)).toBe(false);
    // Occurrences older than the window do not count.
    expect([burst.add("z", 0), burst.add("z", 600), burst.add("z", 1200)]).toEqual([
      false,
      false,
      false,
    ]);
  });
});
