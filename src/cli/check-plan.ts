/**
 * What `waymark check` looks at: for every step of every guide, the page it lives on (resolved
 * against the app's URL) and the selectors it needs there. Steps whose page is a pattern can't
 * be opened and are noted instead. Pure, so it is tested without a browser.
 */
import type { Guide, Step } from "../guide/schema";

export type TargetCheck = {
  /** JSON path of the selector: `$.steps[2].target`. */
  path: string;
  selector: string;
  /** How long the step waits for it, in ms. */
  wait: number;
  /** A missing target is expected by the guide ("ifMissing": "skip"). */
  mayBeMissing: boolean;
  /** Only the step target must be unique; demo and advance selectors may match several. */
  kind: "target" | "advance" | "demo";
};

export type PageVisit = { url: string; file: string; guide: string; checks: TargetCheck[] };
export type Skipped = { file: string; path: string; message: string };

/** How long a step waits for its target by default (the widget's DEFAULT_TARGET_WAIT_MS). */
export const DEFAULT_WAIT_MS = 4000;

const isPattern = (page: string) => /[*?]/.test(page);

export function planVisits(
  guides: readonly { file: string; guide: Guide }[],
  appUrl: string,
): { visits: PageVisit[]; skipped: Skipped[] } {
  const visits: PageVisit[] = [];
  const skipped: Skipped[] = [];
  for (const { file, guide } of guides) {
    const startPage =
      guide.start?.page !== undefined && !isPattern(guide.start.page)
        ? guide.start.page
        : undefined;
    let current: string | undefined = startPage;
    (guide.steps ?? []).forEach((step, i) => {
      const page = step.page ?? current;
      current = page;
      const checks = checksOf(step, i);
      if (checks.length === 0) return;
      if (page !== undefined && isPattern(page)) {
        skipped.push({
          file,
          path: `$.steps[${i}].page`,
          message: `step "${step.id}" lives on the page pattern "${page}", which can't be opened; check it by hand or give the step a concrete "page"`,
        });
        return;
      }
      let url: string;
      try {
        url = new URL(page ?? "", appUrl).href;
      } catch {
        skipped.push({
          file,
          path: `$.steps[${i}].page`,
          message: `"${page}" is not a URL that can be opened against ${appUrl}`,
        });
        return;
      }
      const visit = visits.find((v) => v.url === url && v.file === file);
      if (visit) visit.checks.push(...checks);
      else visits.push({ url, file, guide: guide.id, checks });
    });
  }
  return { visits, skipped };
}

function checksOf(step: Step, i: number): TargetCheck[] {
  const at = `$.steps[${i}]`;
  const wait = step.wait ?? DEFAULT_WAIT_MS;
  const mayBeMissing = step.ifMissing === "skip";
  const checks: TargetCheck[] = [];
  if (step.target)
    checks.push({
      path: `${at}.target`,
      selector: step.target,
      wait,
      mayBeMissing,
      kind: "target",
    });
  const advance = step.advance;
  if (typeof advance === "object") {
    // "element" waits for something to appear later, so it is not looked for up front.
    if ("click" in advance && typeof advance.click === "string")
      checks.push({
        path: `${at}.advance.click`,
        selector: advance.click,
        wait,
        mayBeMissing,
        kind: "advance",
      });
    if ("input" in advance && typeof advance.input === "string")
      checks.push({
        path: `${at}.advance.input`,
        selector: advance.input,
        wait,
        mayBeMissing,
        kind: "advance",
      });
  }
  step.demo?.forEach((action, k) => {
    if ("target" in action)
      checks.push({
        path: `${at}.demo[${k}].target`,
        selector: action.target,
        wait,
        mayBeMissing,
        kind: "demo",
      });
  });
  // One report per selector and step: a demo that points at the target adds nothing to check.
  return checks.filter((c, n) => checks.findIndex((d) => d.selector === c.selector) === n);
}
