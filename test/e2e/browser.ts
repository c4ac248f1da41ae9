import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";

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

export function baseUrl(): string {
  return inject("baseUrl");
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
export function useBrowser() {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium was not found at ${CHROMIUM}. Install it with \`apt-get install -y chromium\` (npm run setup does this), or set CHROMIUM_PATH.`);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser() {
      return browser;
    },
    async newContext(options: Parameters<Browser["newContext"]>[0] = {}) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
      contexts.push(context);
      return context;
    },
    /** Opens `path` (relative to the test server) in a fresh context, or in `context`. */
    async open(path: string, options: { context?: BrowserContext; init?: string } = {}): Promise<OpenedPage> {
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
