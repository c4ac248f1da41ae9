import type { WaymarkEvent } from "../store/records";

/**
 * Local insights (SPEC §5): pure aggregates over stored events, no DOM. One pass groups events
 * by session (events carry a `session` id), then each session is walked in time order.
 * Definitions are in docs/insights.md.
 */

export const STALL_REASONS = ["dwell", "idle", "oscillation", "rage", "repeat-failure"] as const;
export type StallCounts = Record<string, number>;

export interface StepInsights {
  step: string;
  /** Sessions in which the step was shown at least once (the funnel). */
  sessions: number;
  /** Stalls on the step by reason. */
  stalls: StallCounts;
  stallTotal: number;
  /** Stalls on which Waymark acted ("Show me" offered or help shown) and, of those, how many the step then completed. */
  nudged: number;
  nudgeResolved: number;
  /** Median ms from the step being shown until the user left it (Next, Back, close, goal); null without data. */
  medianMs: number | null;
  /** Tours closed at this step. */
  dismissals: number;
}

export interface GuideInsights {
  guide: string;
  /** Sessions that started the guide or were shown any of its steps. */
  sessions: number;
  completed: number;
  dismissals: number;
  steps: StepInsights[];
}

export interface FailureInsights {
  signature: string;
  kind?: string;
  /** `failure` events with this signature, and the sessions they happened in. */
  failures: number;
  sessions: number;
  /** Sessions (with this failure) in which help was shown / followed (an action) / resolved / a report was sent. */
  shown: number;
  followed: number;
  resolved: number;
  reported: number;
  /** Of the sessions where help was shown: resolved without a report. Null when help was never shown. */
  deflectionRate: number | null;
}

export interface InsightsData {
  /** Events aggregated, sessions seen, time span (ms since the epoch; null when empty). */
  events: number;
  sessions: number;
  from: number | null;
  to: number | null;
  guides: GuideInsights[];
  /** Failure signatures, most frequent first. */
  failures: FailureInsights[];
  /** Over all signatures: shown / resolved-without-report sessions and their rate. */
  deflection: { shown: number; deflected: number; rate: number | null };
}

export interface AggregateOptions {
  /** Step order per guide (from the loaded guides); unknown guides order by reach. */
  stepOrder?: Record<string, readonly string[]>;
  /** How many failure signatures to keep (most frequent). Default 20. */
  topFailures?: number;
}

interface StepAcc {
  sessions: number;
  /** The last session counted (sessions are numbered while aggregating). */
  lastSession: number;
  firstSeen: number;
  stalls: StallCounts;
  stallTotal: number;
  nudged: number;
  nudgeResolved: number;
  durations: number[];
  dismissals: number;
}
interface GuideAcc {
  sessions: number;
  lastSession: number;
  completed: number;
  dismissals: number;
  steps: Map<string, StepAcc>;
  firstSeen: number;
}
interface FailureAcc {
  kind?: string;
  failures: number;
  sessions: number;
  shown: number;
  followed: number;
  resolved: number;
  reported: number;
  deflected: number;
}

/** Tour events, and which of them leave the step on screen (for time per step). */
const LEAVES = 1;
const TOUR_TYPES: Partial<Record<string, number>> = {
  "guide.start": 0,
  stall: 0,
  "step.show": LEAVES,
  "step.done": LEAVES,
  "step.back": LEAVES,
  "guide.done": LEAVES,
  "guide.dismiss": LEAVES,
};

/**
 * Time order; within the same millisecond, the order the runner records in (a step is left
 * before the next one shows; the tour ends after its last step), whatever order storage gave.
 */
const TIE_RANK: Record<string, number> = {
  "guide.start": 0,
  "step.done": 1,
  "step.back": 1,
  "step.show": 2,
};
function byTime(a: WaymarkEvent, b: WaymarkEvent): number {
  return a.ts - b.ts || (TIE_RANK[a.type] ?? 3) - (TIE_RANK[b.type] ?? 3);
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function aggregateInsights(
  events: readonly WaymarkEvent[],
  options: AggregateOptions = {},
): InsightsData {
  // Group by session, keeping each session's events in time order (stored events usually are).
  const bySession = new Map<string, WaymarkEvent[]>();
  let from: number | null = null;
  let to: number | null = null;
  for (const e of events) {
    const key = e.session ?? "";
    let list = bySession.get(key);
    if (!list) bySession.set(key, (list = []));
    list.push(e);
    if (from === null || e.ts < from) from = e.ts;
    if (to === null || e.ts > to) to = e.ts;
  }

  const guides = new Map<string, GuideAcc>();
  const failures = new Map<string, FailureAcc>();
  let order = 0;
  let sessionNo = 0;
  const guideAcc = (id: string) => {
    let g = guides.get(id);
    if (!g)
      guides.set(
        id,
        (g = {
          sessions: 0,
          lastSession: -1,
          completed: 0,
          dismissals: 0,
          steps: new Map(),
          firstSeen: order++,
        }),
      );
    return g;
  };
  const stepAcc = (g: GuideAcc, id: string) => {
    let s = g.steps.get(id);
    if (!s)
      g.steps.set(
        id,
        (s = {
          sessions: 0,
          lastSession: -1,
          firstSeen: order++,
          stalls: {},
          stallTotal: 0,
          nudged: 0,
          nudgeResolved: 0,
          durations: [],
          dismissals: 0,
        }),
      );
    return s;
  };

  for (const list of bySession.values()) {
    for (let i = 1; i < list.length; i++) {
      if (byTime(list[i - 1]!, list[i]!) > 0) {
        list.sort(byTime);
        break;
      }
    }
    sessionNo++;
    // Step on screen per guide (few guides per session: a small array beats a Map here).
    const open: Array<{ g: GuideAcc; step: StepAcc; ts: number }> = [];
    // Failure attribution within the session; created only for sessions with failures.
    let failureSession:
      | Map<string, { shown: boolean; followed: boolean; resolved: boolean; reported: boolean }>
      | undefined;
    let lastSignature: string | undefined;

    for (const e of list) {
      const type = e.type;
      const guideId = e.guide;
      const tour = TOUR_TYPES[type];
      if (guideId !== undefined && tour !== undefined) {
        const g = guideAcc(guideId);
        if (g.lastSession !== sessionNo && (type === "guide.start" || type === "step.show")) {
          g.lastSession = sessionNo;
          g.sessions++;
        }
        // Time on a step: from its step.show until the next event that leaves it.
        if (tour === LEAVES) {
          const i = open.findIndex((o) => o.g === g);
          const shown = open[i];
          if (
            shown &&
            !(type === "step.show" && e.step !== undefined && g.steps.get(e.step) === shown.step)
          ) {
            shown.step.durations.push(e.ts - shown.ts);
            open.splice(i, 1);
          }
        }
        if (type === "step.show") {
          if (e.step !== undefined) {
            const s = stepAcc(g, e.step);
            if (s.lastSession !== sessionNo) {
              s.lastSession = sessionNo;
              s.sessions++;
            }
            if (!open.some((o) => o.g === g)) open.push({ g, step: s, ts: e.ts });
          }
        } else if (type === "guide.done") g.completed++;
        else if (type === "guide.dismiss") {
          g.dismissals++;
          if (e.step !== undefined) stepAcc(g, e.step).dismissals++;
        } else if (type === "stall" && e.step !== undefined) {
          const s = stepAcc(g, e.step);
          const reason = typeof e.reason === "string" ? e.reason : "unknown";
          s.stalls[reason] = (s.stalls[reason] ?? 0) + 1;
          s.stallTotal++;
          if (typeof e.nudge === "string") s.nudged++;
        }
        continue;
      }
      if (type === "failure") {
        const signature = e.signature;
        if (typeof signature !== "string") continue;
        let f = failures.get(signature);
        if (!f)
          failures.set(
            signature,
            (f = {
              failures: 0,
              sessions: 0,
              shown: 0,
              followed: 0,
              resolved: 0,
              reported: 0,
              deflected: 0,
            }),
          );
        if (typeof e.kind === "string") f.kind = e.kind;
        f.failures++;
        failureSession ??= new Map();
        if (!failureSession.has(signature)) {
          failureSession.set(signature, {
            shown: false,
            followed: false,
            resolved: false,
            reported: false,
          });
          f.sessions++;
        }
        lastSignature = signature;
      } else if (
        type === "help.show" ||
        type === "help.action" ||
        type === "help.resolved" ||
        type === "report.send"
      ) {
        if (typeof e.nudge === "string") {
          // A stall nudge that helped (src/stall/nudge.ts), not failure help.
          if (type === "help.resolved" && guideId !== undefined && e.step !== undefined)
            stepAcc(guideAcc(guideId), e.step).nudgeResolved++;
          continue;
        }
        if (type === "help.show" && e.kind === "stall") {
          // Help for a stall (signature `stall:guide/step`) is a nudge on that step, not failure help.
          const at =
            typeof e.signature === "string" ? /^stall:([^/]*)\/(.+)$/.exec(e.signature) : null;
          if (at?.[1] && at[2]) stepAcc(guideAcc(at[1]), at[2]).nudged++;
          continue;
        }
        const signature = typeof e.signature === "string" ? e.signature : lastSignature;
        const state = signature === undefined ? undefined : failureSession?.get(signature);
        if (!state) continue;
        if (type === "help.show") state.shown = true;
        else if (type === "help.action") state.followed = true;
        else if (type === "help.resolved") state.resolved = true;
        else state.reported = true;
      }
    }

    if (failureSession) {
      for (const [signature, state] of failureSession) {
        const f = failures.get(signature)!;
        if (state.shown) f.shown++;
        if (state.followed) f.followed++;
        if (state.resolved) f.resolved++;
        if (state.reported) f.reported++;
        if (state.shown && state.resolved && !state.reported) f.deflected++;
      }
    }
  }

  const guideList: GuideInsights[] = [...guides.entries()]
    .sort((a, b) => a[1].firstSeen - b[1].firstSeen)
    .map(([guide, g]) => {
      const known = options.stepOrder?.[guide] ?? [];
      const rank = (id: string) => {
        const i = known.indexOf(id);
        return i < 0 ? known.length : i;
      };
      const steps = [...g.steps.entries()]
        .sort(
          (a, b) =>
            rank(a[0]) - rank(b[0]) ||
            b[1].sessions - a[1].sessions ||
            a[1].firstSeen - b[1].firstSeen,
        )
        .map(([step, s]) => ({
          step,
          sessions: s.sessions,
          stalls: s.stalls,
          stallTotal: s.stallTotal,
          nudged: s.nudged,
          nudgeResolved: s.nudgeResolved,
          medianMs: median(s.durations),
          dismissals: s.dismissals,
        }));
      return {
        guide,
        sessions: g.sessions,
        completed: g.completed,
        dismissals: g.dismissals,
        steps,
      };
    });

  let shown = 0;
  let deflected = 0;
  const failureList: FailureInsights[] = [...failures.entries()]
    .map(([signature, f]) => {
      shown += f.shown;
      deflected += f.deflected;
      return {
        signature,
        ...(f.kind !== undefined ? { kind: f.kind } : {}),
        failures: f.failures,
        sessions: f.sessions,
        shown: f.shown,
        followed: f.followed,
        resolved: f.resolved,
        reported: f.reported,
        deflectionRate: f.shown ? f.deflected / f.shown : null,
      };
    })
    .sort((a, b) => b.failures - a.failures || a.signature.localeCompare(b.signature))
    .slice(0, options.topFailures ?? 20);

  return {
    events: events.length,
    sessions: bySession.size,
    from,
    to,
    guides: guideList,
    failures: failureList,
    deflection: { shown, deflected, rate: shown ? deflected / shown : null },
  };
}
