import { createStore, type StoreApi } from "zustand/vanilla";

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
}

/** UI state of one Waymark instance (never a module-level singleton). */
export interface WaymarkState {
  step: StepView | null;
  /** The last message for screen readers (a live region reads it out). */
  announcement: string;
}

export type StateStore = StoreApi<WaymarkState>;

export function createStateStore(): StateStore {
  return createStore<WaymarkState>(() => ({ step: null, announcement: "" }));
}
