/**
 * The help engine: turns failures (requests, errors, invalid fields, host-reported failures,
 * stalls, rage clicks) into in-context help (SPEC §3 Help). It matches the loaded guides'
 * help rules (page scope, `times` within `within` seconds, `request.json` on a capped body
 * copy), records `failure`, `help.show`, `help.action` and `help.resolved` events, emits the
 * `"help"` API event, and puts one help card at a time into the state store, anchored to the
 * element involved. During a reported incident a server-side failure gets the "this is on our
 * side" wording instead of advice. Knows nothing about Preact.
 */
import type { ObservedRequest } from "../capture/requests";
import type { TraceEntry } from "../capture/trace";
import type { LoadedGuide } from "../guide/load";
import { matchRequestTarget } from "../guide/request";
import type { Help, HelpAction } from "../guide/schema";
import { pickLocale } from "../guide/text";
import type { HelpView, StateStore } from "../state";
import type { WaymarkEvent } from "../store/records";
import {
  failureSignature,
  isFailedRequest,
  isServerSide,
  matchFailure,
  matchJson,
  matchRequestRule,
  type Failure,
} from "./match";
import { findAnchor, settle } from "./anchor";

export type { Failure } from "./match";

export interface IncidentStatus {
  indicator: string;
  description: string;
}

export interface HelpEngineContext {
  win: Window;
  guides(): LoadedGuide[];
  locale(): string;
  state: StateStore;
  labels: { incident: string; helpShownAnnouncement: string };
  record(event: Omit<WaymarkEvent, "id" | "v" | "ts" | "page" | "session">): void;
  emit(event: "help", payload: Record<string, unknown>): void;
  /** Redacts free text (error messages) before it goes into a signature. */
  redactText(s: string): string;
  /** The status feed, when configured (resolves null when unknown or all is well). */
  incident?(): Promise<IncidentStatus | null>;
  /** The form (and the button that submitted it) the user just used, if recent. */
  involved?(): { form: Element | null; control: Element | null } | null;
  startGuide(id: string, options: { step?: string; demo?: boolean }): void;
  openReport?(): void;
  misuse(code: string, message: string): void;
}

export interface HelpMatch {
  id: string;
  title: string;
  guide: string;
  signature: string;
  kind: Failure["kind"];
  /** Path of the page it happened on. */
  page: string;
  ts: number;
}

export interface ShowContext {
  failure?: Failure;
  /** The request that failed (from a tour step's onFail). */
  request?: { method: string; url: string; status: number; network: boolean };
  signature?: string;
  entry?: TraceEntry;
}

const INCIDENT_WAIT_MS = 1500;
const MAX_MATCHES = 50;

export function createHelpEngine(ctx: HelpEngineContext) {
  const { win } = ctx;
  const doc = win.document;
  /** Match times per help id, for `times` / `within`. */
  const hits = new Map<string, number[]>();
  const matches: HelpMatch[] = [];
  /** Help shown for a request failure: resolved when the same request later succeeds. */
  const open = new Map<string, { rule: Help; request: ObservedRequest; signature: string }>();
  let anchorEl: Element | null = null;
  let shown: { id: string; signature?: string } | null = null;
  let key = 0;
  let generation = 0;
  /** When help was last shown on request (a step's onFail): that one wins over rule matches. */
  let explicitAt = 0;

  function rules(): Array<{ help: Help; guide: string }> {
    const out: Array<{ help: Help; guide: string }> = [];
    for (const { guide } of ctx.guides())
      for (const help of guide.help ?? []) out.push({ help, guide: guide.id });
    return out;
  }

  function findRule(id: string) {
    return rules().find((r) => r.help.id === id);
  }

  const location = () => ({
    path: win.location.pathname,
    hash: win.location.hash,
    href: win.location.href,
  });

  /** Counts a match and says whether the rule's `times` within `within` is reached. */
  function countHit(help: Help): boolean {
    const now = Date.now();
    const times = help.times ?? 1;
    const within = (help.within ?? Infinity) * 1000;
    const list = (hits.get(help.id) ?? []).filter((t) => now - t <= within);
    list.push(now);
    if (list.length >= times) {
      hits.set(help.id, []);
      return true;
    }
    hits.set(help.id, list);
    return false;
  }

  async function ruleMatches(help: Help, failure: Failure): Promise<boolean> {
    if (!matchFailure(help.when, failure, location())) return false;
    const json = help.when.request?.json;
    if (json && failure.kind === "request") {
      const body = await failure.request.json?.();
      return body !== undefined && matchJson(json, body);
    }
    return true;
  }

  /** Handles one failure: records it, matches the rules, shows the first help that applies. */
  async function handle(failure: Failure): Promise<void> {
    if (failure.kind === "request" && !isFailedRequest(failure.request)) return;
    const signature = failureSignature(failure, ctx.redactText);
    // Stalls and rage clicks are recorded as `stall` events (src/stall): not counted twice.
    if (failure.kind !== "stall" && failure.kind !== "rage")
      ctx.record({ type: "failure", kind: failure.kind, signature });
    const candidates = rules();
    for (const { help } of candidates) {
      if (!(await ruleMatches(help, failure))) continue;
      if (!countHit(help)) continue;
      if (Date.now() - explicitAt < 2000) return;
      await present(help, {
        failure,
        signature,
        ...(failure.kind === "request" && failure.entry ? { entry: failure.entry } : {}),
      });
      if (failure.kind === "request")
        open.set(help.id, { rule: help, request: failure.request, signature });
      return;
    }
  }

  /** Whether a response's JSON body is needed: a `json` rule matches its URL and outcome. */
  function wantsBody(request: ObservedRequest): boolean {
    if (!isFailedRequest(request)) return false;
    const here = location();
    return rules().some(
      ({ help }) =>
        help.when.request?.json !== undefined &&
        matchRequestRule(help.when.request, request, here.href),
    );
  }

  /** A request succeeded: help shown for the same request's failure is resolved. */
  function succeeded(request: ObservedRequest) {
    if (request.status < 200 || request.status >= 400) return;
    for (const [id, item] of open) {
      const same =
        item.request.method === request.method &&
        (item.rule.when.request
          ? matchRequestTarget(item.rule.when.request, request, win.location.href)
          : item.request.url === request.url);
      if (!same) continue;
      open.delete(id);
      ctx.record({ type: "help.resolved", help: id, signature: item.signature });
      if (shown?.id === id) hide();
    }
  }

  function localize(text: Help["title"] | undefined): string {
    return text === undefined ? "" : pickLocale(text, ctx.locale());
  }

  function actionView(action: HelpAction): HelpView["actions"][number] {
    const label = localize(action.label);
    if ("href" in action) return { label, kind: "href", href: action.href };
    if ("report" in action) return { label, kind: "report" };
    return { label, kind: "guide" };
  }

  async function present(help: Help, context: ShowContext) {
    const mine = ++generation;
    const failure = context.failure;
    let incident: IncidentStatus | null = null;
    if (failure && isServerSide(failure) && ctx.incident) {
      incident = await Promise.race([
        ctx.incident().catch(() => null),
        new Promise<null>((r) => setTimeout(() => r(null), INCIDENT_WAIT_MS)),
      ]);
    }
    // Give the app a moment to mark invalid fields (a 422 renders its errors after the response).
    if (!help.target && failure?.kind === "request") await settle(win, 250);
    if (mine !== generation) return; // a newer help replaced this one meanwhile
    const anchor = findAnchor(doc, help.target, failure, ctx.involved?.() ?? null);
    anchorEl = anchor?.element ?? null;
    const title = localize(help.title);
    const view: HelpView = {
      id: help.id,
      key: ++key,
      title,
      body: incident
        ? ctx.labels.incident.replace("{status}", incident.description)
        : localize(help.body),
      actions: (help.actions ?? []).map(actionView),
      mode: anchorEl ? "anchored" : "corner",
      highlight: anchor?.highlight ?? false,
      ...(incident ? { incident: incident.description } : {}),
    };
    const wasShown = shown?.id === help.id && ctx.state.getState().help;
    shown = { id: help.id, ...(context.signature ? { signature: context.signature } : {}) };
    ctx.state.setState({
      help: view,
      announcement: ctx.labels.helpShownAnnouncement.replace("{title}", title),
    });
    const kind = failure?.kind ?? (context.request ? "request" : undefined);
    if (!wasShown)
      ctx.record({
        type: "help.show",
        help: help.id,
        ...(kind ? { kind } : {}),
        ...(context.signature ? { signature: context.signature } : {}),
        ...(incident ? { incident: true } : {}),
      });
    const match: HelpMatch = {
      id: help.id,
      title,
      guide: findRule(help.id)?.guide ?? "",
      signature: context.signature ?? "",
      kind: kind ?? "event",
      page: win.location.pathname,
      ts: Date.now(),
    };
    matches.push(match);
    if (matches.length > MAX_MATCHES) matches.shift();
    ctx.emit("help", {
      id: help.id,
      title,
      ...(kind ? { kind } : {}),
      ...(context.signature ? { signature: context.signature } : {}),
      incident: Boolean(incident),
      ...(context.entry ? { request: { ...context.entry } } : {}),
    });
  }

  function hide() {
    generation++;
    shown = null;
    anchorEl = null;
    if (ctx.state.getState().help) ctx.state.setState({ help: null });
  }

  return {
    handle,
    wantsBody,
    succeeded,
    /**
     * Shows help `helpId` now (a tour step's `onFail: {help}`, or the support panel), without
     * counting `times`. Returns false when no loaded guide has that help entry.
     */
    show(helpId: string, context: ShowContext = {}): boolean {
      const rule = findRule(helpId);
      if (!rule) return false;
      explicitAt = Date.now();
      let signature = context.signature;
      if (!signature && context.request) {
        const r = context.request;
        signature = failureSignature({
          kind: "request",
          request: {
            ...r,
            aborted: false,
            startedAt: 0,
            duration: 0,
            header: () => null,
            transport: "fetch",
          },
        });
      }
      void present(rule.help, { ...context, ...(signature ? { signature } : {}) });
      return true;
    },
    /** Help entries shown on `path` (default: any page) recently, newest first. */
    recentMatches(path?: string, withinMs = 30 * 60_000): HelpMatch[] {
      const now = Date.now();
      const seen = new Set<string>();
      return matches
        .filter((m) => (path === undefined || m.page === path) && now - m.ts <= withinMs)
        .reverse()
        .filter((m) => !seen.has(m.id) && seen.add(m.id));
    },
    /** The element the current card is about (for positioning), if any. */
    anchor: () => (anchorEl && anchorEl.isConnected ? anchorEl : null),
    /** The user chose action `index` of the current card. */
    act(index: number) {
      const current = shown && findRule(shown.id);
      const action = current?.help.actions?.[index];
      if (!current || !action) return;
      const kind =
        "href" in action ? "href" : "report" in action ? "report" : action.demo ? "demo" : "guide";
      ctx.record({
        type: "help.action",
        help: current.help.id,
        action: kind,
        ...(shown?.signature ? { signature: shown.signature } : {}),
        ...("guide" in action ? { target: action.guide } : {}),
      });
      if ("href" in action) return; // the link itself navigates
      hide();
      if ("report" in action) {
        if (ctx.openReport) ctx.openReport();
        else
          ctx.misuse(
            "help-report",
            `Help "${current.help.id}" has a report action, but problem reports are not available in this build.`,
          );
        return;
      }
      ctx.startGuide(action.guide, {
        ...(action.step ? { step: action.step } : {}),
        ...(action.demo ? { demo: true } : {}),
      });
    },
    dismiss() {
      if (shown)
        ctx.record({
          type: "help.action",
          help: shown.id,
          action: "dismiss",
          ...(shown.signature ? { signature: shown.signature } : {}),
        });
      hide();
    },
    hide,
  };
}

export type HelpEngine = ReturnType<typeof createHelpEngine>;
