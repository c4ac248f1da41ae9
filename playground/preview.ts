/**
 * The preview: the demo app in a same-origin iframe, running the guide being edited.
 *
 * Every page of the app loads Waymark from its script tag with the app's own guides. For each
 * new document in the frame, the playground hands Waymark the edited guide instead: before the
 * widget's script has run, as the queue stub that the embed snippet documents
 * (`Waymark.q = [["init", [config]], …]`, merged over the tag's settings), or, if the script was
 * quicker, with `Waymark.init(config)`, which replaces the running instance. Either way the
 * guides on the page are exactly `[guide]`, and a tour that moves to another page resumes there.
 * Objects are created with the frame's own JSON.parse, as page code would have made them.
 */
import type { Guide } from "../src/guide/schema";

type WaymarkInFrame = {
  __loaded?: boolean;
  q?: unknown[];
  init?(config: unknown): void;
  start?(id: string, options?: unknown): void;
  stop?(): void;
  clearData?(): Promise<void>;
  on?(event: string, fn: (payload: Record<string, unknown>) => void): void;
};
type FrameWindow = Window & { Waymark?: WaymarkInFrame };

export type Preview = {
  /** The guide the frame's next pages run (undefined: none, while the guide has errors). */
  setGuide(guide: Guide | undefined): void;
  /** Opens `page` and starts the guide at `step`. */
  play(guide: Guide, step: string, page: string | undefined): void;
  /** Opens a page of the app (running the guide, if it has no errors). */
  show(page: string): void;
  stop(): void;
  /** Clears what the preview's Waymark stored (progress, events) and reloads the page. */
  reset(): Promise<void>;
};

export function createPreview(
  iframe: HTMLIFrameElement,
  onStatus: (text: string) => void,
): Preview {
  let guide: Guide | undefined;
  let pendingStart: { id: string; step: string } | undefined;
  const configured = new WeakSet<Document>();
  let polling = 0;

  const frameWindow = () => iframe.contentWindow as FrameWindow | null;

  /** Gives a new document of the frame the edited guide (and a pending start). */
  const configure = () => {
    const win = frameWindow();
    const doc = iframe.contentDocument;
    if (!win || !doc || configured.has(doc) || doc.URL === "about:blank") return false;
    configured.add(doc);
    const config = (win as unknown as { JSON: JSON }).JSON.parse(
      JSON.stringify({ guides: guide ? [guide] : [], debug: true }),
    ) as unknown;
    const start = pendingStart;
    pendingStart = undefined;
    const startArgs = start
      ? (win as unknown as { JSON: JSON }).JSON.parse(
          JSON.stringify([start.id, { step: start.step }]),
        )
      : undefined;
    const onStep = (payload: Record<string, unknown>) => {
      const steps = guide?.steps ?? [];
      const index = steps.findIndex((s) => s.id === payload["step"]);
      onStatus(
        `Showing step "${String(payload["step"])}"${index >= 0 ? ` (${index + 1} of ${steps.length})` : ""}.`,
      );
    };
    const onDone = () => onStatus("The tour is done.");
    const existing = win.Waymark;
    if (existing?.__loaded) {
      existing.on?.("step", onStep);
      existing.on?.("guide:done", onDone);
      existing.init?.(config);
      if (startArgs) existing.start?.(...(startArgs as [string, unknown]));
    } else {
      // Replayed by the widget's script in order: init first, then the rest.
      const queue: unknown[] = (win as unknown as { JSON: JSON }).JSON.parse("[]");
      queue.push(["init", [config]], ["on", ["step", onStep]], ["on", ["guide:done", onDone]]);
      if (startArgs) queue.push(["start", startArgs]);
      win.Waymark = { q: queue };
    }
    // A navigation inside the frame makes a new document: watch for it from the moment the
    // current one goes away, so the new one is configured before its scripts run.
    win.addEventListener("pagehide", watch, { once: true });
    return true;
  };

  /** Checks every few milliseconds for the frame's next document, for up to 10 s. */
  const watch = () => {
    clearInterval(polling);
    const until = Date.now() + 10_000;
    polling = window.setInterval(() => {
      if (configure() || Date.now() > until) clearInterval(polling);
    }, 4);
  };

  iframe.addEventListener("load", () => configure());
  configure();

  return {
    setGuide(next) {
      // Used by the frame's next page; a page already open keeps what it runs until Play.
      guide = next;
    },
    play(next, step, page) {
      guide = next;
      pendingStart = { id: next.id, step };
      const win = frameWindow();
      const target = new URL(page ?? win?.location.href ?? "/app/", window.location.href);
      onStatus(`Opening ${target.pathname}${target.hash} to play step "${step}"…`);
      watch();
      if (win && win.location.pathname + win.location.search === target.pathname + target.search) {
        // Same document: a new hash alone would not reload it.
        win.location.hash = target.hash;
        win.location.reload();
      } else if (win) win.location.href = target.href;
      else iframe.src = target.href;
    },
    show(page) {
      watch();
      iframe.src = new URL(page, window.location.href).href;
    },
    stop() {
      frameWindow()?.Waymark?.stop?.();
      onStatus("Stopped.");
    },
    async reset() {
      const win = frameWindow();
      await win?.Waymark?.clearData?.();
      watch();
      win?.location.reload();
      onStatus("Cleared the preview's stored progress and events.");
    },
  };
}
