import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { startServer } from "../../demo/server.mjs";

/** Debian's Chromium; CHROMIUM_PATH overrides it. Playwright cannot download a browser here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/**
 * Each test file gets its own demo server (its own API data, failure rules, request log and
 * report sink), so files running in parallel cannot use up each other's injected failures.
 */
let server: Awaited<ReturnType<typeof startServer>> | undefined;

export function baseUrl(): string {
  if (!server)
    throw new Error(
      "baseUrl() is only available inside tests of a file that calls useBrowser() (or useServer()).",
    );
  return server.url.replace(/\/$/, "");
}

/** Starts this file's demo server (useBrowser() does it too). */
export function useServer() {
  beforeAll(async () => {
    server ??= await startServer({ port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    server = undefined;
  });
}

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** Uncaught page errors and console errors, to assert that Waymark never breaks the host. */
  errors: string[];
  /** Console messages printed by Waymark (`[Waymark] …`). */
  waymarkMessages: string[];
}

/**
 * One Chromium per test file; each test gets a fresh context (its own IndexedDB and storage).
 * Usage: `const browser = useBrowser(); … const { page } = await browser.open("/app/")`.
 */
export function useBrowser(options: { bfcache?: boolean } = {}) {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  useServer();
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium was not found at ${CHROMIUM}. Install it with \`apt-get install -y chromium\` (npm run setup does this), or set CHROMIUM_PATH.`,
      );
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ARGS,
      headless: true,
      // Playwright turns the back/forward cache off by default; some tests need the real thing.
      ...(options.bfcache ? { ignoreDefaultArgs: ["--disable-back-forward-cache"] } : {}),
    });
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser() {
      return browser;
    },
    async newContext(options: Parameters<Browser["newContext"]>[0] = {}) {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 800 },
        ...options,
      });
      contexts.push(context);
      return context;
    },
    /** Opens `path` (relative to the test server) in a fresh context, or in `context`. */
    async open(
      path: string,
      options: { context?: BrowserContext; init?: string } = {},
    ): Promise<OpenedPage> {
      const context = options.context ?? (await this.newContext());
      const page = await context.newPage();
      const errors: string[] = [];
      const waymarkMessages: string[] = [];
      page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
      page.on("console", (message) => {
        const text = message.text();
        if (text.startsWith("[Waymark]")) waymarkMessages.push(text);
        else if (message.type() === "error") errors.push(`console: ${text}`);
      });
      if (options.init) await page.addInitScript(options.init);
      await page.goto(baseUrl() + path);
      return { page, context, errors, waymarkMessages };
    },
  };
}

/** The open tour step: the dialog inside Waymark's shadow root, named by the step title. */
export function stepDialog(page: Page, title?: string | RegExp) {
  return title === undefined
    ? page.locator("[data-waymark-host] .wm-step")
    : page.getByRole("dialog", { name: title });
}

// ---- Helpers for the tour, embed, targets and navigation tests ----

/** The tour step dialog whose accessible name is exactly `title` (getByRole alone matches substrings). */
export function stepNamed(page: Page, title: string) {
  return page.getByRole("dialog", { name: title, exact: true });
}

/** Waymark's polite live region, where step changes are announced. */
export function liveRegion(page: Page) {
  return page.locator("[data-waymark-host]").getByRole("status");
}

/**
 * What Waymark recorded for `guide` (`Waymark.exportData()`), oldest first, as
 * `"step.show welcome"` / `"guide.start"` strings.
 */
export async function recordedEvents(page: Page, guide: string): Promise<string[]> {
  const data = await page.evaluate(() =>
    (
      window as unknown as {
        Waymark: { exportData(): Promise<{ events: Array<Record<string, unknown>> }> };
      }
    ).Waymark.exportData(),
  );
  return data.events
    .filter((e) => e.guide === guide)
    .map((e) => `${String(e.type)}${e.step ? ` ${String(e.step)}` : ""}`);
}

/** The stored progress of `guide` (`Waymark.exportData().progress`), or undefined. */
export async function storedProgress(
  page: Page,
  guide: string,
): Promise<Record<string, unknown> | undefined> {
  const data = await page.evaluate(() =>
    (
      window as unknown as {
        Waymark: { exportData(): Promise<{ progress: Array<Record<string, unknown>> }> };
      }
    ).Waymark.exportData(),
  );
  return data.progress.find((p) => p.guide === guide);
}

/**
 * What has keyboard focus, looking through shadow roots, as a user would name it:
 * `button "Next"`, `dialog "Title"`, `#id` for page elements, else the tag name.
 */
export function focusedElement(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return "body";
    const inWidget = el.getRootNode() !== document;
    if (!inWidget && el.id) return `#${el.id}`;
    const role = el.getAttribute("role") ?? el.tagName.toLowerCase();
    const labelledBy = el.getAttribute("aria-labelledby");
    const name =
      el.getAttribute("aria-label") ??
      (labelledBy
        ? (el.getRootNode() as Document).getElementById(labelledBy)?.textContent
        : el.textContent) ??
      "";
    return `${role} "${name.trim()}"`;
  });
}

/** A box in viewport pixels. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where `popover` sits relative to `target`: the side it is fully on, or "overlap". */
export function sideOf(popover: Box, target: Box): "top" | "right" | "bottom" | "left" | "overlap" {
  const e = 0.5;
  if (popover.y + popover.height <= target.y + e) return "top";
  if (popover.y >= target.y + target.height - e) return "bottom";
  if (popover.x + popover.width <= target.x + e) return "left";
  if (popover.x >= target.x + target.width - e) return "right";
  return "overlap";
}

/**
 * How the open step's popover sits next to the element `targetSelector`: the side, the gap
 * between the two boxes, whether they line up on the other axis (adjacent, not diagonal),
 * whether the popover is inside the viewport, and the offset between their centres along the
 * side (0 = centred). Null while either is missing.
 */
export async function popoverAttachment(page: Page, targetSelector: string) {
  const [popover, target] = await Promise.all([
    page.locator("[data-waymark-host] [role=dialog]").boundingBox(),
    page.locator(targetSelector).boundingBox(),
  ]);
  if (!popover || !target) return null;
  const viewport = page.viewportSize() ?? { width: 0, height: 0 };
  const side = sideOf(popover, target);
  const vertical = side === "top" || side === "bottom";
  const gap =
    side === "top"
      ? target.y - (popover.y + popover.height)
      : side === "bottom"
        ? popover.y - (target.y + target.height)
        : side === "left"
          ? target.x - (popover.x + popover.width)
          : side === "right"
            ? popover.x - (target.x + target.width)
            : 0;
  const overlapsAcross = vertical
    ? popover.x < target.x + target.width && popover.x + popover.width > target.x
    : popover.y < target.y + target.height && popover.y + popover.height > target.y;
  const centreOffset = vertical
    ? popover.x + popover.width / 2 - (target.x + target.width / 2)
    : popover.y + popover.height / 2 - (target.y + target.height / 2);
  return {
    side,
    gap: Math.round(gap),
    adjacent: side !== "overlap" && overlapsAcross,
    inViewport:
      popover.x >= 0 &&
      popover.y >= 0 &&
      popover.x + popover.width <= viewport.width &&
      popover.y + popover.height <= viewport.height,
    centreOffset: Math.round(centreOffset),
  };
}

/** Makes the demo API fail: `POST /api/__fail` (status code or "drop"; `times` defaults to 1). */
export async function injectFailure(rule: {
  route: string;
  method?: string;
  status: number | "drop";
  times?: number;
}): Promise<void> {
  const response = await fetch(`${baseUrl()}/api/__fail`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(rule),
  });
  if (!response.ok)
    throw new Error(`POST /api/__fail answered ${response.status}: ${await response.text()}`);
}

/**
 * Everything the host page saw that it should not have: page errors, console errors, and
 * Waymark's own internal-error diagnostics. `failedRequests` drops the browser's
 * "Failed to load resource" lines for requests a test made fail on purpose.
 */
export function unexpectedErrors(
  opened: Pick<OpenedPage, "errors" | "waymarkMessages">,
  options: { failedRequests?: boolean } = {},
): string[] {
  const errors = options.failedRequests
    ? opened.errors.filter((e) => !/Failed to load resource|net::ERR_/.test(e))
    : opened.errors;
  return [...errors, ...opened.waymarkMessages.filter((m) => /internal error/i.test(m))];
}

/**
 * Retries `assertion` every 50 ms until it passes, or throws its last error after `timeout` ms:
 * `await eventually(async () => expect(await read()).toBe(x))`. Unlike `expect.poll`, it works
 * in concurrent tests (`describe.concurrent`), where vitest cannot tell which test polls.
 */
export async function eventually(assertion: () => unknown, timeout = 8000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
