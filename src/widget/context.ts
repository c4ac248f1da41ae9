import type { ResolvedConfig } from "../config";
import type { Diagnostics } from "../diagnostics";
import type { Emitter } from "../emitter";
import type { ConditionContext } from "../guide/condition";
import type { LoadedGuide } from "../guide/load";
import type { StateStore } from "../state";
import type { Progress, WaymarkEvent } from "../store/records";
import type { WaymarkStore } from "../store/store";
import type { Labels } from "../ui/labels";

/** An event as a feature records it: `record()` adds the id, version, time, page and session. */
export type RecordEvent = Omit<WaymarkEvent, "id" | "v" | "ts" | "page" | "session">;

/**
 * What one Waymark instance shares with the wiring of its features (src/widget/*.ts). Each
 * feature takes the part of it it needs (`Pick<WidgetContext, …>`) plus the other features
 * it calls, so nothing here is module-level state.
 */
export interface WidgetContext {
  win: Window;
  doc: Document;
  config: ResolvedConfig;
  diagnostics: Diagnostics;
  emitter: Emitter;
  labels: Labels;
  state: StateStore;
  store: WaymarkStore;
  /** Run in order by `destroy()`. */
  cleanups: Array<() => void>;
  destroyed(): boolean;
  /** The guides loaded so far (none until loading finished). */
  guides(): LoadedGuide[];
  /** Each guide's progress, by guide id: loaded, written by tours and goals, other tabs'. */
  progress: Map<string, Progress>;
  record(event: RecordEvent): void;
  conditionContext(): ConditionContext;
  /** Resolves once guides and progress are loaded (never rejects). */
  ready(): Promise<void>;
}
