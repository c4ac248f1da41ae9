/** The records Waymark keeps in the browser (SPEC §5). Small, versioned, plain data. */

export type EventType =
  | "guide.start"
  | "step.show"
  | "step.done"
  | "step.back"
  | "guide.done"
  | "guide.dismiss"
  | "stall"
  | "failure"
  | "help.show"
  | "help.action"
  | "help.resolved"
  | "support.open"
  | "report.preview"
  | "report.send"
  | "demo.play";

/** One recorded event. `page` is a path only, never a query string or fragment. */
export interface WaymarkEvent {
  /** Unique id (the IndexedDB key): a second write of the same event changes nothing. */
  id: string;
  /** Record format version, for migrations. */
  v: 1;
  type: EventType;
  /** Milliseconds since the epoch. */
  ts: number;
  /** Identifies the page view (tab session) the event belongs to, for funnels. */
  session?: string;
  guide?: string;
  step?: string;
  page?: string;
  reason?: "dwell" | "idle" | "oscillation" | "rage" | "repeat-failure" | string;
  kind?: string;
  signature?: string;
  [extra: string]: unknown;
}

export type ProgressStatus = "active" | "done" | "dismissed";

/** Where a user is in one guide; lets a tour resume after a reload or a page change. */
export interface Progress {
  v: 1;
  guide: string;
  /** The guide's `version` this progress belongs to; a bumped version offers the guide again. */
  version: number;
  status: ProgressStatus;
  /** The current step while active; the step it ended at when dismissed. */
  step?: string;
  /** Step ids visited before the current one, for Back. */
  history: string[];
  updatedAt: number;
}

/** An event waiting to be exported to an OpenTelemetry collector (only ever with consent). */
export interface OutboxItem {
  /** The event's id. */
  id: string;
  event: WaymarkEvent;
}
