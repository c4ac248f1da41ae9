// Misuse detection for developers (issue #5 part 7): with `debug: true`, Waymark tells the
// integrating developer in plain words what is wrong, how to fix it, and where to read more.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { unexpectedErrors, useBrowser } from "./browser";

const browser = useBrowser();
const PAGE = "/test/fixtures/support/misuse.html";
const DOCS_LINK =
  /https:\/\/github\.com\/waymark-dev\/waymark\/(blob\/main\/docs\/\S+|issues|#\S+)/;

type Step = (page: Page) => Promise<unknown>;
const init =
  (config: Record<string, unknown>): Step =>
  (page) =>
    page.evaluate(
      (c) => (window as unknown as { Waymark: { init(c: unknown): void } }).Waymark.init(c),
      config,
    );
const call =
  (fn: string, ...args: unknown[]): Step =>
  (page) =>
    page.evaluate(
      ([name, a]) =>
        (window as unknown as Record<string, Record<string, (...x: unknown[]) => void>>).Waymark![
          name as string
        ]!(...(a as unknown[])),
      [fn, args] as const,
    );

const tour = (target: string) => ({
  id: "invoices-tour",
  title: "Invoices",
  start: { page: "/test/fixtures/support/misuse.html" },
  steps: [{ id: "pick", title: "Pick an invoice", target, wait: 300 }],
});

/** Each misuse: what the developer does, and what Waymark must say about it (in debug mode). */
const CASES: Array<{ name: string; steps: Step[]; says: RegExp[] }> = [
  {
    name: "a step target that matches nothing",
    steps: [init({ debug: true, guides: [tour("#no-such-invoice")] })],
    says: [/target "#no-such-invoice" matched nothing visible after 0\.3 s/, /Check the selector/],
  },
  {
    name: "a step target that matches several elements",
    steps: [init({ debug: true, guides: [tour(".row")] })],
    says: [
      /target "\.row" matches 3 visible elements \(button\.row, button\.row, button\.row\); Waymark points at the first one/,
      /Make the selector match one element/,
    ],
  },
  {
    name: "a help rule that references a missing guide",
    steps: [
      init({
        debug: true,
        guides: [
          {
            id: "help-only",
            title: "Help",
            help: [
              {
                id: "oops",
                when: { event: "boom" },
                title: "Oops",
                actions: [{ label: "Show me", guide: "no-such-guide" }],
              },
            ],
          },
        ],
      }),
    ],
    says: [/no-such-guide/, /no loaded guide/],
  },
  {
    name: "init() twice with a different config",
    steps: [init({ debug: true, guides: [] }), init({ debug: true, guides: [], locale: "de" })],
    says: [/Waymark\.init\(\) was called again with a different config/, /call init\(\) once/],
  },
  {
    name: "a guides URL that fails to load",
    steps: [init({ guides: "/test/fixtures/support/no-such-guides.json" })],
    says: [/no-such-guides\.json/, /404/],
  },
  {
    name: "consent asked for but no report destination configured",
    steps: [init({ debug: true, guides: [], consent: "ask" })],
    says: [/consent is "ask", but no report destination is configured/, /data-report-endpoint=/],
  },
  {
    name: "the report preview opened with nowhere for reports to go",
    steps: [init({ debug: true, guides: [] }), call("report")],
    says: [/reports have nowhere to go: set report\.endpoint/, /Waymark\.on\("report", fn\)/],
  },
  {
    name: "both report destinations set",
    steps: [
      init({
        debug: true,
        guides: [],
        report: { endpoint: "/support/reports", email: "help@example.com" },
      }),
    ],
    says: [/Both report\.endpoint and report\.email are set; reports go to the endpoint/],
  },
  {
    name: "a report email that is not an address",
    steps: [init({ debug: true, guides: [], report: { email: "support" } })],
    says: [/report\.email "support" does not look like an email address/],
  },
  {
    name: "listening to an event Waymark never sends",
    steps: [init({ debug: true, guides: [] }), call("on", "reports", null)],
    says: [/Waymark\.on\("reports"\) listens to an event Waymark never sends/, /"report"/],
  },
  {
    name: "report() with a note that is not a string",
    steps: [
      init({ debug: true, guides: [], report: { endpoint: "/support/reports" } }),
      call("report", { text: "hi" }),
    ],
    says: [/Waymark\.report\(note\) takes the user's note as a string/],
  },
];

describe("misuse is explained to the developer (debug: true)", () => {
  for (const { name, steps, says } of CASES) {
    it(name, async () => {
      const opened = await browser.open(PAGE);
      const { page, waymarkMessages } = opened;
      await page.waitForFunction(
        () =>
          (window as unknown as { Waymark?: { __loaded?: boolean } }).Waymark?.__loaded === true,
      );
      for (const step of steps) await step(page);
      const said = () => waymarkMessages.find((m) => says.every((re) => re.test(m)));
      await expect.poll(said, { timeout: 5000 }).toBeDefined();
      // Plain words with a place to read more.
      expect(said()).toMatch(DOCS_LINK);
      expect(unexpectedErrors(opened, { failedRequests: true })).toEqual([]);
    });
  }

  it("says nothing about misuse without debug", async () => {
    const { page, waymarkMessages } = await browser.open(PAGE);
    await page.waitForFunction(
      () => (window as unknown as { Waymark?: { __loaded?: boolean } }).Waymark?.__loaded === true,
    );
    await init({ guides: [tour(".row")], consent: "ask", report: { email: "support" } })(page);
    await page.getByRole("dialog", { name: "Pick an invoice" }).waitFor();
    await page.waitForTimeout(300);
    expect(waymarkMessages).toEqual([]);
  });
});
