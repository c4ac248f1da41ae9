/**
 * Loads guides from a guide file, an index file (`{"guides": ["a.json", …]}`) or inline objects,
 * and turns everything that can go wrong on the way (HTTP errors, offline, broken JSON, invalid
 * guides) into problems for the designer. One bad file never keeps the others from loading, and
 * nothing here throws: the widget must not break the host page over a typo in a guide.
 *
 * Valid guides only need the fast check (check.ts). Saying what is wrong with a broken one is
 * the `explain` part's job, loaded only then; if it can't be loaded, the guide is still
 * rejected, in valibot's plainer words.
 */
import { loadExplainPart, type ExplainPart } from "../lazy";
import { checkGuide, fromIssues, isSchemaFailure, type GuideValidation } from "./check";
import { crossCheck } from "./cross-check";
import { errorText, type GuideProblem } from "./problem";
import type { Guide } from "./schema";
import { preview } from "./values";

export { formatProblem } from "./problem";

export type LoadedGuide = { guide: Guide; file: string };

export type LoadOptions = {
  /** The fetch to use (the page's original one, so our own requests aren't captured). */
  fetch: typeof fetch;
  /** What relative guide URLs resolve against, usually `document.baseURI`. */
  baseUrl: string;
  /** Sent as Accept-Language, for servers that localize guide files. Default: not sent. */
  locale?: string | undefined;
};

export type LoadResult = { guides: LoadedGuide[]; problems: GuideProblem[] };

export async function loadGuides(
  source: string | unknown[],
  options: LoadOptions,
): Promise<LoadResult> {
  const problems: GuideProblem[] = [];
  const candidates: Candidate[] = [];
  const explainer = explainerLoader();
  try {
    if (Array.isArray(source)) {
      source.forEach((data, i) =>
        candidates.push({ file: `config.guides[${i}]`, data, problems: [] }),
      );
    } else if (typeof source === "string") {
      candidates.push(...(await fromUrl(source, options, problems, explainer)));
    } else {
      problems.push({
        file: "config.guides",
        path: "$",
        message: '"guides" must be the URL of a guide or index file, or a list of guide objects',
        found: preview(source),
        suggestion: 'use data-guides="/guides/index.json"',
        severity: "error",
      });
    }
  } catch (error) {
    problems.push(unexpected("config.guides", error));
  }

  const valid: LoadedGuide[] = [];
  // Problems in the order of the files, whichever answered first.
  for (const { file, data, problems: fetchProblems } of candidates) {
    problems.push(...fetchProblems);
    if (data === undefined && !Array.isArray(source)) continue; // it could not be loaded
    if (typeof data === "string" && Array.isArray(source)) {
      // A list of URLs is a natural guess, but the list is for inline guide objects.
      problems.push({
        file,
        path: "$",
        message: "inline guides must be guide objects, not URLs",
        found: preview(data),
        suggestion:
          'to load several files, point "guides" at an index file {"guides": ["a.json", …]}',
        severity: "error",
      });
      continue;
    }
    const result = await validate(data, file, explainer);
    problems.push(...result.problems);
    if (result.ok) valid.push({ guide: result.guide, file });
  }
  try {
    problems.push(
      ...crossCheck(
        valid.map((g) => g.guide),
        valid.map((g) => g.file),
      ),
    );
  } catch (error) {
    problems.push(unexpected("config.guides", error));
  }
  // The first file with an id wins; crossCheck has told the designer about the others.
  const seen = new Set<string>();
  const guides = valid.filter(({ guide }) => !seen.has(guide.id) && Boolean(seen.add(guide.id)));
  return { guides, problems };
}

/** A file (or inline guide), its content (undefined if it couldn't be loaded) and what went wrong. */
type Candidate = { file: string; data: unknown; problems: GuideProblem[] };

/** The `explain` part, or why it could not be loaded. */
type Explainer = () => Promise<ExplainPart | string>;

/** Loads the `explain` part on first use, once per loadGuides call (so once if it fails). */
function explainerLoader(): Explainer {
  let loading: Promise<ExplainPart | string> | undefined;
  return () => (loading ??= loadExplainPart().catch((error: unknown) => errorText(error)));
}

/** What is said instead of the explanation when the part is missing. */
const unexplained = (reason: string) =>
  `the full explanation could not be loaded (${reason}); run \`npx waymark validate\` on this guide for it`;

/** The fast check; only a guide valibot rejects waits for the explainer. */
async function validate(
  data: unknown,
  file: string,
  explainer: Explainer,
): Promise<GuideValidation> {
  const check = checkGuide(data, file);
  if (!isSchemaFailure(check)) return check;
  let part = await explainer();
  if (typeof part !== "string") {
    try {
      return { ok: false, problems: part.explainSchemaFailure(data, file, check) };
    } catch (error) {
      part = errorText(error);
    }
  }
  const note = unexplained(part);
  const issues = fromIssues(check.issues, file).map((p) => ({ ...p, suggestion: note }));
  return { ok: false, problems: [...check.problems, ...issues] };
}

/** Where and why a file stops being JSON (json-error.ts, in the explainer), or the engine's word. */
async function explainJsonError(
  text: string,
  error: unknown,
  explainer: Explainer,
): Promise<[string, Partial<GuideProblem>]> {
  let part = await explainer();
  if (typeof part !== "string") {
    try {
      return part.jsonErrorProblem(text, error);
    } catch (failure) {
      part = errorText(failure);
    }
  }
  return [`not valid JSON: ${errorText(error)}`, { suggestion: unexplained(part) }];
}

async function fromUrl(
  source: string,
  options: LoadOptions,
  problems: GuideProblem[],
  explainer: Explainer,
): Promise<Candidate[]> {
  const url = resolve(source, options.baseUrl);
  if (!url) {
    problems.push({
      file: source,
      path: "$",
      message: `${JSON.stringify(source)} is not a URL that can be loaded`,
      expected: 'a URL like "/guides/index.json" or "https://example.com/guides/billing.json"',
      severity: "error",
    });
    return [];
  }
  const file = displayName(url, options.baseUrl);
  const data = await fetchJson(url, file, options, problems, explainer);
  if (data === undefined) return [];
  if (!isIndex(data)) return [{ file, data, problems: [] }];

  const urls = indexEntries(data, url, file, problems);
  const files = await Promise.all(
    urls.map(async (entry): Promise<Candidate> => {
      const name = displayName(entry, options.baseUrl);
      const own: GuideProblem[] = [];
      const content = await fetchJson(entry, name, options, own, explainer);
      if (content !== undefined && isIndex(content)) {
        own.push({
          file: name,
          path: "$.guides",
          message: "this is an index file, but an index may only list guide files",
          suggestion: `list its guides in ${file} directly`,
          severity: "error",
        });
        return { file: name, data: undefined, problems: own };
      }
      return { file: name, data: content, problems: own };
    }),
  );
  return files;
}

/** An index is an object with a "guides" key and no "id" (a guide always has an id). */
function isIndex(data: unknown): data is Record<string, unknown> {
  return (
    typeof data === "object" &&
    data !== null &&
    !Array.isArray(data) &&
    "guides" in data &&
    !("id" in data)
  );
}

function indexEntries(
  index: Record<string, unknown>,
  indexUrl: URL,
  file: string,
  problems: GuideProblem[],
): URL[] {
  const add = (path: string, message: string, rest: Partial<GuideProblem> = {}) =>
    problems.push({ file, path, message, severity: "error", ...rest });
  for (const key of Object.keys(index)) {
    if (key !== "guides" && key !== "$schema") {
      add(`$.${key}`, `unknown key ${JSON.stringify(key)} in an index file`, {
        expected: '{"guides": ["billing.json", …]}',
        suggestion: "remove it",
        severity: "warning",
      });
    }
  }
  const list = index["guides"];
  if (!Array.isArray(list)) {
    add("$.guides", '"guides" must be a list of guide file URLs', {
      expected: '["billing.json", "onboarding.json"]',
      found: preview(list),
      ...(typeof list === "string" ? { suggestion: `write ["${list}"]` } : {}),
    });
    return [];
  }
  if (list.length === 0) add("$.guides", "the index lists no guide files", { severity: "warning" });
  const urls: URL[] = [];
  list.forEach((entry, i) => {
    const url =
      typeof entry === "string" && entry.trim() !== "" ? resolve(entry, indexUrl.href) : undefined;
    if (!url) {
      const inline = typeof entry === "object" && entry !== null;
      add(`$.guides[${i}]`, "each entry must be the URL of a guide file", {
        expected: '"billing.json" (relative to the index) or an absolute URL',
        found: preview(entry),
        ...(inline ? { suggestion: "put this guide in its own file and list its name here" } : {}),
      });
    } else if (urls.some((u) => u.href === url.href)) {
      add(`$.guides[${i}]`, `${JSON.stringify(entry)} is listed twice`, {
        suggestion: "remove the repeat",
        severity: "warning",
      });
    } else urls.push(url);
  });
  return urls;
}

function resolve(ref: string, base: string): URL | undefined {
  try {
    return new URL(ref);
  } catch {
    try {
      return new URL(ref, base);
    } catch {
      return undefined;
    }
  }
}

/** The name a designer knows the file by: its path on this site, or the full URL elsewhere. */
function displayName(url: URL, baseUrl: string): string {
  const base = resolve(baseUrl, baseUrl);
  return base && base.origin === url.origin && url.origin !== "null" ? url.pathname : url.href;
}

async function fetchJson(
  url: URL,
  file: string,
  options: LoadOptions,
  problems: GuideProblem[],
  explainer: Explainer,
): Promise<unknown> {
  const fail = (message: string, rest: Partial<GuideProblem> = {}) => {
    problems.push({ file, path: "$", message, severity: "error", ...rest });
    return undefined;
  };
  const headers: Record<string, string> = { Accept: "application/json" };
  // Accept-Language is CORS-safelisted only for these characters.
  if (options.locale && /^[A-Za-z0-9-]{1,35}$/.test(options.locale))
    headers["Accept-Language"] = options.locale;
  const crossOrigin = displayName(url, options.baseUrl) === url.href;
  let text: string;
  try {
    const response = await options.fetch(url.href, { headers });
    if (!response.ok) {
      return fail(
        `could not load ${url.href}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`,
        {
          expected: "HTTP 200 with the guide's JSON",
          suggestion: statusAdvice(response.status, crossOrigin),
        },
      );
    }
    text = await response.text();
  } catch (error) {
    return fail(`could not load ${url.href}: ${errorText(error)}`, {
      suggestion: crossOrigin
        ? `check the URL, that you are online, and that ${url.origin} allows this site (CORS: Access-Control-Allow-Origin)`
        : "check the URL, and that you are online and the server is running",
    });
  }
  text = text.replace(/^\uFEFF/, "");
  if (text.trim() === "")
    return fail("the file is empty", { expected: "a guide or index as JSON" });
  if (/^\s*</.test(text)) {
    return fail("got an HTML page instead of JSON", {
      found: preview(text.trim().slice(0, 40)),
      suggestion: `servers often answer a missing file with the app's page; check that ${url.pathname} exists`,
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return fail(...(await explainJsonError(text, error, explainer)));
  }
  if (Array.isArray(data)) {
    return fail("this file holds a list, not a guide", {
      expected: 'one guide object {"id": …}, or an index {"guides": ["a.json", …]}',
      found: preview(data),
      suggestion: "put each guide in its own file and list the files in an index",
    });
  }
  return data;
}

function statusAdvice(status: number, crossOrigin: boolean): string {
  if (status === 404 || status === 410)
    return "check that the file exists at this URL and that the path in data-guides or the index is right";
  if (status === 401 || status === 403)
    return "the server refused access; guide files must be readable without signing in";
  if (status >= 500) return "the server failed; check its logs, or try again later";
  return crossOrigin
    ? "check the URL and the other server's settings"
    : "check the URL and the server's settings";
}

function unexpected(file: string, error: unknown): GuideProblem {
  return {
    file,
    path: "$",
    message: `could not load the guides: ${errorText(error)}`,
    severity: "error",
  };
}
