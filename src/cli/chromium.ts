/**
 * The browser `waymark check` drives: playwright-core (an optional peer dependency, loaded only
 * by this command) and a Chromium found on this machine, since nothing is downloaded.
 */
import { existsSync } from "node:fs";
import type { Browser } from "playwright-core";
import { UsageError } from "./files";

/** Headless, quiet, and no background traffic of the browser's own. */
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** --chromium, else $CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export function findChromium(
  flag: string | undefined,
  env: Record<string, string | undefined>,
): string {
  const [path, from] =
    flag !== undefined
      ? [flag, "--chromium"]
      : env["CHROMIUM_PATH"]
        ? [env["CHROMIUM_PATH"], "CHROMIUM_PATH"]
        : ["/usr/bin/chromium", "the default location"];
  if (!existsSync(path)) {
    throw new UsageError(
      `Chromium was not found at ${path} (${from}). Install it (Debian/Ubuntu: apt-get install chromium), or pass --chromium <path to chromium or chrome>, or set CHROMIUM_PATH.`,
    );
  }
  return path;
}

export async function launchChromium(executablePath: string): Promise<Browser> {
  let playwright: typeof import("playwright-core");
  try {
    playwright = await import("playwright-core");
  } catch {
    throw new UsageError(
      "`waymark check` drives Chromium with playwright-core, which is not installed. Install it next to waymark: npm install --save-dev playwright-core",
    );
  }
  return playwright.chromium.launch({ executablePath, args: ARGS, headless: true });
}
