import { loadDemoPart } from "../lazy";
import type { DemoSession, DemoSessionContext } from "../demo/session";

/**
 * The demo session, with the player loaded on the first `play()` (src/lazy.ts): most visits
 * never play a demo. While the part loads, the demo counts as playing (so the tour never takes
 * what follows for the user's doing) and `stop()`/`destroy()` cancel it before it starts.
 */
export function lazyDemoSession(
  ctx: DemoSessionContext,
  failed: (error: unknown) => void,
): DemoSession {
  let real: DemoSession | null = null;
  let pending: {
    guide: Parameters<DemoSession["play"]>[0];
    step: Parameters<DemoSession["play"]>[1];
  } | null = null;
  let destroyed = false;
  const session: DemoSession = {
    async play(guide, step) {
      if (real) return real.play(guide, step);
      const request = (pending = { guide, step });
      let part;
      try {
        part = await loadDemoPart();
      } catch (error) {
        if (pending === request) pending = null;
        failed(error);
        return;
      }
      if (destroyed) return;
      real ??= part.createDemoSession(ctx);
      if (pending !== request) return; // stopped, or replaced by a later play(), while loading
      pending = null;
      return real.play(guide, step);
    },
    current: () =>
      real?.current() ?? (pending ? { guide: pending.guide, step: pending.step } : null),
    playing: () => real?.playing() ?? pending !== null,
    pause: () => real?.pause(),
    resume: () => real?.resume(),
    stop: () => {
      pending = null;
      real?.stop();
    },
    replay: () => real?.replay(),
    setSpeed: (next) => real?.setSpeed(next),
    destroy: () => {
      destroyed = true;
      pending = null;
      real?.destroy();
    },
  };
  return session;
}
