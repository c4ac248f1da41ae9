import type { Guide } from "../guide/schema";
import type { Progress } from "../store/records";

/**
 * Whether a guide may start by itself (its `start` condition is checked separately), from its
 * `frequency` and the user's progress. A bumped `version` offers a guide again to everyone.
 * `offeredThisView`: it was already offered on this page view; nothing is offered twice in one
 * view, so closing a guide never brings it straight back.
 */
export function mayOffer(
  guide: Guide,
  progress: Progress | undefined,
  offeredThisView: boolean,
): boolean {
  if (offeredThisView) return false;
  if (!progress || progress.version !== (guide.version ?? 1)) return true;
  if (progress.status === "active") return false; // resumed, not offered
  switch (guide.frequency ?? "once") {
    case "once":
      return false;
    case "until-done":
      return progress.status !== "done";
    case "always":
      return true;
  }
}
