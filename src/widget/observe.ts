import { observeRequests } from "../capture/requests";
import { guard } from "../diagnostics";
import type { RequestFacts } from "../guide/request";
import { watchLocation } from "../tour/navigation";
import type { WidgetContext } from "./context";

/**
 * Observation of the page: every response and SPA location change goes to the listeners (the
 * tour, demos), then goals are checked; a location change may also offer a guide.
 */
export function observePage(
  ctx: Pick<WidgetContext, "win" | "diagnostics" | "cleanups" | "destroyed"> & {
    requestListeners: Set<(request: RequestFacts) => void>;
    locationListeners: Set<(location: { path: string; hash: string }) => void>;
    checkGoals(request?: RequestFacts): void;
    offer(): void;
  },
): void {
  const { win, diagnostics, cleanups, checkGoals } = ctx;
  cleanups.push(
    observeRequests((request) => {
      if (ctx.destroyed()) return;
      guard(
        diagnostics,
        "request observer",
        () => {
          for (const fn of [...ctx.requestListeners]) fn(request);
          checkGoals(request);
        },
        undefined,
      );
    }, win),
  );
  cleanups.push(
    watchLocation(win, (location) =>
      guard(
        diagnostics,
        "navigation",
        () => {
          for (const fn of [...ctx.locationListeners]) fn(location);
          checkGoals();
          ctx.offer();
        },
        undefined,
      ),
    ),
  );
}
