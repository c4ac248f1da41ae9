/**
 * `waymark check <guides> --url <app url>`: opens each step's page of the app in Chromium and
 * reports step targets that match nothing, match several elements, or are hidden, with the
 * guide problems `waymark validate` finds.
 */
import type { Page } from "playwright-core";
import { docsLink, problem, type GuideProblem } from "../guide/problem";
import { closest, didYouMean } from "../guide/suggest";
import { quote } from "../guide/values";
import { planVisits, type PageVisit, type TargetCheck } from "./check-plan";
import { checkSources, type LocatedProblem } from "./check-sources";
import { findChromium, launchChromium } from "./chromium";
import { collectFiles, UsageError } from "./files";
import type { Io, Options } from "./main";
import { failed, formatReport, type Note } from "./report";

export async function runCheck(options: Options, io: Io): Promise<number> {
  if (options.url === undefined) {
    throw new UsageError("waymark check needs the app's address: --url http://localhost:3000");
  }
  let appUrl: string;
  try {
    appUrl = new URL(options.url).href;
  } catch {
    throw new UsageError(
      `--url ${JSON.stringify(options.url)} is not a URL; write e.g. --url http://localhost:3000`,
    );
  }
  const { sources, listFolder } = collectFiles(options.paths, io.cwd);
  const checked = checkSources(sources, { listFolder });
  const { visits, skipped } = planVisits(checked.guides, appUrl);
  const executable = findChromium(options.chromium, io.env);
  const browser = await launchChromium(executable);
  const found: GuideProblem[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    for (const visit of visits) found.push(...(await checkVisit(await context.newPage(), visit)));
  } finally {
    await browser.close();
  }
  const located = found.map((p): LocatedProblem => ({
    ...p,
    ...checked.locate(p.file, p.path),
    docs: docsLink(p.path),
  }));
  const order = new Map(sources.map((s, i) => [s.file, i]));
  const problems = [...checked.problems, ...located].sort(
    (a, b) =>
      (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.line - b.line || a.column - b.column,
  );
  const notes: Note[] = skipped.map((s) => ({ ...s, ...checked.locate(s.file, s.path) }));
  const report = { files: sources.map((s) => s.file), problems, notes, strict: options.strict };
  io.stdout(formatReport(report, options.format, io.color ?? false));
  return failed(report) ? 1 : 0;
}

type Stats = { invalid?: string; count: number; visible: number; ids: string[]; classes: string[] };

async function checkVisit(page: Page, visit: PageVisit): Promise<GuideProblem[]> {
  const problems: GuideProblem[] = [];
  const first = visit.checks[0]!;
  const stepPath = first.path.replace(/^(\$\.steps\[\d+\]).*$/, "$1");
  try {
    const response = await page.goto(visit.url, { waitUntil: "load", timeout: 30_000 });
    if (response && !response.ok()) {
      return [
        problem(visit.file, `${stepPath}.page`, "error", {
          message: `${visit.url} answered HTTP ${response.status()}, so this step's page can't be checked`,
          suggestion: 'check the step\'s "page" and the --url',
        }),
      ];
    }
  } catch (error) {
    return [
      problem(visit.file, `${stepPath}.page`, "error", {
        message: `could not open ${visit.url}: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}`,
        suggestion: 'check that the app is running at --url, and the step\'s "page"',
      }),
    ];
  }
  for (const check of visit.checks) {
    const problem = await checkTarget(page, visit, check);
    if (problem) problems.push(problem);
  }
  await page.close();
  return problems;
}

async function checkTarget(
  page: Page,
  visit: PageVisit,
  check: TargetCheck,
): Promise<GuideProblem | undefined> {
  const where = new URL(visit.url);
  const shown = `${where.pathname}${where.search}${where.hash}`;
  await page
    .waitForFunction(
      (selector) => {
        try {
          return [...document.querySelectorAll(selector)].some((el) => {
            const rect = el.getBoundingClientRect();
            const html = el as HTMLElement;
            const styled =
              typeof html.checkVisibility === "function"
                ? html.checkVisibility({ checkVisibilityCSS: true })
                : getComputedStyle(el).visibility !== "hidden";
            return styled && (rect.width > 0 || rect.height > 0);
          });
        } catch {
          return true;
        }
      },
      check.selector,
      { timeout: check.wait, polling: 100 },
    )
    .catch(() => undefined);
  const stats: Stats = await page.evaluate((selector) => {
    const ids = [...document.querySelectorAll("[id]")].map((el) => el.id).slice(0, 2000);
    const classes = [
      ...new Set([...document.querySelectorAll("[class]")].flatMap((el) => [...el.classList])),
    ].slice(0, 2000);
    let all: Element[];
    try {
      all = [...document.querySelectorAll(selector)];
    } catch (error) {
      return {
        invalid: error instanceof Error ? error.message : String(error),
        count: 0,
        visible: 0,
        ids,
        classes,
      };
    }
    const visible = all.filter((el) => {
      const rect = el.getBoundingClientRect();
      const html = el as HTMLElement;
      const styled =
        typeof html.checkVisibility === "function"
          ? html.checkVisibility({ checkVisibilityCSS: true })
          : getComputedStyle(el).visibility !== "hidden";
      return styled && (rect.width > 0 || rect.height > 0);
    }).length;
    return { count: all.length, visible, ids, classes };
  }, check.selector);

  const severity = check.mayBeMissing ? "warning" : "error";
  const skipNote = check.mayBeMissing
    ? ' (the step has "ifMissing": "skip", so the tour skips it then)'
    : "";
  if (stats.invalid !== undefined) {
    return problem(visit.file, check.path, "error", {
      message: `the browser rejects this selector: ${stats.invalid}`,
      found: quote(check.selector),
    });
  }
  if (stats.count === 0) {
    return problem(visit.file, check.path, severity, {
      message: `${quote(check.selector)} matches nothing on ${shown} (waited ${check.wait / 1000} s)${skipNote}`,
      suggestion:
        nearMiss(check.selector, stats) ??
        'check the selector against the page, or the step\'s "page"',
    });
  }
  if (stats.visible === 0) {
    return problem(visit.file, check.path, severity, {
      message: `${quote(check.selector)} matches ${stats.count === 1 ? "an element" : `${stats.count} elements`} on ${shown}, but ${stats.count === 1 ? "it is" : "all are"} hidden${skipNote}`,
      suggestion: "point at an element users can see, or show it before this step",
    });
  }
  if (check.kind === "target" && stats.count > 1) {
    return problem(visit.file, check.path, "warning", {
      message: `${quote(check.selector)} matches ${stats.count} elements on ${shown} (${stats.visible} visible); the step attaches to the first visible one`,
      suggestion: "make the selector match one element, e.g. with an id or a data- attribute",
    });
  }
  return undefined;
}

/** "did you mean "#nav-customers"?" for a lone #id or .class that is almost on the page. */
function nearMiss(selector: string, stats: Stats): string | undefined {
  const id = /^#([\w-]+)$/.exec(selector)?.[1];
  if (id) {
    const guess = closest(id, stats.ids);
    return guess ? didYouMean(`#${guess}`) : undefined;
  }
  const cls = /^\.([\w-]+)$/.exec(selector)?.[1];
  const guess = cls ? closest(cls, stats.classes) : undefined;
  return guess ? didYouMean(`.${guess}`) : undefined;
}
