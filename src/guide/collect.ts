/**
 * Where in a (valid) guide the values of one kind sit, with their JSON paths: every condition,
 * every path/URL glob, every CSS selector, every text. Rules that check one kind of value walk
 * these lists instead of knowing the whole format.
 */
import type { Condition, Guide, LocalizedText, RequestMatch } from "./schema";
import { MAX_DEPTH } from "./scan-input";

export type Found<T> = { path: string; value: T };

/** Every condition in a guide (start, goal, branch `when`s) and the conditions nested in them. */
export function collectConditions(guide: Guide): Found<Condition>[] {
  const out: Found<Condition>[] = [];
  const add = (path: string, c: Condition, depth = 0) => {
    if (depth > MAX_DEPTH) return;
    out.push({ path, value: c });
    c.all?.forEach((x, i) => add(`${path}.all[${i}]`, x, depth + 1));
    c.any?.forEach((x, i) => add(`${path}.any[${i}]`, x, depth + 1));
    if (c.not) add(`${path}.not`, c.not, depth + 1);
  };
  if (guide.start) add("$.start", guide.start);
  if (guide.goal) add("$.goal", guide.goal);
  (guide.steps ?? []).forEach((step, j) => {
    if (!Array.isArray(step.next)) return;
    step.next.forEach((b, k) => b.when && add(`$.steps[${j}].next[${k}].when`, b.when));
  });
  return out;
}

/** A glob and what it is matched against: the page's location, or a request's URL. */
export type GlobUse = "page" | "url";

/** Every page glob and request URL glob in a guide, with what it is matched against. */
export function collectGlobs(guide: Guide): (Found<string> & { use: GlobUse })[] {
  const out: (Found<string> & { use: GlobUse })[] = [];
  const page = (path: string, value: string | undefined) =>
    value !== undefined && out.push({ path, value, use: "page" });
  const request = (path: string, match: RequestMatch | undefined) =>
    match && out.push({ path: `${path}.url`, value: match.url, use: "url" });
  for (const { path, value } of collectConditions(guide)) page(`${path}.page`, value.page);
  request("$.goal.request", guide.goal?.request);
  (guide.steps ?? []).forEach((step, i) => {
    page(`$.steps[${i}].page`, step.page);
    const advance = step.advance;
    if (typeof advance === "object" && "page" in advance)
      page(`$.steps[${i}].advance.page`, advance.page);
    if (typeof advance === "object" && "request" in advance)
      request(`$.steps[${i}].advance.request`, advance.request);
  });
  (guide.help ?? []).forEach((entry, i) => {
    page(`$.help[${i}].when.page`, entry.when.page);
    request(`$.help[${i}].when.request`, entry.when.request);
  });
  return out;
}

/** Every CSS selector in a guide: targets, advance and condition elements, demo targets. */
export function collectSelectors(guide: Guide): Found<string>[] {
  const out: Found<string>[] = [];
  const add = (path: string, value: string | true | undefined) =>
    typeof value === "string" && out.push({ path, value });
  for (const { path, value } of collectConditions(guide)) add(`${path}.element`, value.element);
  (guide.steps ?? []).forEach((step, i) => {
    const at = `$.steps[${i}]`;
    add(`${at}.target`, step.target);
    const advance = step.advance;
    if (typeof advance === "object") {
      if ("click" in advance) add(`${at}.advance.click`, advance.click);
      if ("input" in advance) add(`${at}.advance.input`, advance.input);
      if ("element" in advance) add(`${at}.advance.element`, advance.element);
    }
    step.demo?.forEach(
      (action, k) => "target" in action && add(`${at}.demo[${k}].target`, action.target),
    );
  });
  (guide.help ?? []).forEach((entry, i) => {
    add(`$.help[${i}].target`, entry.target);
    add(`$.help[${i}].when.invalid`, entry.when.invalid);
    add(`$.help[${i}].when.rage`, entry.when.rage);
  });
  return out;
}

/** Every text a user reads (titles, bodies, captions, labels), as written: string or locale map. */
export function collectTexts(guide: Guide): Found<LocalizedText>[] {
  const out: Found<LocalizedText>[] = [];
  const add = (path: string, value: LocalizedText | undefined) =>
    value !== undefined && out.push({ path, value });
  add("$.title", guide.title);
  add("$.summary", guide.summary);
  (guide.steps ?? []).forEach((step, i) => {
    add(`$.steps[${i}].title`, step.title);
    add(`$.steps[${i}].body`, step.body);
    step.demo?.forEach((action, k) => {
      if (action.do === "say") add(`$.steps[${i}].demo[${k}].text`, action.text);
    });
  });
  (guide.help ?? []).forEach((entry, i) => {
    add(`$.help[${i}].title`, entry.title);
    add(`$.help[${i}].body`, entry.body);
    entry.actions?.forEach((action, k) => add(`$.help[${i}].actions[${k}].label`, action.label));
  });
  return out;
}
