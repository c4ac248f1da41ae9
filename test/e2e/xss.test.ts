/**
 * Content injection (issue #8 part 1): every payload of test/fixtures/xss/payloads.mjs is put
 * in every text field of a guide (guide title and summary, step title and body, demo caption,
 * help title, body and action labels; plain strings and locale maps alike) and rendered in
 * Chromium on every surface that shows it: the tour step, the demo caption and toolbar, the help
 * card, the "Before you contact us" panel, the report preview and insights. A global canary
 * must stay untouched, no element or attribute may appear that the widget did not mean to
 * render, no request may reach an attacker host, and links keep only http(s)/mailto/relative
 * destinations and open other origins in a new tab with noopener. Link payloads are also given
 * where the schema checks URLs: the validator must refuse them.
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { validateGuide } from "../../src/guide/validate";
import { safeHref } from "../../src/guide/markdown";
import { BAD_LINKS, GOOD_LINKS, PAYLOADS } from "../fixtures/xss/payloads.mjs";
import { unexpectedErrors, useBrowser } from "./browser";

const AUDIT = readFileSync(new URL("../fixtures/xss/audit.js", import.meta.url), "utf8");
const PAGE = "/test/fixtures/xss/page.html";
const CHUNKS = 3;

type Loc = string | Record<string, string>;
/** Every other payload goes in as a locale map, so both shapes of a text field are covered. */
const loc = (i: number, p: string): Loc => (i % 2 ? p : { en: p, de: p });
const body = (i: number, p: string) =>
  `${p}\n\n**${p}** and *${p}* and \`${p}\`\n\n- ${p}\n- [${p}](https://docs.example.com/${i})\n\n[link ${i}](${p})`;

/** One guide per payload: the payload in every text field the format has. */
function guideFor(i: number, p: string) {
  return {
    id: `x-${i}`,
    title: loc(i, p),
    summary: loc(i + 1, p),
    frequency: "always",
    steps: [
      {
        id: "s",
        title: loc(i, p),
        body: loc(i + 1, body(i, p)),
        page: PAGE,
        demo: [{ do: "say", text: loc(i, p) }],
      },
    ],
    help: [
      {
        id: `h${i}`,
        when: { event: `x-${i}` },
        title: loc(i + 1, p),
        body: loc(i, body(i, p)),
        actions: [
          { label: loc(i, p), guide: `x-${i}` },
          { label: loc(i + 1, p), href: "https://docs.example.com/help" },
          { label: loc(i, p), report: true },
        ],
      },
    ],
  };
}

type Audit = {
  problems: string[];
  tags: string[];
  attrs: string[];
  links: Array<{ href: string; protocol: string; target: string | null; rel: string | null }>;
};
type Result = { i: number; surface: string; shown: boolean; text: string; audit: Audit };

/**
 * Runs in the page: for each payload, the tour step, the demo and the help card, one after the
 * other, auditing the shadow root at each. One page.evaluate per chunk keeps 240 payloads fast.
 */
async function renderAll(page: Page, indexes: number[]): Promise<Result[]> {
  return page.evaluate(async (indexes) => {
    type W = {
      Waymark: {
        start(id: string): void;
        demo(id: string, o: { step: string }): void;
        stop(): void;
        fail(name: string): void;
      };
      __audit(allow: string[]): Audit;
    };
    const w = window as unknown as W;
    const shadow = () => document.querySelector("[data-waymark-host]")?.shadowRoot ?? null;
    const until = async (find: () => Element | null | undefined, ms = 3000) => {
      const end = performance.now() + ms;
      for (;;) {
        const el = find();
        if (el) return el;
        if (performance.now() > end) return null;
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    const gone = (selector: string) =>
      until(() => (shadow()?.querySelector(selector) ? null : document.body), 3000);
    const out: Result[] = [];
    for (const i of indexes) {
      w.Waymark.start(`x-${i}`);
      const step = await until(() => shadow()?.querySelector(`.wm-step[data-waymark-step="s"] h2`));
      out.push({
        i,
        surface: "step",
        shown: !!step,
        text: step?.textContent ?? "",
        audit: w.__audit([]),
      });
      w.Waymark.demo(`x-${i}`, { step: "s" });
      const caption = await until(() => shadow()?.querySelector(".wm-demo-caption"));
      out.push({
        i,
        surface: "demo",
        shown: !!caption,
        text: shadow()?.querySelector(".wm-demo-title")?.textContent ?? "",
        audit: w.__audit([]),
      });
      w.Waymark.stop();
      await gone(".wm-demo, .wm-step");
      w.Waymark.fail(`x-${i}`);
      const help = await until(() => shadow()?.querySelector(".wm-help h2"));
      out.push({
        i,
        surface: "help",
        shown: !!help,
        text: help?.textContent ?? "",
        audit: w.__audit([]),
      });
      const dismiss = [...(shadow()?.querySelectorAll(".wm-help button") ?? [])].find(
        (b) => b.textContent === "Dismiss",
      ) as HTMLElement | undefined;
      dismiss?.click();
      await gone(".wm-help");
    }
    return out;
  }, indexes);
}

/** Figures for docs/reliability.md, printed at the end of the run. */
const figures: Record<string, unknown> = {};
afterAll(() => console.log(`[xss figures] ${JSON.stringify(figures)}`));

describe("content injection: XSS payloads in every text field", () => {
  const browser = useBrowser();
  const guides = PAYLOADS.map(({ payload }, i) => guideFor(i, payload));

  it(`the corpus has ≥150 payloads in 7 families, and every guide carrying them is valid`, () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(150);
    expect(new Set(PAYLOADS.map((p) => p.family)).size).toBe(7);
    const rejected = guides.map((g) => validateGuide(g, "xss.json")).filter((r) => !r.ok);
    expect(rejected).toEqual([]);
  });

  it(`the validator refuses every bad link scheme as a help action href (${BAD_LINKS.length} links)`, () => {
    for (const href of BAD_LINKS) {
      expect(safeHref(href), href).toBeNull();
      const action = validateGuide(
        {
          id: "l",
          title: "t",
          help: [{ id: "h", when: { event: "e" }, title: "t", actions: [{ label: "x", href }] }],
        },
        "l.json",
      );
      expect(action.ok, `href ${JSON.stringify(href)}`).toBe(false);
    }
    for (const href of GOOD_LINKS) expect(safeHref(href), href).not.toBeNull();
  });

  it("a step page with a bad scheme: the validator refuses it, and the “Go to page” link refuses what gets through", async () => {
    const pageGuide = (href: string, k: number) => ({
      id: `p-${k}`,
      title: `page ${k}`,
      steps: [{ id: "s", title: `page ${k}`, page: href }],
    });
    const all = BAD_LINKS.map(pageGuide);
    const accepted = all.filter((g) => validateGuide(g, "p.json").ok);
    // What the glob rules let through (a leading space, an encoded scheme…) must still never become a link.
    const control = pageGuide("/app/billing", 999);
    const opened = await browser.open(PAGE, { init: AUDIT });
    const { page } = opened;
    await page.evaluate(
      (g) =>
        (window as unknown as { Waymark: { init(c: unknown): void } }).Waymark.init({ guides: g }),
      [...accepted, control],
    );
    const audits = await page.evaluate(
      async (ids) => {
        const w = window as unknown as {
          Waymark: { start(id: string): void; stop(): void };
          __audit(a: string[]): Audit;
        };
        const out: Array<{ id: string; shown: boolean; audit: Audit }> = [];
        for (const id of ids) {
          w.Waymark.start(id);
          const end = performance.now() + 3000;
          let shown: boolean;
          while (
            !(shown = !!document
              .querySelector("[data-waymark-host]")
              ?.shadowRoot?.querySelector(`.wm-step[data-mode="elsewhere"]`)) &&
            performance.now() < end
          )
            await new Promise((r) => setTimeout(r, 10));
          out.push({ id, shown, audit: w.__audit([]) });
          w.Waymark.stop();
          await new Promise((r) => setTimeout(r, 30));
        }
        return out;
      },
      [...accepted.map((g) => g.id), control.id],
    );
    expect(audits.filter((a) => !a.shown).map((a) => a.id)).toEqual([]);
    expect(audits.flatMap((a) => a.audit.problems)).toEqual([]);
    expect(audits.filter((a) => a.id !== control.id).flatMap((a) => a.audit.links)).toEqual([]);
    expect(audits.find((a) => a.id === control.id)?.audit.links.map((l) => l.href)).toEqual([
      "/app/billing",
    ]);
    expect(unexpectedErrors(opened)).toEqual([]);
    figures.pageLinks = {
      rejectedByValidator: all.length - accepted.length,
      refusedByRenderer: accepted.length,
    };
  });

  it("controls: the audit and the canary do see a real injection", async () => {
    const opened = await browser.open(PAGE, { init: AUDIT });
    const { page } = opened;
    await page.evaluate(() =>
      (window as unknown as { Waymark: { init(c: unknown): void } }).Waymark.init({
        guides: [
          {
            id: "c",
            title: "c",
            steps: [
              {
                id: "s",
                title: "Control",
                body: "[ok](https://docs.example.com) [mail](mailto:help@example.com) [rel](/app/)",
              },
            ],
          },
        ],
      }),
    );
    await page.evaluate(() =>
      (window as unknown as { Waymark: { start(id: string): void } }).Waymark.start("c"),
    );
    await page.getByRole("dialog", { name: "Control" }).waitFor();
    const clean = await page.evaluate(() =>
      (window as unknown as { __audit(a: string[]): Audit }).__audit([]),
    );
    expect(clean.problems).toEqual([]);
    expect(clean.links).toEqual([
      {
        href: "https://docs.example.com",
        protocol: "https:",
        target: "_blank",
        rel: "noopener noreferrer",
      },
      { href: "mailto:help@example.com", protocol: "mailto:", target: null, rel: null },
      { href: "/app/", protocol: "http:", target: null, rel: null },
    ]);
    const dirty = await page.evaluate(async () => {
      const body = document
        .querySelector("[data-waymark-host]")!
        .shadowRoot!.querySelector(".wm-body")!;
      const a = document.createElement("a");
      a.href = "javascript:void 0";
      a.target = "_blank";
      body.append(a);
      const img = document.createElement("img");
      img.setAttribute("onerror", "alert(1)");
      img.src = "data:,x";
      body.append(img);
      await new Promise((r) => setTimeout(r, 100));
      const w = window as unknown as {
        __audit(a: string[]): Audit;
        __xssCanary: string;
        __xssHits: string[];
      };
      return { audit: w.__audit([]), canary: w.__xssCanary, hits: w.__xssHits };
    });
    expect(dirty.audit.problems).toEqual([
      'link "javascript:void 0" (javascript:)',
      "link javascript:void 0 opens a new tab without noopener",
      "element <img>",
      "attribute onerror on <img>",
      "attribute src on <img>",
    ]);
    expect(dirty.canary).toBe("touched");
    expect(dirty.hits).toEqual(["alert(1)"]);
  });

  // The payloads are split over pages that run side by side, each with every guide loaded.
  const chunks = Array.from({ length: CHUNKS }, (_, c) =>
    PAYLOADS.map((_, i) => i).filter((i) => i % CHUNKS === c),
  );
  it.concurrent.each(chunks.map((indexes, c) => [c, indexes] as const))(
    "chunk %i: step, demo and help card show each payload as text; nothing runs or is injected",
    async (_c, indexes) => {
      const opened = await browser.open(PAGE, { init: AUDIT });
      const { page } = opened;
      const attackerRequests: string[] = [];
      page.on("request", (r) => {
        if (!r.url().startsWith(new URL(page.url()).origin)) attackerRequests.push(r.url());
      });
      const dialogs: string[] = [];
      page.on("dialog", (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.evaluate(
        (g) =>
          (window as unknown as { Waymark: { init(c: unknown): void } }).Waymark.init({
            guides: g,
            consent: "granted",
            report: { endpoint: "/support/reports" },
          }),
        guides,
      );
      const results = await renderAll(page, indexes);

      expect(results.filter((r) => !r.shown).map((r) => `${r.surface} ${r.i}`)).toEqual([]);
      // Titles are text: the heading reads exactly the payload (the demo toolbar names the guide).
      for (const r of results.filter((r) => r.surface !== "demo"))
        expect(r.text, `${r.surface} ${r.i}`).toBe(PAYLOADS[r.i]!.payload);
      for (const r of results.filter((r) => r.surface === "demo"))
        expect(r.text, `demo ${r.i}`).toContain(PAYLOADS[r.i]!.payload);
      expect(
        results.flatMap((r) =>
          r.audit.problems.map((p) => `${r.surface} ${r.i} (${PAYLOADS[r.i]!.family}): ${p}`),
        ),
      ).toEqual([]);

      // The support panel (every guide title and summary, the help just shown), the report
      // preview and insights (every guide title) render the same texts.
      const surfaces: Record<string, Audit> = {};
      await page.evaluate(() =>
        (window as unknown as { Waymark: { support(): void } }).Waymark.support(),
      );
      await page.getByRole("dialog", { name: "Before you contact us" }).waitFor();
      surfaces.support = await page.evaluate(() =>
        (window as unknown as { __audit(a: string[]): Audit }).__audit([]),
      );
      const guideButtons = await page
        .getByRole("dialog", { name: "Before you contact us" })
        .getByRole("button", { name: /^Start: / })
        .count();
      expect(guideButtons).toBe(PAYLOADS.length);
      await page
        .getByRole("dialog", { name: "Before you contact us" })
        .getByRole("button", { name: "Report a problem" })
        .click();
      await page.getByRole("dialog", { name: "Report a problem" }).waitFor();
      surfaces.report = await page.evaluate(() =>
        (window as unknown as { __audit(a: string[]): Audit }).__audit(["textarea", "form"]),
      );
      await page.keyboard.press("Escape");
      await page.keyboard.press("Escape");
      await page.evaluate(() =>
        (window as unknown as { Waymark: { insights(): void } }).Waymark.insights(),
      );
      await page.getByRole("dialog", { name: "Insights" }).waitFor();
      await page.waitForTimeout(200);
      // Insights draws its charts as SVG and its numbers as tables: those are its own.
      surfaces.insights = await page.evaluate(() =>
        (window as unknown as { __audit(a: string[]): Audit }).__audit([
          "svg",
          "table",
          "td",
          "details",
          "title",
        ]),
      );
      expect(
        Object.entries(surfaces).flatMap(([name, a]) => a.problems.map((p) => `${name}: ${p}`)),
      ).toEqual([]);

      const links = results.flatMap((r) => r.audit.links);
      expect(links.length).toBeGreaterThan(0);
      expect(new Set(links.map((l) => l.protocol))).toEqual(new Set(["http:", "https:"]));
      const canary = await page.evaluate(() => ({
        canary: (window as unknown as { __xssCanary: string }).__xssCanary,
        hits: (window as unknown as { __xssHits: string[] }).__xssHits,
        lightDom: (window as unknown as { __lightDom: string[] }).__lightDom,
      }));
      expect(canary.hits).toEqual([]);
      expect(canary.canary).toBe("untouched");
      expect(dialogs).toEqual([]);
      expect(attackerRequests).toEqual([]);
      // The host page only ever gets Waymark's host element and driver.js's overlay.
      const DRIVER_AND_HOST =
        /^(added div\.waymark-host|added svg\.driver-overlay(\.driver-overlay-animated)?|added div#driver-dummy-element\.driver-active-element|attr div#driver-dummy-element\S* (class|aria-haspopup|aria-expanded|aria-controls)=[\w -]*|attr body\S* class=(driver-active driver-simple)?|attr body\S* style=(--driver-animation-duration: \d+ms;)?)$/;
      expect([...new Set(canary.lightDom)].filter((m) => !DRIVER_AND_HOST.test(m))).toEqual([]);
      expect(unexpectedErrors(opened)).toEqual([]);
      figures[`chunk${_c}`] = {
        payloads: indexes.length,
        renders: results.length,
        links: links.length,
        supportGuides: guideButtons,
      };
    },
    80_000,
  );
});
