/**
 * The script-tag entry (`dist/waymark.js`):
 *
 *   <script src="/waymark/waymark.js" data-guides="/guides/index.json" defer></script>
 *
 * Reads the `data-*` settings of its own tag, swaps the real API in for the queue stub (calls
 * made before the script loaded are replayed in order, each one guarded), and marks itself
 * loaded so that a second copy of the script does nothing.
 */
import { createWaymark, type WaymarkApi } from "./api";
import { configFromAttributes, type WaymarkConfig } from "./config";
import { setPartsBase } from "./lazy";

type QueuedCall = [string, unknown[]] | IArguments | unknown[];

interface WaymarkGlobal extends Partial<WaymarkApi> {
  /** Calls recorded by the queue stub before the script loaded. */
  q?: QueuedCall[];
  __loaded?: boolean;
}

function ownScript(doc: Document): HTMLScriptElement | null {
  const current = doc.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  // currentScript is null in modules and late callbacks: find the tag by its attributes.
  return doc.querySelector<HTMLScriptElement>(
    'script[data-guides][src*="waymark"], script[src*="waymark"]',
  );
}

function boot(win: Window & { Waymark?: WaymarkGlobal }) {
  const existing = win.Waymark;
  // A second copy of the script (two tags, a tag manager re-injecting it) is a no-op.
  if (existing?.__loaded) return;
  const script = ownScript(win.document);
  // Parts that only some visits need load on demand from beside this script (src/lazy.ts).
  setPartsBase(script?.src);
  const api = createWaymark(win);
  const queue: QueuedCall[] = Array.isArray(existing?.q) ? existing.q : [];
  const global = Object.assign(Object.create(null) as object, api, {
    __loaded: true,
  }) as WaymarkGlobal;
  Object.defineProperty(win, "Waymark", {
    value: global,
    configurable: true,
    writable: true,
    enumerable: false,
  });

  const { config: fromTag, unknown } = script
    ? configFromAttributes(script.attributes)
    : { config: {} as WaymarkConfig, unknown: [] };
  if (unknown.length > 0 && fromTag.debug) {
    console.warn(
      `[Waymark] Unknown attribute${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} on the Waymark script tag were ignored; see https://github.com/waymark-dev/waymark/blob/main/docs/embedding.md for the supported data-* settings.`,
    );
  }
  if (script && fromTag.guides !== undefined && typeof fromTag.guides === "string") {
    // Relative guide URLs on the tag resolve against the page, like the tag's own src.
    fromTag.guides = new URL(fromTag.guides, win.location.href).href;
  }
  // Queued init() calls are merged over the tag's attributes into the first init.
  const inits = queue.filter((call) => Array.from(call as ArrayLike<unknown>)[0] === "init");
  const rest = queue.filter((call) => !inits.includes(call));
  const initConfig = inits.reduce<WaymarkConfig>(
    (acc, call) => ({
      ...acc,
      ...((Array.from(call as ArrayLike<unknown>)[1] as unknown[])?.[0] as WaymarkConfig),
    }),
    fromTag,
  );
  if (inits.length > 0 || fromTag.guides !== undefined) api.init(initConfig);

  for (const call of rest) {
    try {
      const [method, args] = Array.from(call as ArrayLike<unknown>) as [string, unknown[]];
      const fn = (api as unknown as Record<string, unknown>)[method];
      if (typeof fn === "function")
        (fn as (...a: unknown[]) => unknown).apply(api, Array.isArray(args) ? args : []);
      else
        console.warn(
          `[Waymark] A call to Waymark.${String(method)}() was queued before the script loaded, but there is no such function; see https://github.com/waymark-dev/waymark/blob/main/docs/embedding.md.`,
        );
    } catch {
      // One bad queued call must not stop the others.
    }
  }
}

try {
  boot(window as Window & { Waymark?: WaymarkGlobal });
} catch (error) {
  // The host page must never see an exception from Waymark.
  try {
    console.error("[Waymark] could not start; your page is unaffected.", error);
  } catch {
    /* no console */
  }
}
