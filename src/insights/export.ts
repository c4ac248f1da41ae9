import type { InsightsData } from "./aggregate";

/**
 * Insights as files a spreadsheet or a script can read. JSON is the aggregate itself (with its
 * own `schemaVersion`); CSV is one "long" table, one row per metric, so a single header serves
 * funnels, stalls and failures alike: `section,guide,step,signature,metric,value`.
 */

export const INSIGHTS_SCHEMA_VERSION = 1;

export function insightsToJson(data: InsightsData, generatedAt = Date.now()): string {
  return JSON.stringify(
    {
      schemaVersion: INSIGHTS_SCHEMA_VERSION,
      generatedAt: new Date(generatedAt).toISOString(),
      ...data,
    },
    null,
    2,
  );
}

/** Quotes a CSV cell (RFC 4180), and defuses text a spreadsheet would run as a formula. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number")
    return Number.isFinite(value) ? String(Math.round(value * 1000) / 1000) : "";
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function insightsToCsv(data: InsightsData): string {
  const rows: Array<Array<string | number | null>> = [
    ["section", "guide", "step", "signature", "metric", "value"],
  ];
  for (const g of data.guides) {
    rows.push(
      ["guide", g.guide, "", "", "sessions", g.sessions],
      ["guide", g.guide, "", "", "completed", g.completed],
      ["guide", g.guide, "", "", "dismissals", g.dismissals],
    );
    for (const s of g.steps) {
      const row = (metric: string, value: number | null) =>
        rows.push(["step", g.guide, s.step, "", metric, value]);
      row("sessions", s.sessions);
      row("median_ms", s.medianMs);
      row("dismissals", s.dismissals);
      row("stalls", s.stallTotal);
      for (const [reason, n] of Object.entries(s.stalls)) row(`stalls_${reason}`, n);
      row("nudged", s.nudged);
      row("nudge_resolved", s.nudgeResolved);
    }
  }
  for (const f of data.failures) {
    const row = (metric: string, value: number | null) =>
      rows.push(["failure", "", "", f.signature, metric, value]);
    row("failures", f.failures);
    row("sessions", f.sessions);
    row("help_shown", f.shown);
    row("help_followed", f.followed);
    row("help_resolved", f.resolved);
    row("reported", f.reported);
    row("deflection_rate", f.deflectionRate);
  }
  return rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
