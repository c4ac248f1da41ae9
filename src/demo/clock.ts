/**
 * The demo's sense of time: waits that stretch with the speed control, freeze while paused and
 * end at once when the demo is stopped (they reject with the signal's reason).
 */
export interface DemoClock {
  /** Waits `ms` of demo time (at 2× speed, half as long). */
  sleep(ms: number): Promise<void>;
  pause(): void;
  resume(): void;
  readonly paused: boolean;
  speed: number;
}

/** Waits are cut into slices so a speed change or a pause takes effect promptly. */
const SLICE_MS = 50;

export class DemoStopped extends Error {
  constructor() {
    super("The demo was stopped.");
    this.name = "DemoStopped";
  }
}

export function createClock(signal: AbortSignal, speed = 1): DemoClock {
  let paused = false;
  let wake: (() => void) | null = null;
  const wakeUp = () => {
    wake?.();
    wake = null;
  };
  signal.addEventListener("abort", wakeUp, { once: true });

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      }
      signal.addEventListener("abort", done, { once: true });
    });

  const clock: DemoClock = {
    speed,
    get paused() {
      return paused;
    },
    async sleep(ms) {
      let remaining = ms;
      do {
        if (signal.aborted) throw new DemoStopped();
        if (paused) {
          await new Promise<void>((resolve) => (wake = resolve));
          continue;
        }
        const slice = Math.min(remaining / clock.speed, SLICE_MS);
        await delay(slice);
        remaining -= slice * clock.speed;
      } while (remaining > 0.5);
      if (signal.aborted) throw new DemoStopped();
    },
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      wakeUp();
    },
  };
  return clock;
}
