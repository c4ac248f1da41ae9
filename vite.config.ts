/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import pkg from "./package.json" with { type: "json" };

/**
 * Two library builds from one config:
 * - `vite build --mode embed`: `dist/waymark.js`, the self-contained script-tag bundle (IIFE,
 *   every dependency and all CSS inlined) that a page loads with one `<script>` tag.
 * - `vite build`: `dist/waymark.mjs`, the ES module for `import { init } from "waymark"`,
 *   with the runtime dependencies left to the consumer's bundler.
 */
export default defineConfig(({ mode }) => {
  const embed = mode === "embed";
  return {
    define: {
      __WAYMARK_VERSION__: JSON.stringify(pkg.version),
    },
    oxc: {
      jsx: { runtime: "automatic", importSource: "preact" },
    },
    build: {
      target: "es2020",
      emptyOutDir: false,
      sourcemap: true,
      minify: true,
      lib: embed
        ? { entry: "src/embed.ts", formats: ["iife"], name: "WaymarkBundle", fileName: () => "waymark.js" }
        : { entry: "src/index.ts", formats: ["es"], fileName: () => "waymark.mjs" },
      rollupOptions: embed
        ? {}
        : { external: [...Object.keys(pkg.dependencies), /^preact\//] },
    },
    test: {
      projects: [
        {
          extends: true,
          test: {
            name: "unit",
            include: ["test/unit/**/*.test.{ts,tsx}"],
            environment: "happy-dom",
            setupFiles: ["test/unit/setup.ts"],
          },
        },
        {
          extends: true,
          test: {
            name: "e2e",
            include: ["test/e2e/**/*.test.ts"],
            environment: "node",
            globalSetup: ["test/e2e/global-setup.ts"],
            testTimeout: 30_000,
            hookTimeout: 30_000,
          },
        },
      ],
    },
  };
});
