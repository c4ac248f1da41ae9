import { useLayoutEffect, useRef, useState } from "preact/hooks";
import { STALL_REASONS, type GuideInsights, type InsightsData } from "../insights/aggregate";
import { insightsToCsv, insightsToJson } from "../insights/export";
import { trapTab, useDialogFocus } from "./focus";
import { BarChart } from "./InsightsCharts";
import { label, type Labels } from "./labels";

export interface InsightsProps {
  data: InsightsData;
  labels: Labels;
  /** Guide titles by id, for headings (the id is shown when a guide is no longer loaded). */
  titles: Record<string, string>;
  onClose(): void;
  /** Deletes every record Waymark keeps ("Delete my data"); the panel then shows the empty data. */
  onDelete(): Promise<void>;
}

function seconds(ms: number): string {
  return ms < 10_000
    ? `${(ms / 1000).toFixed(1)} s`
    : ms < 120_000
      ? `${Math.round(ms / 1000)} s`
      : `${Math.round(ms / 60_000)} min`;
}
const percent = (rate: number | null) => (rate === null ? "–" : `${Math.round(rate * 100)} %`);

/** Saves `text` as a file: a temporary link with `download`, inside our own shadow root. */
function download(parent: HTMLElement, filename: string, type: string, text: string) {
  const doc = parent.ownerDocument;
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = doc.createElement("a");
  a.href = url;
  a.download = filename;
  a.hidden = true;
  parent.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The local insights panel (`Waymark.insights()`): a modal dialog named "Insights" with, per
 * guide, the funnel, stalls per step by reason and median time per step, then the top failure
 * signatures and the deflection rate; exports as JSON and CSV, and "Delete my data".
 */
export function Insights({ data, labels, titles, onClose, onDelete }: InsightsProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [confirming, setConfirming] = useState(false);
  const [status, setStatus] = useState("");
  const deleteButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  // Focus follows the confirmation: to its safe choice when it opens, back to "Delete my data"
  // when it closes (its buttons are gone, and focus must not fall out of the dialog).
  const opened = useRef(false);
  useLayoutEffect(() => {
    if (confirming) cancelButton.current?.focus();
    else if (opened.current) deleteButton.current?.focus();
    opened.current = confirming;
  }, [confirming]);
  useDialogFocus(ref, { modal: true });

  const onKeyDown = (event: KeyboardEvent) => {
    // Handled here and stopped, so a tour's own Esc/arrow keys do not act behind the panel.
    event.stopPropagation();
    if (event.key === "Escape") {
      event.preventDefault();
      if (confirming) setConfirming(false);
      else onClose();
      return;
    }
    if (ref.current) trapTab(event, ref.current);
  };

  const stamp = new Date().toISOString().slice(0, 10);
  const empty = data.events === 0;
  return (
    <div class="wm-backdrop">
      <div
        ref={ref}
        class="wm-insights"
        role="dialog"
        aria-modal="true"
        aria-labelledby="wm-insights-title"
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <button type="button" class="wm-close" aria-label={labels.close} onClick={onClose}>
          ×
        </button>
        <h2 class="wm-title" id="wm-insights-title">
          {labels.insightsTitle}
        </h2>
        <p class="wm-muted">
          {empty
            ? labels.insightsEmpty
            : label(labels.insightsSummary, { events: data.events, sessions: data.sessions })}
        </p>
        <div class="wm-footer wm-insights-actions">
          <button
            type="button"
            class="wm-btn"
            onClick={() =>
              download(
                ref.current!,
                `waymark-insights-${stamp}.json`,
                "application/json",
                insightsToJson(data),
              )
            }
          >
            {labels.exportJson}
          </button>
          <button
            type="button"
            class="wm-btn"
            onClick={() =>
              download(
                ref.current!,
                `waymark-insights-${stamp}.csv`,
                "text/csv",
                insightsToCsv(data),
              )
            }
          >
            {labels.exportCsv}
          </button>
          <button
            ref={deleteButton}
            type="button"
            class="wm-btn wm-danger"
            onClick={() => setConfirming(true)}
            aria-expanded={confirming}
          >
            {labels.deleteData}
          </button>
        </div>
        {confirming ? (
          <div class="wm-confirm" role="group" aria-labelledby="wm-confirm-text">
            <p id="wm-confirm-text">{labels.deleteConfirm}</p>
            <button
              type="button"
              class="wm-btn wm-danger"
              onClick={() =>
                void onDelete().then(() => {
                  setConfirming(false);
                  setStatus(labels.dataDeleted);
                })
              }
            >
              {labels.deleteConfirmYes}
            </button>
            <button
              ref={cancelButton}
              type="button"
              class="wm-btn"
              onClick={() => setConfirming(false)}
            >
              {labels.cancel}
            </button>
          </div>
        ) : null}
        <p class="wm-muted" role="status">
          {status}
        </p>
        {data.guides.map((g, i) => (
          <GuideSection
            key={g.guide}
            index={i}
            guide={g}
            title={titles[g.guide] ?? g.guide}
            labels={labels}
          />
        ))}
        {data.failures.length ? (
          <section class="wm-section" aria-labelledby="wm-failures-h">
            <h3 id="wm-failures-h">{labels.failuresHeading}</h3>
            <p class="wm-muted">
              {label(labels.deflectionSummary, {
                rate: percent(data.deflection.rate),
                deflected: data.deflection.deflected,
                shown: data.deflection.shown,
              })}
            </p>
            <BarChart
              id="wm-chart-failures"
              title={labels.failuresChart}
              summary={label(labels.failuresChartSummary, {
                count: data.failures.length,
                top: data.failures[0]!.signature,
              })}
              series={[
                { key: "shown", label: labels.insightsShown },
                { key: "followed", label: labels.helpFollowed },
                { key: "resolved", label: labels.helpResolved },
                { key: "reported", label: labels.reported },
              ]}
              rows={data.failures.map((f) => ({
                label: f.signature,
                values: [f.shown, f.followed, f.resolved, f.reported],
              }))}
              tableLabel={labels.showTable}
              rowHeader={labels.signature}
              extra={{
                header: labels.deflectionRate,
                cells: data.failures.map((f) => `${percent(f.deflectionRate)} (${f.failures}×)`),
              }}
            />
          </section>
        ) : null}
      </div>
    </div>
  );
}

function GuideSection({
  guide,
  title,
  labels,
  index,
}: {
  guide: GuideInsights;
  title: string;
  labels: Labels;
  index: number;
}) {
  const id = `wm-g${index}`;
  // Known reasons in their usual order, then any others found in the data.
  const present = new Set(guide.steps.flatMap((s) => Object.keys(s.stalls)));
  const reasons: string[] = [
    ...STALL_REASONS.filter((r) => present.has(r)),
    ...[...present].filter((r) => !(STALL_REASONS as readonly string[]).includes(r)),
  ];
  const worst = [...guide.steps].sort((a, b) => b.stallTotal - a.stallTotal)[0];
  const timed = guide.steps.filter((s) => s.medianMs !== null);
  const slowest = [...timed].sort((a, b) => b.medianMs! - a.medianMs!)[0];
  const last = guide.steps[guide.steps.length - 1];
  return (
    <section class="wm-section" aria-labelledby={`${id}-h`} data-guide={guide.guide}>
      <h3 id={`${id}-h`}>{title}</h3>
      <p class="wm-muted">
        {label(labels.guideSummary, {
          sessions: guide.sessions,
          completed: guide.completed,
          dismissals: guide.dismissals,
        })}
      </p>
      <BarChart
        id={`${id}-funnel`}
        title={labels.funnelChart}
        summary={label(labels.funnelSummary, {
          first: guide.steps[0]?.sessions ?? 0,
          last: last?.sessions ?? 0,
          step: last?.step ?? "",
        })}
        series={[{ key: "sessions", label: labels.sessions }]}
        rows={guide.steps.map((s) => ({ label: s.step, values: [s.sessions] }))}
        tableLabel={labels.showTable}
        rowHeader={labels.step}
        extra={{ header: labels.dismissals, cells: guide.steps.map((s) => String(s.dismissals)) }}
      />
      {reasons.length ? (
        <BarChart
          id={`${id}-stalls`}
          title={labels.stallsChart}
          summary={label(labels.stallsSummary, {
            step: worst?.step ?? "",
            count: worst?.stallTotal ?? 0,
          })}
          series={reasons.map((r) => ({ key: r, label: r }))}
          rows={guide.steps.map((s) => ({
            label: s.step,
            values: reasons.map((r) => s.stalls[r] ?? 0),
          }))}
          tableLabel={labels.showTable}
          rowHeader={labels.step}
          extra={{
            header: labels.nudgesHelped,
            cells: guide.steps.map((s) => `${s.nudgeResolved}/${s.nudged}`),
          }}
        />
      ) : (
        <p class="wm-muted">{labels.noStalls}</p>
      )}
      {timed.length ? (
        <BarChart
          id={`${id}-time`}
          title={labels.timeChart}
          summary={label(labels.timeSummary, {
            step: slowest?.step ?? "",
            time: seconds(slowest?.medianMs ?? 0),
          })}
          series={[{ key: "median", label: labels.medianTime }]}
          rows={timed.map((s) => ({ label: s.step, values: [s.medianMs!] }))}
          format={seconds}
          tableLabel={labels.showTable}
          rowHeader={labels.step}
        />
      ) : null}
    </section>
  );
}
