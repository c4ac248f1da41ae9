/**
 * Follows the page's location in single-page apps: history.pushState/replaceState, back and
 * forward (popstate) and hash routes. Where the Navigation API exists it is used as is; else
 * the history methods are wrapped once per window (calling through unchanged), the way
 * analytics scripts do.
 */

export type LocationListener = (location: { path: string; hash: string; href: string }) => void;

const HISTORY_HOOK = Symbol.for("waymark.historyHook");

type HookedWindow = Window & { [HISTORY_HOOK]?: Set<() => void> };

export function currentLocation(win: Window) {
  return { path: win.location.pathname, hash: win.location.hash, href: win.location.href };
}

export function watchLocation(win: Window, listener: LocationListener): () => void {
  let last = win.location.href;
  const check = () => {
    const href = win.location.href;
    if (href === last) return;
    last = href;
    listener(currentLocation(win));
  };
  // Listeners run after the history change has been applied, and outside the host's call stack.
  const deferred = () => setTimeout(check, 0);
  win.addEventListener("popstate", deferred);
  win.addEventListener("hashchange", deferred);

  const nav = (win as Window & { navigation?: EventTarget }).navigation;
  if (nav && typeof nav.addEventListener === "function") {
    nav.addEventListener("currententrychange", deferred);
    return () => {
      win.removeEventListener("popstate", deferred);
      win.removeEventListener("hashchange", deferred);
      nav.removeEventListener("currententrychange", deferred);
    };
  }

  const hooked = win as HookedWindow;
  let hooks = hooked[HISTORY_HOOK];
  if (!hooks) {
    const set = new Set<() => void>();
    hooks = set;
    Object.defineProperty(win, HISTORY_HOOK, { value: set, configurable: true });
    for (const method of ["pushState", "replaceState"] as const) {
      const original = win.history[method];
      win.history[method] = function (this: History, ...args: Parameters<History["pushState"]>) {
        const result = original.apply(this, args);
        for (const fn of set) fn();
        return result;
      };
    }
  }
  hooks.add(deferred);
  return () => {
    win.removeEventListener("popstate", deferred);
    win.removeEventListener("hashchange", deferred);
    hooks.delete(deferred);
  };
}
