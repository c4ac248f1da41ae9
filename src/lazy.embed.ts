/**
 * Lazy parts in the script-tag build (vite.config.ts puts this file in place of `lazy.ts`).
 * The parts are ES modules built together by `vite build --mode parts` into
 * `dist/waymark-<part>.js` (plus shared chunks, such as Preact, that Rollup splits out), and
 * loaded with `import()` from the directory of the script tag: same origin as the script, so a
 * `script-src` that allows `waymark.js` allows its parts, and module imports are not subject to
 * Trusted Types. Parts that import each other resolve to the same URLs, so each module, Preact
 * included, is evaluated once.
 */
import type { DemoPart, ExplainPart, InsightsPart, UiPart } from "./lazy";

export type { DemoPart, ExplainPart, InsightsPart, UiPart };

let base: string | undefined;
const loaded = new Map<string, Promise<unknown>>();

/** Remembers where `waymark.js` came from: `document.currentScript` is only set while it runs. */
export function setPartsBase(scriptUrl: string | undefined): void {
  if (scriptUrl) base = scriptUrl;
}

function partsBase(): string {
  if (base) return base;
  // Not loaded from a tag we saw (injected, then currentScript gone): find the tag by its src.
  const tag = document.querySelector<HTMLScriptElement>('script[src*="waymark"]');
  return tag?.src || document.baseURI;
}

function loadPart<T>(name: string): Promise<T> {
  let promise = loaded.get(name) as Promise<T> | undefined;
  if (!promise) {
    const url = new URL(`./waymark-${name}.js`, partsBase()).href;
    promise = import(/* @vite-ignore */ url) as Promise<T>;
    // A failed load (offline, blocked) may be retried on the next use.
    promise.catch(() => loaded.delete(name));
    loaded.set(name, promise);
  }
  return promise;
}

export const loadUiPart = (): Promise<UiPart> => loadPart<UiPart>("ui");
export const loadInsightsPart = (): Promise<InsightsPart> => loadPart<InsightsPart>("insights");
export const loadDemoPart = (): Promise<DemoPart> => loadPart<DemoPart>("demo");
export const loadExplainPart = (): Promise<ExplainPart> => loadPart<ExplainPart>("explain");
