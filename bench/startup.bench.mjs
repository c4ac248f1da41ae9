// Start-up on a page with 10,000 elements, Waymark against driver.js and Shepherd.js starting
// the equivalent one-step tour. Each sample is a fresh browser context (cold caches, no JIT).
//   1. Script start-up: a script tag is injected at t0; "loaded" is its onload (fetch from
//      127.0.0.1 + parse + evaluate; the resource entry's responseEnd splits off the fetch);
//      then the library is initialised and a one-step tour on a visible target is started;
//      "step visible" is the first moment its popover is in the DOM and visible.
//   2. Target visible → step visible: the library is loaded and, for Waymark, its tour started
//      and waiting for "#target" (hidden). At t0 the target is shown (inserted, or un-hidden
//      by a style change). driver.js and Shepherd do not wait for targets: their equivalent is
//      host code starting the tour in the same task that shows the target (their best case).
// "Visible" is checked by MutationObservers (document and Waymark's shadow root) and every
// animation frame, with checkVisibility({ visibilityProperty: true }) and a non-empty box.
// The anchors are their npm packages (ES module + CSS) bundled by Vite into one minified IIFE
// with the CSS inlined as a string, as Waymark's is (the same build as bench/bytes.bench.mjs).
// Ratios are Waymark ÷ anchor, of medians. Needs `npm run build`.
//
//   node bench/startup.bench.mjs             (npm run bench runs it with the others)
import { mkdirSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { build } from "vite";

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 7);
const ELEMENTS = 10_000;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
const root = fileURLToPath(new URL("..", import.meta.url));

async function bundle(name, code) {
  const entryDir = path.join(root, "node_modules/.waymark-bench");
  mkdirSync(entryDir, { recursive: true });
  const entry = path.join(entryDir, `${name}.startup.mjs`);
  writeFileSync(entry, code);
  const output = await build({
    root,
    configFile: false,
    logLevel: "silent",
    define: { "process.env.NODE_ENV": '"production"' },
    build: {
      write: false,
      minify: true,
      target: "es2020",
      lib: { entry, formats: ["iife"], name: "Anchor", fileName: () => `${name}.js` },
    },
  });
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => o.output);
  return Buffer.from(chunks.map((c) => c.code ?? c.source).join("\n"));
}

const inlineCss = `const s = document.createElement("style"); s.textContent = css; document.head.appendChild(s);`;
const LIBS = {
  waymark: {
    name: "Waymark",
    // Started with the target hidden or missing, Waymark waits for it (SPEC §3 `wait`).
    start: `Waymark.init({ guides: [{ id: "s", title: "Start", steps: [{ id: "one", target: "#target", title: "Save", body: "Press **Save**.", wait: 600000 }] }], consent: "denied" });
            Waymark.start("s");`,
    popover: `document.querySelector("[data-waymark-host]")?.shadowRoot?.querySelector("[data-waymark-step]")`,
  },
  driver: {
    name: "driver.js",
    code: `import { driver } from "driver.js"; import css from "driver.js/dist/driver.css?inline"; ${inlineCss} window.driverjs = { driver };`,
    start: `driverjs.driver({ steps: [{ element: "#target", popover: { title: "Save", description: "Press Save." } }] }).drive();`,
    popover: `document.querySelector(".driver-popover")`,
  },
  shepherd: {
    name: "Shepherd.js",
    code: `import Shepherd from "shepherd.js"; import css from "shepherd.js/dist/css/shepherd.css?inline"; ${inlineCss} window.Shepherd = Shepherd;`,
    start: `const tour = new Shepherd.Tour({ useModalOverlay: true }); tour.addStep({ id: "one", title: "Save", text: "Press Save.", attachTo: { element: "#target", on: "bottom" } }); tour.start();`,
    popover: `document.querySelector(".shepherd-element")`,
  },
};

const filler = Array.from(
  { length: ELEMENTS / 4 },
  (_, i) =>
    `<div class="row r${i % 7}"><span>Item ${i}</span><a href="#i${i}">open</a><i></i></div>`,
).join("");

// mode: "load" (phase 1) | "insert" | "unhide" (phase 2)
const page = (lib, mode) => `<!doctype html><meta charset="utf-8"><title>startup bench</title>
<style>.row{display:flex;gap:4px}</style>
<main id="app">${mode === "insert" ? "" : `<button id="target"${mode === "unhide" ? ' style="display:none"' : ""}>Save</button>`}${filler}</main>
<script>
  const LIB = ${JSON.stringify(lib)};
  const popover = () => ${LIBS[lib].popover};
  const isVisible = (el) => !!el && el.checkVisibility({ visibilityProperty: true }) && el.getBoundingClientRect().width > 0;
  // Resolves with performance.now() at the first moment the popover is visible.
  const whenVisible = () => new Promise((resolve) => {
    const observers = [];
    let frame = 0;
    let shadowWatched = false;
    const check = () => {
      const host = document.querySelector("[data-waymark-host]");
      if (host?.shadowRoot && !shadowWatched) {
        shadowWatched = true;
        const o = new MutationObserver(check);
        o.observe(host.shadowRoot, { childList: true, subtree: true, attributes: true });
        observers.push(o);
      }
      if (isVisible(popover())) {
        const t = performance.now();
        observers.forEach((o) => o.disconnect());
        cancelAnimationFrame(frame);
        resolve(t);
        return true;
      }
      return false;
    };
    if (check()) return;
    const o = new MutationObserver(check);
    o.observe(document.documentElement, { childList: true, subtree: true, attributes: true });
    observers.push(o);
    const loop = () => { if (!check()) frame = requestAnimationFrame(loop); };
    frame = requestAnimationFrame(loop);
  });
  const load = () => new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = "/" + LIB + ".js";
    s.onload = () => resolve(performance.now());
    s.onerror = reject;
    document.head.appendChild(s);
  });
  const start = () => { ${LIBS[lib].start} };
  // Phase 1: inject → loaded → started → step visible.
  window.phase1 = async () => {
    const t0 = performance.now();
    const loaded = await load();
    const entry = performance.getEntriesByType("resource").find((e) => e.name.endsWith("/" + LIB + ".js"));
    const visible = whenVisible();
    const s0 = performance.now();
    start();
    const started = performance.now();
    const shown = await visible;
    return { fetch: entry.responseEnd - t0, evaluate: loaded - entry.responseEnd, load: loaded - t0, startCall: started - s0, toVisible: shown - s0, total: shown - t0 };
  };
  // Phase 2: Waymark waits with the target hidden; the anchors start when it appears.
  window.prepare = async () => {
    await load();
    if (LIB === "waymark") {
      const started = new Promise((r) => Waymark.on("guide:start", r));
      start();
      await started;
      await new Promise((r) => setTimeout(r, 300));
      if (popover()) throw new Error("Waymark showed the step before its target was visible");
    }
  };
  window.reveal = async (how) => {
    const visible = whenVisible();
    const t0 = performance.now();
    if (how === "insert") {
      const b = document.createElement("button");
      b.id = "target";
      b.textContent = "Save";
      document.getElementById("app").prepend(b);
    } else document.getElementById("target").style.display = "";
    if (LIB !== "waymark") start();
    return (await visible) - t0;
  };
</script>`;

async function run() {
  const scripts = {
    waymark: await readFile(path.join(root, "dist/waymark.js")).catch(() => {
      throw new Error("dist/waymark.js is missing: run `npm run build` first.");
    }),
    driver: await bundle("driver", LIBS.driver.code),
    shepherd: await bundle("shepherd", LIBS.shepherd.code),
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    const lib = url.pathname.slice(1).replace(/\.js$/, "");
    if (url.pathname.endsWith(".js")) {
      if (scripts[lib])
        return void res
          .writeHead(200, { "content-type": "text/javascript", "cache-control": "no-store" })
          .end(scripts[lib]);
      try {
        // Waymark's lazily loaded parts sit beside its bundle.
        const body = await readFile(path.join(root, "dist", path.basename(url.pathname)));
        return void res.writeHead(200, { "content-type": "text/javascript" }).end(body);
      } catch {}
    }
    if (url.pathname === "/page" && LIBS[url.searchParams.get("lib")])
      return void res
        .writeHead(200, { "content-type": "text/html" })
        .end(page(url.searchParams.get("lib"), url.searchParams.get("mode")));
    res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const samples = {};
  const add = (lib, key, v) => ((samples[lib] ??= {})[key] ??= []).push(v);
  try {
    const open = async (lib, mode) => {
      const context = await browser.newContext();
      const tab = await context.newPage();
      const errors = [];
      tab.on("pageerror", (e) => errors.push(String(e)));
      await tab.goto(`${base}/page?lib=${lib}&mode=${mode}`);
      const n = await tab.evaluate(() => document.getElementsByTagName("*").length);
      if (n < ELEMENTS) throw new Error(`page has ${n} elements`);
      return { context, tab, errors };
    };
    for (let i = 0; i < SAMPLES; i++) {
      // Rotate the order so no library always runs first.
      const libs = Object.keys(LIBS);
      const order = libs.slice(i % libs.length).concat(libs.slice(0, i % libs.length));
      for (const lib of order) {
        {
          const { context, tab, errors } = await open(lib, "load");
          const r = await tab.evaluate(() => window.phase1());
          if (errors.length) throw new Error(`${lib}: ${errors.join("; ")}`);
          for (const [k, v] of Object.entries(r)) add(lib, k, v);
          await context.close();
        }
        for (const how of lib === "waymark" ? ["insert", "unhide"] : ["insert"]) {
          const { context, tab, errors } = await open(lib, how);
          await tab.evaluate(() => window.prepare());
          add(lib, `reveal-${how}`, await tab.evaluate((h) => window.reveal(h), how));
          if (errors.length) throw new Error(`${lib}: ${errors.join("; ")}`);
          await context.close();
        }
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  return samples;
}

const samples = await run();
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const m = (lib, key) => median(samples[lib][key]);
const f = (x) => `${x.toFixed(1)} ms`;
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
console.log(
  `${ELEMENTS.toLocaleString("en")}-element page, fresh context per sample, medians of ${SAMPLES} samples (Chromium, 127.0.0.1)`,
);
console.log("");
console.log(
  "| library | fetch | evaluate (responseEnd → onload) | inject → onload | init+start call | start → step visible | inject → step visible | target visible → step visible |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
for (const lib of Object.keys(LIBS))
  console.log(
    `| ${LIBS[lib].name} | ${f(m(lib, "fetch"))} | ${f(m(lib, "evaluate"))} | ${f(m(lib, "load"))} | ${f(m(lib, "startCall"))} | ${f(m(lib, "toVisible"))} | ${f(m(lib, "total"))} | ${f(m(lib, "reveal-insert"))}${lib === "waymark" ? ` inserted, ${f(m(lib, "reveal-unhide"))} un-hidden` : " (started when shown)"} |`,
  );
console.log("");
const anchors = ["driver", "shepherd"];
const line = (key) =>
  anchors.map((a) => `${ratio(m("waymark", key), m(a, key))} ${LIBS[a].name}`).join(", ");
console.log(`Waymark ÷ anchor, evaluate: ${line("evaluate")}`);
console.log(`Waymark ÷ anchor, inject → step visible: ${line("total")}`);
console.log(`Waymark ÷ anchor, target visible (inserted) → step visible: ${line("reveal-insert")}`);

const results = [
  {
    area: "Start-up",
    metric: `Script parse+evaluate (responseEnd → onload), ${ELEMENTS.toLocaleString("en")}-element page`,
    value: f(m("waymark", "evaluate")),
    anchors: line("evaluate"),
    goal: "",
    met: null,
  },
  {
    area: "Start-up",
    metric: "Script injected → one-step tour visible (load + evaluate + init + first step)",
    value: f(m("waymark", "total")),
    anchors: line("total"),
    goal: "",
    met: null,
  },
  {
    area: "Start-up",
    metric: "Target visible → step visible (Waymark waiting; anchors started in the same task)",
    value: `${f(m("waymark", "reveal-insert"))} inserted, ${f(m("waymark", "reveal-unhide"))} un-hidden`,
    anchors: line("reveal-insert"),
    goal: "",
    met: null,
  },
];
if (process.env.BENCH_RESULTS_FILE)
  writeFileSync(process.env.BENCH_RESULTS_FILE, JSON.stringify(results));
