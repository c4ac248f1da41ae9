import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * End-to-end tests run the built widget (`dist/waymark.js`, what users load) in real Chromium
 * against the demo server on 127.0.0.1 (one per test file, see browser.ts), which also serves
 * `test/fixtures/`.
 */
export default function setup() {
  const bundle = fileURLToPath(new URL("../../dist/waymark.js", import.meta.url));
  if (!existsSync(bundle)) {
    throw new Error(
      "dist/waymark.js is missing: the end-to-end tests run the built widget. Run `npm run build` first (npm test does it for you).",
    );
  }
}
