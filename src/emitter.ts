/** The events a host can listen to with `Waymark.on(event, fn)`. */
export type WaymarkEventName =
  "guide:start" | "guide:done" | "guide:dismiss" | "step" | "stall" | "help" | "report";

export type Listener = (payload: Record<string, unknown>) => void;

/**
 * A tiny event emitter whose listeners can never break Waymark: a listener that throws is
 * reported through `onListenerError` and the others still run.
 */
export function createEmitter(onListenerError: (error: unknown, event: string) => void) {
  const listeners = new Map<string, Set<Listener>>();
  return {
    on(event: string, fn: Listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(fn);
    },
    off(event: string, fn: Listener) {
      listeners.get(event)?.delete(fn);
    },
    emit(event: WaymarkEventName, payload: Record<string, unknown>) {
      for (const fn of [...(listeners.get(event) ?? [])]) {
        try {
          fn(payload);
        } catch (error) {
          onListenerError(error, event);
        }
      }
    },
    clear() {
      listeners.clear();
    },
  };
}

export type Emitter = ReturnType<typeof createEmitter>;
