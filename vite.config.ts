/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import pkg from "./package.json" with { type: "json" };

/**
 * Library builds from one config:
 * - `vite build --mode embed`: `dist/waymark.js`, the self-contained script-tag bundle (IIFE,
 *   every dependency and all CSS inlined) that a page loads with one `<script>` tag.
 * - `vite build`: `dist/waymark.mjs`, the ES module for `import { init } from "waymark"`,
 *   with the runtime dependencies left to the consumer's bundler.
 * - `vite build --mode cli`: `dist/cli.mjs`, the `waymark` command (Node), with everything but
 *   playwright-core (an optional peer dependency) bundled in.
 * - `vite build --mode playground`: `dist/playground.js`, the guide editor of the root
 *   index.html (served at `/` by the demo server, which serves dist/ at `/waymark/`).
 */
export default defineConfig(({ mode }) => {
  const embed = mode === "embed";
  if (mode === "cli") {
    return {
      define: { __WAYMARK_VERSION__: JSON.stringify(pkg.version) },
      ssr: { noExternal: true, external: ["playwright-core"] },
      build: {
        target: "node20",
        emptyOutDir: false,
        sourcemap: false,
        minify: false,
        ssr: "src/cli/bin.ts",
        rollupOptions: {
          external: ["playwright-core"],
          output: { entryFileNames: "cli.mjs", banner: "#!/usr/bin/env node" },
        },
      },
    };
  }
  if (mode === "playground") {
    return {
      define: { __WAYMARK_VERSION__: JSON.stringify(pkg.version) },
      build: {
        target: "es2020",
        emptyOutDir: false,
        sourcemap: true,
        minify: true,
        lib: { entry: "playground/main.ts", formats: ["es"], fileName: () => "playground.js" },
      },
    };
  }
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
