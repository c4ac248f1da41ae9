import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { startServer } from "../../demo/server.mjs";

/**
 * End-to-end tests run the built widget (`dist/waymark.js`, what users load) in real Chromium
 * against the demo server on 127.0.0.1, which also serves `test/fixtures/`.
 */
export default async function setup(project: TestProject) {
  const bundle = fileURLToPath(new URL("../../dist/waymark.js", import.meta.url));
  if (!existsSync(bundle)) {
    throw new Error("dist/waymark.js is missing: the end-to-end tests run the built widget. Run `npm run build` first (npm test does it for you).");
  }
  const server = await startServer({ port: 0 });
  project.provide("baseUrl", server.url.replace(/\/$/, ""));
  return async () => {
    await server.close();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
