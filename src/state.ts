import { createStore, type StoreApi } from "zustand/vanilla";
import type { InsightsData } from "./insights/aggregate";

/** What the step dialog shows; derived by the tour runner, rendered by the UI. */
export interface StepView {
  guideId: string;
  stepId: string;
  title: string;
  /** Markdown-subset source, already localized. */
  body: string;
  /** 1-based position in the guide's steps, and their count, for "2 of 5". */
  index: number;
  total: number;
  canGoBack: boolean;
  /** The step advances with the Next/Done button (advance "next"). */
  usesNext: boolean;
  isLast: boolean;
  hasDemo: boolean;
  /** How the step is shown: next to its target, centred, or as a pointer to another page. */
  mode: "anchored" | "centered" | "elsewhere";
  placement?: string;
  /** A plain-language note shown above the buttons (target missing, what to do next). */
  notice?: string;
  /** For "elsewhere": where to go, when the step's page is a plain path. */
  pageLink?: string;
  /** A stall nudge: "Show me" is emphasised (and focused when focus is not on the page). */
  nudge?: boolean;
}

/** A "Show me" demo while it plays (SPEC §3, Action); rendered by `ui/DemoOverlay.tsx`. */
export interface DemoView {
  guideId: string;
  stepId: string;
  /** The step's title, localized. */
  title: string;
  status: "playing" | "paused";
  /** 1-based number of the current action, and how many there are. */
  index: number;
  total: number;
  /** The pointer's tip in viewport pixels; null before the first target. */
  pointer: { x: number; y: number } | null;
  /** How long the pointer takes to reach its new place (0 = it jumps, or it follows a scroll). */
  glideMs: number;
  /** Counts presses, so each one replays the press animation. */
  presses: number;
  /** The box of the element the demo acts on, viewport pixels, for placing the caption. */
  targetRect: { x: number; y: number; width: number; height: number } | null;
  /** The current caption (Markdown-subset source, localized), or "". */
  caption: string;
  /** Playback speed: 0.5, 1 or 2. */
  speed: number;
  reducedMotion: boolean;
}

/** A help entry offered in the "before you contact us" panel, already localized. */
export interface SupportHelpView {
  id: string;
  title: string;
  /** Markdown-subset source. */
  body: string;
  actions: Array<{
    label: string;
    kind: "guide" | "href" | "report";
    guide?: string;
    step?: string;
    href?: string;
  }>;
}

/** The "before you contact us" panel (SPEC §4). */
export interface SupportView {
  /** Help matching the user's recent failures and stalls on this page. */
  help: SupportHelpView[];
  /** Tours for this page. */
  guides: Array<{ id: string; title: string; summary: string }>;
  /** The panel was opened from a support element whose own action can still continue. */
  canContinue: boolean;
}

/** The report preview (SPEC §4, §6): exactly the JSON that Send delivers. */
export interface ReportView {
  json: string;
  note: string;
  /** Where Send delivers, in words ("support.example.com", "help@example.com", "this site"). */
  destination: string;
  phase: "editing" | "sending" | "failed";
  /** A plain-language status line (why sending failed). */
  message?: string;
}

/** A help card (SPEC §3 Help, §4): a non-modal dialog named by the help title. */
export interface HelpView {
  /** The help entry's id. */
  id: string;
  /** Changes with every showing, so the card re-positions and re-announces. */
  key: number;
  title: string;
  /** Markdown-subset source, already localized (the incident wording during an incident). */
  body: string;
  actions: Array<{ label: string; kind: "guide" | "href" | "report"; href?: string }>;
  /** Next to its anchor element, or a corner card. */
  mode: "anchored" | "corner";
  /** Outline the anchor (an invalid field). */
  highlight: boolean;
  /** The status feed's incident description, when a server-side failure happened during one. */
  incident?: string;
}

/** The local insights panel (`Waymark.insights()`): aggregates built by src/insights/aggregate.ts. */
export interface InsightsView {
  data: InsightsData;
  /** Guide titles by id, localized. */
  titles: Record<string, string>;
}

/** UI state of one Waymark instance (never a module-level singleton). */
export interface WaymarkState {
  step: StepView | null;
  /** The last message for screen readers (a live region reads it out). */
  announcement: string;
  /** The "before you contact us" panel, when open. */
  support?: SupportView | null;
  /** The report preview, when open. */
  report?: ReportView | null;
  /** The "Show me" demo playing now, if any. */
  demo?: DemoView | null;
  /** The help card shown for a failure, if any. */
  help?: HelpView | null;
  /** The insights panel, when open. */
  insights?: InsightsView | null;
}

export type StateStore = StoreApi<WaymarkState>;

export function createStateStore(): StateStore {
  return createStore<WaymarkState>(() => ({ step: null, announcement: "" }));
}
