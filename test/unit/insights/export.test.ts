import { describe, expect, it } from "vitest";
import { aggregateInsights } from "../../../src/insights/aggregate";
import { csvCell, insightsToCsv, insightsToJson } from "../../../src/insights/export";
import type { WaymarkEvent } from "../../../src/store/records";

const events: WaymarkEvent[] = [
  { id: "1", v: 1, session: "s", ts: 0, type: "step.show", guide: "g", step: "a" },
  { id: "2", v: 1, session: "s", ts: 2000, type: "step.done", guide: "g", step: "a" },
  { id: "3", v: 1, session: "s", ts: 2500, type: "stall", guide: "g", step: "a", reason: "dwell" },
  {
    id: "4",
    v: 1,
    session: "s",
    ts: 3000,
    type: "failure",
    kind: "event",
    signature: '=cmd|"x",y',
  },
];

describe("insights export", () => {
  it("JSON carries a schemaVersion and the aggregate", () => {
    const data = aggregateInsights(events);
    const json = JSON.parse(insightsToJson(data, Date.UTC(2025, 0, 2)));
    expect(json).toMatchObject({
      schemaVersion: 1,
      generatedAt: "2025-01-02T00:00:00.000Z",
      events: 4,
      guides: [{ guide: "g" }],
    });
  });

  it("CSV is one long table with a header, quoting and formula defusing", () => {
    const csv = insightsToCsv(aggregateInsights(events));
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("section,guide,step,signature,metric,value");
    expect(lines).toContain("step,g,a,,sessions,1");
    expect(lines).toContain("step,g,a,,median_ms,2000");
    expect(lines).toContain("step,g,a,,stalls_dwell,1");
    expect(lines).toContain(`failure,,,"'=cmd|""x"",y",failures,1`);
    expect(lines).toContain(`failure,,,"'=cmd|""x"",y",deflection_rate,`);
  });

  it("csvCell leaves plain values alone", () => {
    expect([csvCell("abc"), csvCell(3), csvCell(0.33333), csvCell(null), csvCell("a b")]).toEqual([
      "abc",
      "3",
      "0.333",
      "",
      "a b",
    ]);
  });
});
