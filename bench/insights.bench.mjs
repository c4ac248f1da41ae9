// Building the insights aggregates (src/insights/aggregate.ts) over 100,000 stored events.
// Goal: under 300 ms. Measured in Node and in real Chromium; in Chromium also reading the
// events back from IndexedDB first (getAll), which is what opening the panel does.
//
//   node bench/run.mjs insights        (npm run bench runs it with the others)
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { build } from "vite";

const root = fileURLToPath(new URL("..", import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const EVENTS = 100_000;
const RUNS = 11;
const WARMUP = 2;
const GOAL_MS = 300;

/** The aggregate module alone, bundled as `format` (ES for Node, IIFE for the page). */
async function bundle(format) {
  const output = await build({
    root,
    configFile: false,
    logLevel: "silent",
    build: {
      write: false,
      minify: true,
      lib: {
        entry: `${root}src/insights/aggregate.ts`,
        formats: [format],
        name: "WaymarkInsightsBench",
        fileName: () => "aggregate.js",
      },
    },
  });
  return (Array.isArray(output) ? output[0] : output).output[0].code;
}

/**
 * Realistic stored events: sessions taking one of 4 guides (8 steps each) to varying depth,
 * with Back moves, stalls, failures, help and reports; plain data as the store keeps it.
 * Written as a self-contained function so the page can run the same code.
 */
function makeEvents(total) {
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const reasons = ["dwell", "idle", "oscillation", "rage", "repeat-failure"];
  const signatures = Array.from(
    { length: 40 },
    (_, i) => `request:POST /api/thing${i} ${i % 2 ? 500 : 402}`,
  );
  const events = [];
  let t = Date.UTC(2025, 0, 1);
  let s = 0;
  while (events.length < total) {
    const session = `s${s++}`;
    const guide = `guide-${s % 4}`;
    let n = 0;
    const push = (type, extra) =>
      events.push({
        id: `${session}.${n++}`,
        v: 1,
        type,
        ts: (t += 1 + Math.floor(rand() * 4000)),
        session,
        page: "/app",
        ...extra,
      });
    push("guide.start", { guide });
    const depth = 1 + Math.floor(rand() * 8);
    for (let i = 0; i < depth; i++) {
      const step = `step-${i}`;
      push("step.show", { guide, step });
      if (rand() < 0.15)
        push("stall", {
          guide,
          step,
          reason: reasons[Math.floor(rand() * 5)],
          ...(rand() < 0.5 ? { nudge: "demo" } : {}),
        });
      if (rand() < 0.1) {
        const signature = signatures[Math.floor(rand() * signatures.length)];
        push("failure", { kind: "request", signature });
        if (rand() < 0.6) push("help.show", { help: "h", signature });
        if (rand() < 0.3) push("help.action", { help: "h", action: "guide", signature });
        if (rand() < 0.3) push("help.resolved", { help: "h", signature });
        else if (rand() < 0.2) push("report.send", {});
      }
      if (i > 0 && rand() < 0.05) {
        push("step.back", { guide, step });
        push("step.show", { guide, step: `step-${i - 1}` });
      }
      if (i < depth - 1) push("step.done", { guide, step });
    }
    push(depth === 8 ? "guide.done" : "guide.dismiss", { guide, step: `step-${depth - 1}` });
  }
  return events.slice(0, total);
}

const stats = (times) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: sorted[sorted.length >> 1], min: sorted[0], max: sorted[sorted.length - 1] };
};
const row = (where, what, times) => {
  const { median, min, max } = stats(times);
  return {
    where,
    what,
    events: EVENTS,
    "median ms": +median.toFixed(1),
    "min ms": +min.toFixed(1),
    "max ms": +max.toFixed(1),
    goal: what.startsWith("aggregate")
      ? median < GOAL_MS
        ? `< ${GOAL_MS} ms ✓`
        : `over ${GOAL_MS} ms ✗`
      : "",
  };
};

export default async function run() {
  const rows = [];

  // ---- Node ----
  const esm = await bundle("es");
  const { aggregateInsights } = await import(
    `data:text/javascript;base64,${Buffer.from(esm).toString("base64")}`
  );
  const events = makeEvents(EVENTS);
  const stepOrder = Object.fromEntries(
    [0, 1, 2, 3].map((g) => [`guide-${g}`, Array.from({ length: 8 }, (_, i) => `step-${i}`)]),
  );
  const times = [];
  let result;
  for (let i = 0; i < WARMUP; i++) aggregateInsights(events, { stepOrder });
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    result = aggregateInsights(events, { stepOrder });
    times.push(performance.now() - started);
  }
  rows.push(row(`Node ${process.version}`, "aggregate (in memory)", times));
  console.log(
    `  ${result.sessions} sessions, ${result.guides.length} guides, ${result.failures.length} failure signatures; first funnel: ${result.guides[0].steps.map((s) => s.sessions).join(" → ")}`,
  );

  // ---- Chromium, with the events stored in IndexedDB ----
  if (!existsSync(CHROMIUM)) {
    console.warn(`  Chromium not found at ${CHROMIUM}: measured in Node only.`);
    return rows;
  }
  const iife = await bundle("iife");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu"],
  });
  try {
    const page = await (await browser.newContext()).newPage();
    // IndexedDB needs a real origin; a data: or about:blank page has none.
    await page.route("http://bench.waymark.test/", (route) =>
      route.fulfill({ contentType: "text/html", body: "<!doctype html><title>bench</title>" }),
    );
    await page.goto("http://bench.waymark.test/");
    await page.addScriptTag({ content: iife });
    const measured = await page.evaluate(
      async ({ total, runs, stepOrder, makeEventsSource }) => {
        const makeEvents = new Function(`return (${makeEventsSource})`)();
        const open = () =>
          new Promise((resolve, reject) => {
            const req = indexedDB.open("waymark-insights-bench", 1);
            req.onupgradeneeded = () =>
              req.result.createObjectStore("events", { keyPath: "id" }).createIndex("ts", "ts");
            req.onsuccess = () => resolve(req.result);
            req.onerror = () => reject(req.error);
          });
        const db = await open();
        await new Promise((resolve, reject) => {
          const tx = db.transaction("events", "readwrite");
          const store = tx.objectStore("events");
          for (const e of makeEvents(total)) store.put(e);
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
        });
        const read = [];
        const aggregate = [];
        for (let i = -2; i < runs; i++) {
          let started = performance.now();
          const events = await new Promise((resolve, reject) => {
            const req = db.transaction("events").objectStore("events").index("ts").getAll();
            req.onsuccess = () => resolve(req.result);
            req.onerror = () => reject(req.error);
          });
          const readMs = performance.now() - started;
          started = performance.now();
          window.WaymarkInsightsBench.aggregateInsights(events, { stepOrder });
          if (i < 0) continue; // warm-up
          read.push(readMs);
          aggregate.push(performance.now() - started);
        }
        db.close();
        return {
          read,
          aggregate,
          count: total,
          ua: navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? "Chromium",
        };
      },
      { total: EVENTS, runs: RUNS, stepOrder, makeEventsSource: makeEvents.toString() },
    );
    rows.push(row(measured.ua, "aggregate (in memory)", measured.aggregate));
    rows.push(row(measured.ua, "read 100k from IndexedDB (getAll)", measured.read));
    rows.push(
      row(
        measured.ua,
        "read + aggregate",
        measured.read.map((r, i) => r + measured.aggregate[i]),
      ),
    );
  } finally {
    await browser.close();
  }
  return rows;
}

// `node bench/insights.bench.mjs` (bench/run.mjs runs each bench file as its own process).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.table(await run());
  const load = (await import("node:os")).loadavg()[0];
  console.log(
    `  ${RUNS} timed runs after ${WARMUP} warm-up runs; machine load average ${load.toFixed(1)} (medians are noisy on a busy machine; min is the best case).`,
  );
}
