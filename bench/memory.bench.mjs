// Whether tours leak: the JS heap (CDP HeapProfiler.collectGarbage, then Runtime.getHeapUsage)
// and DOM nodes / event listeners (Performance.getMetrics) before and after 200 tours started
// and stopped (`Waymark.start(id)`, the step dialog appears; `Waymark.stop()`, it disappears) on
// a page with an inline guide. The noise is measured the same way around 200 no-op iterations
// (same waits, no tour), once before and once after the tours. Goal (issue #7): no growth beyond
// noise. Needs `npm run build`.
//
//   node bench/memory.bench.mjs              (npm run bench runs it with the others)
import { writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const TOURS = Number(process.env.BENCH_TOURS ?? 200);
const WARMUP = 10;
// Below this, a difference is heap-measurement granularity (allocation pages, inline caches).
const FLOOR = 16 * 1024;
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
const bundle = fileURLToPath(new URL("../dist/waymark.js", import.meta.url));
const GUIDE = {
  id: "mem",
  title: "Memory",
  frequency: "always",
  steps: [
    { id: "one", target: "#save", title: "Save", body: "Press **Save** when you are done." },
    { id: "two", target: "#name", title: "Name", body: "Type a name." },
  ],
};

const PAGE = `<!doctype html><meta charset="utf-8"><title>memory bench</title>
<main><label>Name <input id="name"></label> <button id="save">Save</button></main>
<script src="/waymark.js"></script>
<script>
  Waymark.init({ guides: [${JSON.stringify(GUIDE)}], consent: "denied" });
  const dialog = () =>
    document.querySelector("[data-waymark-host]")?.shadowRoot?.querySelector("[data-waymark-step]");
  const until = (test, what) => new Promise((resolve, reject) => {
    const t0 = performance.now();
    const check = () => {
      if (test()) return resolve();
      if (performance.now() - t0 > 10000) return reject(new Error("timed out waiting for " + what));
      requestAnimationFrame(check);
    };
    check();
  });
  // n tours started and stopped, each waiting for the dialog to appear and disappear.
  window.tours = async (n) => {
    for (let i = 0; i < n; i++) {
      Waymark.start("mem");
      await until(() => dialog(), "the step dialog");
      Waymark.stop();
      await until(() => !dialog(), "the dialog to close");
    }
  };
  // n no-op iterations: the same two frame waits, no tour.
  window.noops = async (n) => {
    for (let i = 0; i < n; i++) {
      await until(() => true, "");
      await new Promise((r) => requestAnimationFrame(r));
      await until(() => true, "");
      await new Promise((r) => requestAnimationFrame(r));
    }
  };
</script>`;

async function run() {
  const js = await readFile(bundle).catch(() => {
    throw new Error("dist/waymark.js is missing: run `npm run build` first.");
  });
  const parts = new URL("../dist/", import.meta.url);
  const server = createServer(async (req, res) => {
    if (req.url === "/") return void res.writeHead(200, { "content-type": "text/html" }).end(PAGE);
    if (req.url === "/waymark.js")
      return void res.writeHead(200, { "content-type": "text/javascript" }).end(js);
    // Lazily loaded parts sit beside the bundle.
    if (/^\/[\w-]+\.js$/.test(req.url)) {
      try {
        const body = await readFile(new URL(req.url.slice(1), parts));
        return void res.writeHead(200, { "content-type": "text/javascript" }).end(body);
      } catch {}
    }
    res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  try {
    const tab = await (await browser.newContext()).newPage();
    const errors = [];
    tab.on("pageerror", (e) => errors.push(String(e)));
    await tab.goto(`http://127.0.0.1:${server.address().port}/`);
    const cdp = await tab.context().newCDPSession(tab);
    await cdp.send("Performance.enable");
    await cdp.send("HeapProfiler.enable");
    const snapshot = async () => {
      // Several passes: weak references and finalizers free more on the next collection.
      for (let i = 0; i < 4; i++) await cdp.send("HeapProfiler.collectGarbage");
      const { usedSize } = await cdp.send("Runtime.getHeapUsage");
      const { metrics } = await cdp.send("Performance.getMetrics");
      const get = (name) => metrics.find((m) => m.name === name)?.value ?? 0;
      return { heap: usedSize, nodes: get("Nodes"), listeners: get("JSEventListeners") };
    };
    // Warm-up: lazy parts, Preact, JIT, the store's connection, the first events.
    await tab.evaluate((n) => window.tours(n), WARMUP);
    await tab.evaluate((n) => window.noops(n), WARMUP);
    const s0 = await snapshot();
    await tab.evaluate((n) => window.noops(n), TOURS);
    const s1 = await snapshot();
    const t0 = performance.now();
    await tab.evaluate((n) => window.tours(n), TOURS);
    const tourMs = performance.now() - t0;
    const s2 = await snapshot();
    await tab.evaluate((n) => window.noops(n), TOURS);
    const s3 = await snapshot();
    if (errors.length) throw new Error(`page errors: ${errors.join("; ")}`);
    return { s0, s1, s2, s3, tourMs };
  } finally {
    await browser.close();
    server.close();
  }
}

const { s0, s1, s2, s3, tourMs } = await run();
const kb = (n) => `${n >= 0 ? "+" : ""}${(n / 1024).toFixed(1)} KB`;
const d = (a, b) => ({
  heap: b.heap - a.heap,
  nodes: b.nodes - a.nodes,
  listeners: b.listeners - a.listeners,
});
const noop1 = d(s0, s1);
const tours = d(s1, s2);
const noop2 = d(s2, s3);
const noise = Math.max(Math.abs(noop1.heap), Math.abs(noop2.heap), FLOOR);
console.log(
  `${TOURS} tours started and stopped (${(tourMs / TOURS).toFixed(1)} ms each, after ${WARMUP} warm-up tours), against ${TOURS} no-op iterations before and after; heap after 4 forced GCs.`,
);
console.log("");
console.log("| phase | JS heap change | per iteration | DOM nodes | JS event listeners |");
console.log("|---|---:|---:|---:|---:|");
for (const [name, x] of [
  [`${TOURS} no-op iterations (noise, before)`, noop1],
  [`${TOURS} tours started + stopped`, tours],
  [`${TOURS} no-op iterations (noise, after)`, noop2],
])
  console.log(
    `| ${name} | ${kb(x.heap)} | ${(x.heap / TOURS).toFixed(0)} B | ${x.nodes >= 0 ? "+" : ""}${x.nodes} | ${x.listeners >= 0 ? "+" : ""}${x.listeners} |`,
  );
console.log("");
console.log(
  `Heap: ${(s0.heap / 1024).toFixed(0)} KB at start, ${(s3.heap / 1024).toFixed(0)} KB at end. Noise band: ±${(noise / 1024).toFixed(1)} KB (largest no-op change, at least ${FLOOR / 1024} KB).`,
);
const met = tours.heap <= noise && tours.nodes <= 0 && tours.listeners <= 0;
console.log(
  `Tour growth ${kb(tours.heap)} (${(tours.heap / TOURS).toFixed(0)} B per tour) ${met ? "is within" : "is beyond"} noise; goal: no growth beyond noise ${met ? "✓" : "✗"}`,
);

const results = [
  {
    area: "Memory",
    metric: `JS heap after ${TOURS} tours started and stopped, after GC, vs before`,
    value: `${kb(tours.heap)} (${(tours.heap / TOURS).toFixed(0)} B/tour); DOM nodes ${tours.nodes >= 0 ? "+" : ""}${tours.nodes}, listeners ${tours.listeners >= 0 ? "+" : ""}${tours.listeners}`,
    anchors: `noise: ${TOURS} no-op iterations ${kb(noop1.heap)} before, ${kb(noop2.heap)} after (band ±${(noise / 1024).toFixed(1)} KB)`,
    goal: "no growth beyond noise",
    met,
  },
];
if (process.env.BENCH_RESULTS_FILE)
  writeFileSync(process.env.BENCH_RESULTS_FILE, JSON.stringify(results));
