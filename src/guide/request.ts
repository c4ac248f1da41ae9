import { matchUrl } from "./glob";
import type { RequestMatch, StatusPattern } from "./schema";

/** The facts about a finished request that guide rules can match on. */
export interface RequestFacts {
  method: string;
  url: string;
  /** 0 when no response arrived. */
  status: number;
  network: boolean;
}

function statusMatches(pattern: StatusPattern, status: number): boolean {
  if (typeof pattern === "number") return pattern === status;
  const hundreds = Number(pattern[0]);
  return status >= hundreds * 100 && status < hundreds * 100 + 100;
}

/** Does the request's URL and method match (ignoring the outcome)? */
export function matchRequestTarget(
  match: RequestMatch,
  request: RequestFacts,
  base: string,
): boolean {
  if (match.method && match.method.toUpperCase() !== request.method.toUpperCase()) return false;
  return matchUrl(match.url, request.url, base);
}

/**
 * Does the outcome match? `status` may be one pattern or a list; `network: true` matches
 * requests that got no response. With neither, `defaultStatus` decides ("2xx" for advances
 * and goals: the user reached the outcome).
 */
export function matchRequestOutcome(
  match: RequestMatch,
  request: RequestFacts,
  defaultStatus?: StatusPattern,
): boolean {
  if (request.network) return match.network === true;
  if (match.network === true && match.status === undefined) return false;
  const status = match.status ?? defaultStatus;
  if (status === undefined) return true;
  const patterns = Array.isArray(status) ? status : [status];
  return patterns.some((p) => statusMatches(p, request.status));
}
