import { originalFetch } from "../capture/requests";
import type { HelpEngine } from "../help/engine";
import { DOCS, guard } from "../diagnostics";
import type { Listener } from "../emitter";
import type { Redactor } from "../privacy/redact";
import {
  buildReport,
  reportJson,
  withNote,
  type CapturedError,
  type CapturedRequest,
  type ProblemReport,
} from "../report/build";
import {
  createReportDelivery,
  destinationOf,
  type DeliveryOutcome,
  type Destination,
} from "../report/deliver";
import type { WaymarkEvent } from "../store/records";
import { currentLocation } from "../tour/navigation";
import { label } from "../ui/labels";
import type { TourRunner } from "../tour/runner";
import { interceptSupportClicks } from "../support/intercept";
import { findHelp, guidesForPage, helpView } from "../support/suggest";
import type { WidgetContext } from "./context";

export type Support = ReturnType<typeof wireSupport>;

/**
 * "Before you contact us" and the problem report (SPEC §2, §4, §6). Nothing here leaves the
 * device before the user presses Send in the report preview.
 */
export function wireSupport(
  ctx: Omit<WidgetContext, "doc" | "progress" | "conditionContext"> & {
    tour: TourRunner;
    redactor: Redactor;
    /** Created after this; read only when a report opens. */
    help(): HelpEngine;
    capturedRequests(): CapturedRequest[];
    capturedErrors(): CapturedError[];
  },
) {
  const { win, config, diagnostics, labels, state, record, tour, redactor } = ctx;
  const reportListeners = new Set<Listener>();
  let supportElement: Element | null = null;
  let currentReport: ProblemReport | null = null;
  let sending: AbortController | null = null;
  let reportOpening = false;
  const delivery = createReportDelivery({
    win,
    fetch: originalFetch(win),
    emit: (report, via) => ctx.emitter.emit("report", { report, via }),
    onLater: (outcome) =>
      state.setState({
        announcement:
          outcome.status === "sent"
            ? labels.reportSent
            : label(labels.reportFailed, {
                reason: outcome.status === "failed" ? outcome.reason : "",
              }),
      }),
  });
  ctx.cleanups.push(() => delivery.destroy());
  const supportClicks = interceptSupportClicks(win, (element) =>
    guard(diagnostics, "support link", () => openSupport(element), undefined),
  );
  ctx.cleanups.push(() => supportClicks.stop());

  /** With consent "denied" the host decided nothing leaves the device: reports go to the page only. */
  function reportDestination(): Destination {
    return config.consent === "denied"
      ? { kind: "event" }
      : destinationOf(config.report, win.location.href);
  }

  function describeDestination(destination: Destination): string {
    if (destination.kind === "email") return destination.address;
    if (destination.kind === "event") return labels.reportThisSite;
    try {
      const url = new URL(destination.url);
      return url.origin === win.location.origin ? labels.reportThisSite : url.host;
    } catch {
      return labels.reportThisSite;
    }
  }

  function openSupport(element: Element | null) {
    if (ctx.destroyed()) return;
    supportElement = element;
    const { path, hash } = currentLocation(win);
    const loaded = ctx.guides().map((g) => g.guide);
    // The help matching this user's recent failures and stalls on this page, newest first.
    const matched = ctx
      .help()
      .recentMatches(path)
      .slice(0, 3)
      .map((m) => findHelp(loaded, m.id))
      .filter((h) => h !== undefined)
      .map((h) => helpView(h, config.locale));
    state.setState({
      support: {
        help: matched,
        guides: guidesForPage(loaded, path + hash, config.locale),
        canContinue: element !== null,
      },
    });
    record({ type: "support.open", via: element ? "element" : "api" });
  }

  function closeSupport() {
    cancelReport();
    supportElement = null;
    state.setState({ support: null });
  }

  function startFromSupport(id: string, step?: string) {
    closeSupport();
    void ctx
      .ready()
      .then(() =>
        guard(diagnostics, "start", () => void tour.start(id, step ? { step } : {}), undefined),
      );
  }

  /** The user chose to contact support after all: the host's own link or button runs now. */
  function continueSupport() {
    const element = supportElement;
    closeSupport();
    if (element) supportClicks.continueWith(element);
  }

  async function openReport(note = "") {
    if (ctx.destroyed() || reportOpening) return;
    reportOpening = true;
    try {
      const destination = reportDestination();
      if (
        destination.kind === "event" &&
        reportListeners.size === 0 &&
        config.consent !== "denied"
      ) {
        diagnostics.misuse(
          "report-no-destination",
          `The user opened "Report a problem", but reports have nowhere to go: set report.endpoint (data-report-endpoint="/support/reports") or report.email, or listen with Waymark.on("report", fn). Until then Send does nothing visible. See ${DOCS}/reports.md.`,
        );
      }
      const events = await ctx.store.events().catch(() => [] as WaymarkEvent[]);
      if (ctx.destroyed()) return;
      const active = tour.active();
      currentReport = buildReport(
        {
          url: win.location.href,
          userAgent: win.navigator.userAgent,
          locale: config.locale,
          widgetVersion: __WAYMARK_VERSION__,
          now: Date.now(),
          guide: active ? { id: active.guide, step: active.step } : null,
          events,
          requests: ctx.capturedRequests(),
          errors: ctx.capturedErrors(),
          redactor,
        },
        note,
      );
      state.setState({
        report: {
          json: reportJson(currentReport),
          note: typeof note === "string" ? note : "",
          destination: describeDestination(destination),
          phase: "editing",
        },
      });
      record({ type: "report.preview" });
    } finally {
      reportOpening = false;
    }
  }

  function setReportNote(note: string) {
    const view = state.getState().report;
    if (!currentReport || !view || view.phase === "sending") return;
    currentReport = withNote(currentReport, note, redactor);
    state.setState({
      report: { ...view, note, json: reportJson(currentReport), phase: "editing" },
    });
  }

  function cancelReport() {
    sending?.abort();
    sending = null;
    currentReport = null;
    if (state.getState().report) state.setState({ report: null });
  }

  async function sendReport() {
    const view = state.getState().report;
    if (!currentReport || !view || view.phase === "sending") return;
    const report = currentReport;
    // Exactly the text the user saw is what is sent.
    const json = view.json;
    const destination = reportDestination();
    const controller = new AbortController();
    sending = controller;
    state.setState({ report: { ...view, phase: "sending" } });
    record({ type: "report.send", via: destination.kind });
    const outcome: DeliveryOutcome = await delivery.deliver(
      report,
      json,
      destination,
      controller.signal,
    );
    if (controller.signal.aborted || sending !== controller || ctx.destroyed()) return;
    sending = null;
    if (outcome.status === "failed") {
      diagnostics.problem(
        "report-failed",
        `A problem report could not be delivered to ${destination.kind === "endpoint" ? destination.url : destination.kind}: ${outcome.reason}. Check that the endpoint accepts POST with a JSON body${destination.kind === "endpoint" && new URL(destination.url).origin !== win.location.origin ? " and allows this origin (CORS)" : ""}. See ${DOCS}/reports.md.`,
      );
      const current = state.getState().report;
      if (current)
        state.setState({
          report: {
            ...current,
            phase: "failed",
            message: label(labels.reportFailed, {
              reason: outcome.httpStatus ? `HTTP ${outcome.httpStatus}` : "no connection",
            }),
          },
        });
      return;
    }
    if (outcome.status === "cancelled") return;
    const element = supportElement;
    currentReport = null;
    supportElement = null;
    state.setState({
      report: null,
      support: null,
      announcement: outcome.status === "queued" ? labels.reportQueued : labels.reportSent,
    });
    // The original support action continues; an email report already opened the mail client.
    if (element && !(outcome.status === "sent" && outcome.via === "email"))
      supportClicks.continueWith(element);
  }

  return {
    /** `Waymark.on("report")` listeners: without any, a report with nowhere to go is a misuse. */
    reportListeners,
    open: openSupport,
    close: closeSupport,
    startGuide: startFromSupport,
    continue: continueSupport,
    openReport,
    setNote: setReportNote,
    cancelReport,
    send: sendReport,
  };
}
