/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from "vite";
import pkg from "./package.json" with { type: "json" };

/**
 * Library builds from one config:
 * - `vite build --mode embed`: `dist/waymark.js`, the self-contained script-tag bundle (IIFE,
 *   every dependency and all CSS inlined) that a page loads with one `<script>` tag.
 * - `vite build --mode standalone`: `dist/standalone/waymark.js`, the same script with every
 *   part inlined: one file for hosts that copy a single file, or whose CSP allows scripts only
 *   by nonce or hash (which blocks loading the parts).
 * - `vite build`: `dist/waymark.mjs`, the ES module for `import { init } from "waymark"`,
 *   with the runtime dependencies left to the consumer's bundler.
 * - `vite build --mode parts`: `dist/waymark-<part>.js`, the parts of the script-tag bundle that
 *   only some visits need (src/lazy.ts, src/parts/): ES modules, built together so that what
 *   they share (Preact) is one chunk, that the script loads on demand from its own directory.
 * - `vite build --mode cli`: `dist/cli.mjs`, the `waymark` command (Node), with everything but
 *   playwright-core (an optional peer dependency) bundled in.
 * - `vite build --mode playground`: `dist/playground.js`, the guide editor of the root
 *   index.html (served at `/` by the demo server, which serves dist/ at `/waymark/`).
 */
/** The lazy parts of the script-tag bundle: entry name → module (see src/lazy.ts). */
const PARTS = {
  ui: "src/parts/ui.ts",
  insights: "src/parts/insights.ts",
  demo: "src/parts/demo.ts",
  explain: "src/parts/explain.ts",
};

/** In the script-tag build, `src/lazy.ts` (plain dynamic imports) becomes `src/lazy.embed.ts`. */
function embedLazyParts(): Plugin {
  return {
    name: "waymark-embed-lazy-parts",
    enforce: "pre",
    async resolveId(source, importer, options) {
      if (!/(^|\/)lazy$/.test(source)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved && /[\\/]src[\\/]lazy\.ts$/.test(resolved.id)
        ? resolved.id.replace(/lazy\.ts$/, "lazy.embed.ts")
        : resolved;
    },
  };
}

export default defineConfig(({ mode }) => {
  const embed = mode === "embed";
  const standalone = mode === "standalone";
  if (mode === "parts") {
    return {
      define: { __WAYMARK_VERSION__: JSON.stringify(pkg.version) },
      oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
      build: {
        target: "es2020",
        emptyOutDir: false,
        sourcemap: true,
        minify: true,
        lib: { entry: PARTS, formats: ["es"], fileName: (_format, name) => `waymark-${name}.js` },
        rollupOptions: { output: { chunkFileNames: "waymark-shared-[hash].js" } },
      },
    };
  }
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
    plugins: embed ? [embedLazyParts()] : [],
    build: {
      target: "es2020",
      emptyOutDir: false,
      sourcemap: true,
      minify: true,
      // The standalone bundle has every part inlined (src/lazy.ts's import()s), in its own
      // folder so that it is not mistaken for a part of the split script.
      ...(standalone ? { outDir: "dist/standalone" } : {}),
      lib:
        embed || standalone
          ? {
              entry: "src/embed.ts",
              formats: ["iife"],
              name: "WaymarkBundle",
              fileName: () => "waymark.js",
            }
          : { entry: "src/index.ts", formats: ["es"], fileName: () => "waymark.mjs" },
      rollupOptions: standalone
        ? { output: { inlineDynamicImports: true } }
        : embed
          ? {}
          : { external: [...Object.keys(pkg.dependencies), /^preact\//] },
    },
    test: {
      // Two files at a time: end-to-end tests mostly wait on Chromium, and a 2-core machine
      // otherwise runs them one after the other (Vitest's default is cores - 1).
      maxWorkers: 2,
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
