/**
 * Lazy parts in the script-tag build (vite.config.ts puts this file in place of `lazy.ts`).
 * Each part is an ES module built by `vite build --mode parts` into `dist/waymark-<part>.js`,
 * loaded with `import()` from the directory of the script tag: same origin as the script, so
 * a `script-src` that allows `waymark.js` allows its parts, and module imports are not subject
 * to Trusted Types. The part gets this bundle's Preact (src/parts/preact.ts), so there is one.
 */
import { Fragment, h } from "preact";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import { jsx, jsxs } from "preact/jsx-runtime";
import type { DemoPart, InsightsPart } from "./lazy";
import type { PreactRuntime } from "./parts/preact";

export type { DemoPart, InsightsPart };

const runtime: PreactRuntime = {
  h,
  Fragment,
  jsx,
  jsxs,
  useState,
  useEffect,
  useLayoutEffect,
  useRef,
  useMemo,
  useCallback,
};

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

function loadPart<T extends { install(runtime: PreactRuntime): void }>(name: string): Promise<T> {
  let promise = loaded.get(name) as Promise<T> | undefined;
  if (!promise) {
    const url = new URL(`./waymark-${name}.js`, partsBase()).href;
    promise = (import(/* @vite-ignore */ url) as Promise<T>).then((part) => {
      part.install(runtime);
      return part;
    });
    // A failed load (offline, blocked) may be retried on the next use.
    promise.catch(() => loaded.delete(name));
    loaded.set(name, promise);
  }
  return promise;
}

export const loadInsightsPart = (): Promise<InsightsPart> => loadPart<InsightsPart>("insights");
export const loadDemoPart = (): Promise<DemoPart> => loadPart<DemoPart>("demo");
