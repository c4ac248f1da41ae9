import { describe, expect, it } from "vitest";
import { aggregateInsights, median } from "../../../src/insights/aggregate";
import type { WaymarkEvent } from "../../../src/store/records";

let n = 0;
const ev = (
  session: string,
  ts: number,
  type: WaymarkEvent["type"],
  extra: Partial<WaymarkEvent> = {},
): WaymarkEvent => ({ id: String(n++), v: 1, session, ts, type, ...extra });

/** A session that walks `steps` of guide "g", `gap` ms per step, then finishes or closes. */
function tour(
  session: string,
  steps: string[],
  end: "done" | "dismiss" | "none",
  gap = 1000,
  t0 = 0,
): WaymarkEvent[] {
  const out = [ev(session, t0, "guide.start", { guide: "g" })];
  steps.forEach((step, i) => {
    out.push(ev(session, t0 + i * gap, "step.show", { guide: "g", step }));
    if (i < steps.length - 1 || end === "done")
      out.push(ev(session, t0 + (i + 1) * gap, "step.done", { guide: "g", step }));
  });
  const last = steps[steps.length - 1]!;
  if (end === "done")
    out.push(ev(session, t0 + steps.length * gap, "guide.done", { guide: "g", step: last }));
  if (end === "dismiss")
    out.push(ev(session, t0 + steps.length * gap, "guide.dismiss", { guide: "g", step: last }));
  return out;
}

describe("aggregateInsights", () => {
  it("builds the funnel from sessions reaching each step, in the guide's step order", () => {
    const events = [
      ...tour("s1", ["a", "b", "c"], "done"),
      ...tour("s2", ["a", "b"], "dismiss"),
      ...tour("s3", ["a"], "dismiss"),
    ];
    const data = aggregateInsights(events, { stepOrder: { g: ["a", "b", "c"] } });
    expect(data.sessions).toBe(3);
    const g = data.guides[0]!;
    expect(g).toMatchObject({ guide: "g", sessions: 3, completed: 1, dismissals: 2 });
    expect(g.steps.map((s) => [s.step, s.sessions, s.dismissals])).toEqual([
      ["a", 3, 1],
      ["b", 2, 1],
      ["c", 1, 0],
    ]);
  });

  it("counts a session once per step even when it saw the step twice (Back)", () => {
    const events = [
      ev("s", 0, "step.show", { guide: "g", step: "a" }),
      ev("s", 1000, "step.done", { guide: "g", step: "a" }),
      ev("s", 1000, "step.show", { guide: "g", step: "b" }),
      ev("s", 3000, "step.back", { guide: "g", step: "b" }),
      ev("s", 3000, "step.show", { guide: "g", step: "a" }),
      ev("s", 3500, "step.done", { guide: "g", step: "a" }),
    ];
    const g = aggregateInsights(events).guides[0]!;
    expect(g.sessions).toBe(1);
    expect(g.steps.find((s) => s.step === "a")).toMatchObject({ sessions: 1, medianMs: 750 });
    expect(g.steps.find((s) => s.step === "b")).toMatchObject({ sessions: 1, medianMs: 2000 });
  });

  it("takes the median time per step over sessions, ignoring unfinished visits", () => {
    const events = [
      ...tour("s1", ["a", "b"], "done", 1000),
      ...tour("s2", ["a", "b"], "done", 3000, 10_000),
      ...tour("s3", ["a", "b"], "done", 8000, 50_000),
      ...tour("s4", ["a"], "none", 1, 90_000),
    ];
    const [a, b] = aggregateInsights(events).guides[0]!.steps;
    expect(a!.medianMs).toBe(3000);
    expect(b!.medianMs).toBe(3000);
  });

  it("counts stalls per step by reason, nudges and the nudges that helped", () => {
    const events = [
      ...tour("s1", ["a", "b"], "done"),
      ev("s1", 500, "stall", { guide: "g", step: "b", reason: "dwell", nudge: "demo" }),
      ev("s1", 600, "stall", { guide: "g", step: "b", reason: "rage" }),
      ev("s1", 700, "help.show", { kind: "stall", help: "stuck", signature: "stall:g/a" }),
      ev("s1", 1900, "help.resolved", { guide: "g", step: "b", reason: "dwell", nudge: "demo" }),
      ev("s2", 0, "stall", { guide: "g", step: "b", reason: "dwell" }),
      ev("s2", 0, "stall", { reason: "rage" }), // not on a step: not in a guide's chart
    ];
    const steps = aggregateInsights(events).guides[0]!.steps;
    expect(steps.find((s) => s.step === "b")).toMatchObject({
      stalls: { dwell: 2, rage: 1 },
      stallTotal: 3,
      nudged: 1,
      nudgeResolved: 1,
    });
    expect(steps.find((s) => s.step === "a")).toMatchObject({ stallTotal: 0, nudged: 1 });
  });

  it("tables failure signatures with help shown, followed, resolved, reported and the deflection rate", () => {
    const pay = "request:POST /api/pay 402";
    const events = [
      // s1: help shown and resolved, no report → deflected
      ev("s1", 1, "failure", { kind: "request", signature: pay }),
      ev("s1", 2, "help.show", { help: "declined", signature: pay }),
      ev("s1", 3, "help.action", { help: "declined", action: "guide", signature: pay }),
      ev("s1", 4, "help.resolved", { help: "declined", signature: pay }),
      // s2: help shown, then a report (attributed to the last failure: no signature on it)
      ev("s2", 1, "failure", { kind: "request", signature: pay }),
      ev("s2", 2, "failure", { kind: "request", signature: pay }),
      ev("s2", 3, "help.show", { help: "declined", signature: pay }),
      ev("s2", 4, "report.send", {}),
      // s3: another failure without help
      ev("s3", 1, "failure", { kind: "error", signature: "error:boom" }),
      // help for a stall is not failure help
      ev("s3", 2, "help.show", { kind: "stall", help: "stuck", signature: "stall:g/a" }),
    ];
    const data = aggregateInsights(events);
    expect(data.failures).toEqual([
      {
        signature: pay,
        kind: "request",
        failures: 3,
        sessions: 2,
        shown: 2,
        followed: 1,
        resolved: 1,
        reported: 1,
        deflectionRate: 0.5,
      },
      {
        signature: "error:boom",
        kind: "error",
        failures: 1,
        sessions: 1,
        shown: 0,
        followed: 0,
        resolved: 0,
        reported: 0,
        deflectionRate: null,
      },
    ]);
    expect(data.deflection).toEqual({ shown: 2, deflected: 1, rate: 0.5 });
  });

  it("accepts events out of order and an empty list", () => {
    const events = tour("s", ["a", "b"], "done").reverse();
    expect(aggregateInsights(events).guides[0]!.steps.map((s) => s.medianMs)).toEqual([1000, 1000]);
    expect(aggregateInsights([])).toEqual({
      events: 0,
      sessions: 0,
      from: null,
      to: null,
      guides: [],
      failures: [],
      deflection: { shown: 0, deflected: 0, rate: null },
    });
  });
});

describe("median", () => {
  it("is the middle value, or the mean of the two middle ones", () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
