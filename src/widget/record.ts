import type { WaymarkEvent } from "../store/records";
import type { WaymarkStore } from "../store/store";
import type { OtlpExporter } from "../telemetry/exporter";
import type { RecordEvent } from "./context";

/** Where the session id is kept (sessionStorage: one session per tab). */
const SESSION_KEY = "waymark.session";

/** This tab's session id (sessionStorage), or a fresh one per page view when storage is off. */
export function sessionId(win: Window): string {
  const fresh = () => Math.random().toString(36).slice(2, 10) + Date.now().toString(36);
  try {
    const existing = win.sessionStorage.getItem(SESSION_KEY);
    if (existing) return existing;
    const id = fresh();
    win.sessionStorage.setItem(SESSION_KEY, id);
    return id;
  } catch {
    return fresh(); // Storage disabled: a session is then one page view.
  }
}

/**
 * `record()`: completes an event, stores it, hands it to the OTLP exporter and to `observe`
 * (the stall detector: the tour's own records drive it).
 */
export function createRecord(ctx: {
  win: Window;
  store: WaymarkStore;
  session: string;
  exporter: OtlpExporter | undefined;
  observe(event: RecordEvent): void;
}): (event: RecordEvent) => void {
  const { win, store, session, exporter, observe } = ctx;
  let eventCount = 0;
  // Two tabs opened from one another share a sessionStorage (and so a session id): ids also
  // carry a per-instance part, so their events never overwrite each other.
  const instance = Math.random().toString(36).slice(2, 8);
  return (event) => {
    // Only the path is stored: query strings and fragments can carry secrets.
    const stored = store.record({
      id: `${session}.${instance}.${(eventCount++).toString(36)}.${Date.now().toString(36)}`,
      v: 1,
      ts: Date.now(),
      session,
      page: win.location.pathname,
      ...event,
    } as WaymarkEvent);
    exporter?.add(stored);
    observe(event);
  };
}
