/**
 * Page and request globs (SPEC §3): `*` is one path segment (or part of one), `**` any number of
 * segments including none, `?` one character. A trailing slash is insignificant, the query
 * string is ignored, and the hash is compared only when the glob contains `#`.
 *
 * Globs compile to a small segment program rather than a RegExp: even a regex without nested
 * quantifiers backtracks polynomially on globs like `/*a*a*a*b`, while the greedy matcher below
 * is O(glob × path) in the worst case, and no character of the glob is ever interpreted as
 * regex syntax.
 */

/** A compiled glob: true when a location (`/path?query#hash`) matches. */
export type PathMatcher = (path: string) => boolean;

/** One glob segment: `**`, or a per-segment pattern of literals, `*` and `?`. */
type SegmentPattern = { globstar: true } | { globstar: false; tokens: readonly string[] };

type CompiledGlob = {
  path: readonly SegmentPattern[];
  /** Present only when the glob contains `#`. */
  hash: readonly SegmentPattern[] | undefined;
};

const MAX_GLOB_LENGTH = 2048;
const MAX_CACHED = 500;
const ABSOLUTE_URL = /^https?:\/\//i;
const never: PathMatcher = () => false;

// Compiled matchers are pure functions of the glob text, so sharing them between widget
// instances is safe; the cache is bounded so user-supplied globs cannot grow it forever.
const cache = new Map<string, PathMatcher>();

/**
 * Why `glob` is not a usable page or request glob, written for the guide author, or `null` when
 * it is fine.
 */
export function isValidGlob(glob: string): string | null {
  if (typeof glob !== "string" || glob.trim() === "") {
    return 'The glob is empty; write a path such as "/invoices" or "/billing/**".';
  }
  if (glob.length > MAX_GLOB_LENGTH) {
    return `The glob is ${glob.length} characters long; globs are limited to ${MAX_GLOB_LENGTH}.`;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(glob)) {
    return `The glob "${printable(glob)}" contains a control character (a tab or line break?); remove it.`;
  }
  let rest = glob;
  if (ABSOLUTE_URL.test(glob)) {
    const origin = splitOrigin(glob);
    if (!origin) {
      return `The glob "${glob}" starts like a URL but has no valid host; write "https://api.example.com/path/**".`;
    }
    if (/[*?]/.test(origin.origin)) {
      return `The glob "${glob}" has a wildcard in its origin; only the path may contain * or ?. Give one glob per origin, or a path-only glob to match any origin.`;
    }
    rest = origin.rest;
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(glob)) {
    return `The glob "${glob}" has an unsupported scheme; use a path such as "/invoices" or a full "https://…" URL.`;
  } else if (glob.startsWith("//")) {
    return `The glob "${glob}" starts with "//"; write "/path" for this site or "https://host/path" for another origin.`;
  }
  if (rest.indexOf("#") !== rest.lastIndexOf("#")) {
    return `The glob "${glob}" contains more than one "#"; only one hash part is allowed.`;
  }
  if (/\*{3,}/.test(rest)) {
    return `The glob "${glob}" contains "***"; use "*" for one path segment or "**" for any number of segments.`;
  }
  for (const segment of rest.split(/[/#]/)) {
    if (segment.includes("**") && segment !== "**") {
      return `The glob "${glob}" uses "**" inside the segment "${segment}"; "**" must be a whole segment (as in "/billing/**"), use "*" within a segment.`;
    }
  }
  const query = rest.indexOf("?");
  if (query >= 0 && rest.slice(query).includes("=")) {
    return `The glob "${glob}" looks like it contains a query string; globs match the path only ("?" stands for one character), so drop the "?${rest.slice(query + 1)}" part.`;
  }
  return null;
}

/**
 * Compile a path glob into a matcher for locations such as `/invoices/42?tab=1#notes` (query
 * ignored; hash compared only when the glob has `#`). Cached per glob text. An invalid glob (see
 * {@link isValidGlob}) compiles to a matcher that never matches.
 */
export function compileGlob(glob: string): PathMatcher {
  let matcher = cache.get(glob);
  if (matcher) return matcher;
  if (isValidGlob(glob) !== null || ABSOLUTE_URL.test(glob)) {
    matcher = never;
  } else {
    const compiled = compile(glob);
    matcher = (location) => matchCompiled(compiled, location);
  }
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(glob, matcher);
  return matcher;
}

/** Whether the location `path` (`/path?query#hash`) matches the path glob `glob`. */
export function matchGlob(glob: string, path: string): boolean {
  return compileGlob(glob)(path);
}

/**
 * Whether the request URL `url` (absolute, or relative to `base`) matches `glob`. A glob starting
 * with `http://` or `https://` must match origin and path; any other glob is compared with the
 * URL's path alone, whatever its origin.
 */
export function matchUrl(glob: string, url: string, base: string): boolean {
  let target: URL;
  try {
    target = new URL(url, base);
  } catch {
    return false;
  }
  const location = target.pathname + target.hash;
  if (!ABSOLUTE_URL.test(glob)) return compileGlob(glob)(location);
  if (isValidGlob(glob) !== null) return false;
  const split = splitOrigin(glob);
  if (!split || split.origin !== target.origin) return false;
  // "https://api.example.com" and "https://api.example.com#x" mean the root path.
  return compileGlob(split.rest.startsWith("/") ? split.rest : "/" + split.rest)(location);
}

/** `https://Host:443/a/**` → origin `https://host` (normalised by URL) and rest `/a/**`. */
function splitOrigin(glob: string): { origin: string; rest: string } | null {
  const end = glob.slice(glob.indexOf("//") + 2).search(/[/?#]/);
  const cut = end < 0 ? glob.length : glob.indexOf("//") + 2 + end;
  const raw = glob.slice(0, cut);
  if (/[*?]/.test(raw)) return { origin: raw, rest: glob.slice(cut) };
  try {
    const parsed = new URL(raw);
    if (parsed.host === "" || parsed.username !== "" || parsed.password !== "") return null;
    return { origin: parsed.origin, rest: glob.slice(cut) };
  } catch {
    return null;
  }
}

function compile(glob: string): CompiledGlob {
  const hashAt = glob.indexOf("#");
  // A hash-only glob ("#/settings") leaves the path free: hash-routed apps live at any path.
  const pathPart = hashAt < 0 ? glob : hashAt === 0 ? "**" : glob.slice(0, hashAt);
  return {
    path: segmentsOf(pathPart).map(compileSegment),
    hash: hashAt < 0 ? undefined : segmentsOf(glob.slice(hashAt + 1)).map(compileSegment),
  };
}

function compileSegment(segment: string): SegmentPattern {
  if (segment === "**") return { globstar: true };
  // Literal runs are kept as single tokens; "*" and "?" are tokens of their own.
  const tokens: string[] = [];
  let literal = "";
  for (const ch of segment) {
    if (ch === "*" || ch === "?") {
      if (literal) tokens.push(literal);
      literal = "";
      tokens.push(ch);
    } else {
      literal += ch;
    }
  }
  if (literal) tokens.push(literal);
  return { globstar: false, tokens };
}

function matchCompiled(glob: CompiledGlob, location: string): boolean {
  const hashAt = location.indexOf("#");
  const path = withoutQuery(hashAt < 0 ? location : location.slice(0, hashAt));
  if (!matchSegments(glob.path, segmentsOf(path))) return false;
  if (!glob.hash) return true;
  // Hash routers put queries in the hash too ("#/search?q=x"); those are ignored as well.
  const hash = hashAt < 0 ? "" : withoutQuery(location.slice(hashAt + 1));
  return matchSegments(glob.hash, segmentsOf(hash));
}

function withoutQuery(part: string): string {
  const queryAt = part.indexOf("?");
  return queryAt < 0 ? part : part.slice(0, queryAt);
}

/**
 * Split on "/", dropping empty segments: that makes a trailing (or doubled) slash insignificant
 * and a missing leading slash harmless. Segments are percent-decoded one by one, so `%2F` never
 * creates a new segment and `/caf%C3%A9` matches the glob `/café`.
 */
function segmentsOf(path: string): string[] {
  const segments: string[] = [];
  for (const raw of path.split("/")) {
    if (raw !== "") segments.push(decodeSegment(raw));
  }
  return segments;
}

function decodeSegment(raw: string): string {
  if (!raw.includes("%")) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw; // A malformed escape such as "%E0%A4%A" is compared as written.
  }
}

/**
 * Greedy wildcard matching with a single backtrack point (the classic two-pointer algorithm):
 * `**` absorbs whole segments, every other pattern matches exactly one segment.
 */
function matchSegments(patterns: readonly SegmentPattern[], segments: readonly string[]): boolean {
  let p = 0;
  let s = 0;
  let starP = -1;
  let starS = 0;
  while (s < segments.length) {
    const pattern = patterns[p];
    const segment = segments[s] as string;
    if (pattern?.globstar) {
      starP = p++;
      starS = s;
    } else if (pattern && matchTokens(pattern.tokens, segment)) {
      p++;
      s++;
    } else if (starP >= 0) {
      p = starP + 1;
      s = ++starS;
    } else {
      return false;
    }
  }
  while (patterns[p]?.globstar) p++;
  return p === patterns.length;
}

/** The same algorithm inside one segment: `*` absorbs characters, `?` is one code point. */
function matchTokens(tokens: readonly string[], text: string): boolean {
  const chars = Array.from(text);
  let t = 0;
  let c = 0;
  let starT = -1;
  let starC = 0;
  while (c < chars.length) {
    const token = tokens[t];
    if (token === "*") {
      starT = t++;
      starC = c;
      continue;
    }
    if (token === "?") {
      t++;
      c++;
      continue;
    }
    if (token !== undefined && startsWithAt(chars, c, token)) {
      t++;
      c += Array.from(token).length;
      continue;
    }
    if (starT < 0) return false;
    t = starT + 1;
    c = ++starC;
  }
  while (tokens[t] === "*") t++;
  return t === tokens.length;
}

function startsWithAt(chars: readonly string[], at: number, literal: string): boolean {
  let i = at;
  for (const ch of literal) {
    if (chars[i++] !== ch) return false;
  }
  return true;
}

function printable(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}
