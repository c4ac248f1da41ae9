/**
 * One Preact for the whole widget. The script-tag build of a lazy part (`vite build --mode
 * parts`) resolves `preact`, `preact/hooks` and `preact/jsx-runtime` to this module instead of
 * bundling a second copy: a second Preact would not know the first one's components and hooks.
 * The core hands its own Preact over with `install()` right after importing the part, before
 * anything renders (ES live bindings: every module of the part sees the installed functions).
 *
 * In the ES build and in tests the parts import Preact directly and `install` is a no-op.
 * A part may use only what is listed here at render time, never at module evaluation time.
 */
import type * as Preact from "preact";
import type * as Hooks from "preact/hooks";
import type * as JsxRuntime from "preact/jsx-runtime";

export interface PreactRuntime {
  h: typeof Preact.h;
  Fragment: typeof Preact.Fragment;
  jsx: typeof JsxRuntime.jsx;
  jsxs: typeof JsxRuntime.jsxs;
  useState: typeof Hooks.useState;
  useEffect: typeof Hooks.useEffect;
  useLayoutEffect: typeof Hooks.useLayoutEffect;
  useRef: typeof Hooks.useRef;
  useMemo: typeof Hooks.useMemo;
  useCallback: typeof Hooks.useCallback;
}

export let h: PreactRuntime["h"];
export let createElement: PreactRuntime["h"];
export let Fragment: PreactRuntime["Fragment"];
export let jsx: PreactRuntime["jsx"];
export let jsxs: PreactRuntime["jsxs"];
export let jsxDEV: PreactRuntime["jsx"];
export let useState: PreactRuntime["useState"];
export let useEffect: PreactRuntime["useEffect"];
export let useLayoutEffect: PreactRuntime["useLayoutEffect"];
export let useRef: PreactRuntime["useRef"];
export let useMemo: PreactRuntime["useMemo"];
export let useCallback: PreactRuntime["useCallback"];

export function install(runtime: PreactRuntime): void {
  ({ h, Fragment, jsx, jsxs, useState, useEffect, useLayoutEffect, useRef, useMemo, useCallback } =
    runtime);
  createElement = h;
  jsxDEV = jsx;
}
