/**
 * Failures and whether a help rule's `when` matches one (SPEC §3, failure matchers), plus the
 * stable signatures recorded for insights. No DOM beyond `Element.matches`/`closest` on the
 * element a failure is about.
 */
import { compileGlob } from "../guide/glob";
import { matchRequestOutcome, matchRequestTarget } from "../guide/request";
import type { FailureMatch, RequestMatch } from "../guide/schema";
import type { CapturedError } from "../capture/errors";
import type { ObservedRequest } from "../capture/requests";
import type { TraceEntry } from "../capture/trace";

export type Failure =
  | { kind: "request"; request: ObservedRequest; entry?: TraceEntry }
  | { kind: "error"; error: CapturedError }
  | { kind: "invalid"; element: Element }
  | { kind: "event"; name: string; code?: string }
  | { kind: "stall"; guide?: string; step?: string }
  | { kind: "rage"; element: Element };

export type FailureKind = Failure["kind"];

/** True when a request outcome is a failure worth matching: an error status or no response. */
export function isFailedRequest(
  r: Pick<ObservedRequest, "status" | "network" | "aborted">,
): boolean {
  if (r.aborted) return false;
  return r.network || r.status >= 400;
}

/** True for failures that are the server's side: 5xx or no response at all. */
export function isServerSide(failure: Failure): boolean {
  return (
    failure.kind === "request" &&
    !failure.request.aborted &&
    (failure.request.network || failure.request.status >= 500)
  );
}

/** Does the request match the rule's url/method and outcome (json is checked separately)? */
export function matchRequestRule(
  match: RequestMatch,
  request: ObservedRequest,
  base: string,
): boolean {
  if (request.aborted) return false;
  if (!matchRequestTarget(match, request, base)) return false;
  if (match.status === undefined && match.network === undefined) return isFailedRequest(request);
  return matchRequestOutcome(match, request);
}

/** Reads a dotted path (`error.code`, `errors.0.code`) from a parsed JSON body. */
export function readPath(body: unknown, path: string): unknown {
  let at: unknown = body;
  for (const key of path.split(".")) {
    if (at === null || typeof at !== "object") return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

export function matchJson(expected: Record<string, unknown>, body: unknown): boolean {
  return Object.entries(expected).every(([path, value]) => readPath(body, path) === value);
}

function regex(source: string): RegExp | null {
  try {
    return new RegExp(source, "i");
  } catch {
    return null;
  }
}

function elementMatches(el: Element, selector: string, closest: boolean): boolean {
  try {
    return closest ? el.closest(selector) !== null : el.matches(selector);
  } catch {
    return false;
  }
}

/** `page` scope: the path (and hash, when the glob has `#`). */
export function pageMatches(glob: string | undefined, path: string, hash: string): boolean {
  if (glob === undefined) return true;
  const h = hash === "" || hash === "#" ? "" : hash.startsWith("#") ? hash : `#${hash}`;
  return compileGlob(glob)(path + h);
}

/**
 * Everything in `when` except `request.json` (which needs the body): all given keys must hold.
 * Returns false when the rule is about another kind of failure.
 */
export function matchFailure(
  when: FailureMatch,
  failure: Failure,
  location: { path: string; hash: string; href: string },
): boolean {
  if (!pageMatches(when.page, location.path, location.hash)) return false;
  let kinds = 0;
  if (when.request) {
    kinds++;
    if (
      failure.kind !== "request" ||
      !matchRequestRule(when.request, failure.request, location.href)
    )
      return false;
  }
  if (when.error) {
    kinds++;
    if (failure.kind !== "error") return false;
    if (when.error.message !== undefined && !regex(when.error.message)?.test(failure.error.message))
      return false;
    if (when.error.source !== undefined) {
      const source = `${failure.error.source ?? ""}\n${failure.error.stack ?? ""}`;
      if (!regex(when.error.source)?.test(source)) return false;
    }
  }
  if (when.invalid !== undefined) {
    kinds++;
    if (failure.kind !== "invalid" || !elementMatches(failure.element, when.invalid, false))
      return false;
  }
  if (when.event !== undefined) {
    kinds++;
    if (failure.kind !== "event" || failure.name !== when.event) return false;
    if (when.code !== undefined && failure.code !== when.code) return false;
  }
  if (when.stall) {
    kinds++;
    if (failure.kind !== "stall") return false;
    if (when.stall.guide !== undefined && failure.guide !== when.stall.guide) return false;
    if (when.stall.step !== undefined && failure.step !== when.stall.step) return false;
  }
  if (when.rage !== undefined) {
    kinds++;
    if (failure.kind !== "rage" || !elementMatches(failure.element, when.rage, true)) return false;
  }
  return kinds > 0;
}

// ---- Signatures ------------------------------------------------------------------------------

/**
 * Path segments that are ids (numbers, UUIDs, long hex or mixed tokens) become `:id`, so one
 * failure has one signature whatever record it was about, and no id is stored.
 */
export function normalizePath(path: string): string {
  return path
    .split("/")
    .map((segment) => {
      if (segment === "") return segment;
      if (/^\d+$/.test(segment)) return ":id";
      if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(segment))
        return ":id";
      if (/^[0-9a-f]{12,}$/i.test(segment)) return ":id";
      if (
        segment.length >= 6 &&
        /\d/.test(segment) &&
        /[a-z]/i.test(segment) &&
        /^[\w-]+$/.test(segment)
      )
        return ":id";
      if (segment.length > 40 || /@|%40/.test(segment)) return ":id";
      return segment;
    })
    .join("/");
}

/** A short description of an element, without any of its content: `input#amount`, `button[name=pay]`. */
export function describeElement(el: Element): string {
  const tag = el.tagName.toLowerCase();
  if (el.id && /^[\w-]{1,60}$/.test(el.id) && !/\d{4,}/.test(el.id)) return `${tag}#${el.id}`;
  const name = el.getAttribute("name");
  if (name && /^[\w.[\]-]{1,60}$/.test(name)) return `${tag}[name=${name}]`;
  return tag;
}

/**
 * A stable signature for insights: the same failure always gives the same string, and it never
 * carries ids, query strings, values or secrets. `messageCleaner` redacts error messages.
 */
export function failureSignature(
  failure: Failure,
  messageCleaner: (s: string) => string = (s) => s,
): string {
  switch (failure.kind) {
    case "request": {
      const r = failure.request;
      let where: string;
      try {
        where = normalizePath(new URL(r.url).pathname);
      } catch {
        where = "?";
      }
      return `request:${r.method} ${where} ${r.network ? "network" : r.status}`;
    }
    case "error": {
      const message = messageCleaner(failure.error.message)
        .replace(/\b\d+\b/g, "#")
        .replace(/(["'`]).{0,80}?\1/g, "$1…$1")
        .slice(0, 120);
      return `error:${message}`;
    }
    case "invalid":
      return `invalid:${describeElement(failure.element)}`;
    case "event":
      return `event:${failure.name}${failure.code ? `:${failure.code}` : ""}`;
    case "stall":
      return `stall:${failure.guide ?? ""}${failure.step ? `/${failure.step}` : ""}`;
    case "rage":
      return `rage:${describeElement(failure.element)}`;
  }
}
