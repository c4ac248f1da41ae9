import { observeErrors } from "../capture/errors";
import { observeInvalidFields } from "../capture/forms";
import { observeRageClicks } from "../capture/rage";
import { observeInteractions } from "../capture/interaction";
import { observeRequests, originalFetch, type ObservedRequest } from "../capture/requests";
import {
  createRequestTrace,
  mayPropagate,
  newTraceparent,
  type TraceEntry,
} from "../capture/trace";
import { createHelpEngine, type IncidentStatus } from "../help/engine";
import { isFailedRequest } from "../help/match";
import { guard } from "../diagnostics";
import type { Redactor } from "../privacy/redact";
import type { TourRunner } from "../tour/runner";
import type { WidgetContext } from "./context";

export type Help = ReturnType<typeof wireHelp>;

/**
 * Failures become in-context help (SPEC §3 Help), with a redacted request trace: observes
 * requests, errors, invalid fields, rage clicks and stalls, and hands them to the help engine.
 */
export function wireHelp(
  ctx: Omit<WidgetContext, "store" | "progress" | "conditionContext"> & {
    tour: TourRunner;
    redactor: Redactor;
    openReport(): void;
    /** The one rage-click listener also feeds the `rage` stall (src/stall). */
    rage(element: Element): void;
  },
) {
  const { win, doc, config, diagnostics, labels, state, emitter, cleanups, tour, redactor } = ctx;
  const requestTrace = createRequestTrace({ limit: 50 });
  let statusCache: { at: number; value: Promise<IncidentStatus | null> } | undefined;
  /** The status feed (Statuspage `status.json`): an incident, or null when all is well or unknown. */
  function incident(): Promise<IncidentStatus | null> {
    if (!config.status) return Promise.resolve(null);
    if (statusCache && Date.now() - statusCache.at < 15_000) return statusCache.value;
    const value = originalFetch(win)(new URL(config.status, config.baseUrl).href, {
      cache: "no-store",
      credentials: "omit",
    })
      .then((r) => (r.ok ? r.json() : null))
      .then((feed: { status?: { indicator?: unknown; description?: unknown } } | null) => {
        const indicator =
          typeof feed?.status?.indicator === "string" ? feed.status.indicator : "none";
        const description =
          typeof feed?.status?.description === "string"
            ? feed.status.description.slice(0, 200)
            : "";
        return indicator === "none" ? null : { indicator, description: description || indicator };
      })
      .catch(() => null);
    statusCache = { at: Date.now(), value };
    return value;
  }
  const interactions = observeInteractions(doc);
  cleanups.push(() => interactions.stop());
  function startGuideFromHelp(id: string, options: { step?: string; demo?: boolean }) {
    void ctx.ready().then(() =>
      guard(
        diagnostics,
        "help action",
        () => {
          void tour.start(id, options.step ? { step: options.step } : {});
          if (!options.demo) return;
          // "Show me": play the step's demo as soon as the step is on screen.
          const giveUp = setTimeout(() => stop(), 10_000);
          const stop = state.subscribe((s) => {
            if (s.step?.guideId !== id) return;
            stop();
            clearTimeout(giveUp);
            if (s.step.hasDemo) guard(diagnostics, "help action", () => tour.showMe(), undefined);
          });
        },
        undefined,
      ),
    );
  }
  const help = createHelpEngine({
    win,
    guides: ctx.guides,
    locale: () => config.locale,
    state,
    labels: { incident: labels.incident, helpShownAnnouncement: labels.helpShown },
    record: ctx.record,
    emit: emitter.emit,
    redactText: (s) => redactor.text(s),
    incident,
    involved: () => interactions.involved(),
    startGuide: startGuideFromHelp,
    openReport: ctx.openReport,
    misuse: diagnostics.misuse,
  });
  // A failure before the guides have arrived (a request at page load, a quick click) is
  // matched once they have: its help rules did not exist yet.
  let guidesLoaded = false;
  const handleFailure = (failure: Parameters<typeof help.handle>[0]) => {
    if (ctx.destroyed()) return;
    if (!guidesLoaded) {
      void ctx.ready().then(() => ((guidesLoaded = true), handleFailure(failure)));
      return;
    }
    help.handle(failure).catch((error: unknown) => diagnostics.internal("help", error));
  };
  function traceEntry(request: ObservedRequest): TraceEntry {
    let requestId: string | undefined;
    for (const name of config.trace.requestIdHeaders) {
      const value = request.header(name);
      if (value) {
        requestId = redactor.text(value.slice(0, 200));
        break;
      }
    }
    return requestTrace.add({
      method: request.method,
      url: redactor.url(request.url),
      status: request.status,
      network: request.network,
      duration: Math.round(request.duration),
      ts: request.startedAt,
      ...(requestId ? { requestId } : {}),
      ...(request.traceparent ? { traceparent: request.traceparent } : {}),
      ...(request.aborted ? { aborted: true } : {}),
    });
  }
  // Registered before the tour's observer, so a step's onFail finds the request in the trace.
  cleanups.push(
    observeRequests(
      (request) => {
        if (ctx.destroyed()) return;
        guard(
          diagnostics,
          "request trace",
          () => {
            const entry = traceEntry(request);
            if (isFailedRequest(request)) handleFailure({ kind: "request", request, entry });
            else help.succeeded(request);
          },
          undefined,
        );
      },
      win,
      {
        // Decided synchronously before the request goes out; never for third-party origins.
        headersFor: (_method, url) =>
          !ctx.destroyed() && mayPropagate(url, win.location.origin, config.trace.propagate)
            ? { traceparent: newTraceparent() }
            : undefined,
        wantsBody: (request) => !ctx.destroyed() && help.wantsBody(request),
      },
    ),
  );
  const errorCapture = observeErrors({
    win,
    redactor,
    onError: (error) => handleFailure({ kind: "error", error }),
  });
  cleanups.push(() => errorCapture.stop());
  cleanups.push(
    observeInvalidFields(doc, (element) => handleFailure({ kind: "invalid", element })),
  );
  // The one rage-click listener: help's `rage` matchers, and the `rage` stall (src/stall).
  cleanups.push(
    observeRageClicks(doc, (element) => {
      handleFailure({ kind: "rage", element });
      guard(diagnostics, "rage", () => ctx.rage(element), undefined);
    }),
  );
  const onStall = (payload: Record<string, unknown>) =>
    handleFailure({
      kind: "stall",
      ...(typeof payload.guide === "string" ? { guide: payload.guide } : {}),
      ...(typeof payload.step === "string" ? { step: payload.step } : {}),
    });
  emitter.on("stall", onStall);
  cleanups.push(() => emitter.off("stall", onStall));
  cleanups.push(() => help.hide());

  return { engine: help, handleFailure, requestTrace, errorCapture };
}
