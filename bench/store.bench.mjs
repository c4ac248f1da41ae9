// The event store under load, in real Chromium with the real IndexedDB: 10,000 events
// recorded in bursts of 1,000 per second, through Waymark's store (batched writes) and, as a
// baseline in the same run, with one transaction per event. Prints events lost, the longest
// main-thread task while recording (PerformanceObserver "longtask"), the longest burst
// handler, and how long until everything was on disk.
//
//   node bench/store.bench.mjs            (npm run bench runs it with the others)
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { build } from "vite";
import { startServer } from "../demo/server.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const TOTAL = 10_000;
const BURST = 1_000;

if (!existsSync(CHROMIUM)) {
  console.error(
    `Chromium was not found at ${CHROMIUM}: install it (npm run setup) or set CHROMIUM_PATH.`,
  );
  process.exit(1);
}

// The store alone, bundled for the page (what the widget runs, without the rest of it).
const output = await build({
  root,
  configFile: false,
  logLevel: "silent",
  build: {
    write: false,
    minify: true,
    lib: {
      entry: `${root}src/store/store.ts`,
      formats: ["iife"],
      name: "WaymarkStoreBench",
      fileName: () => "store.js",
    },
  },
});
const code = (Array.isArray(output) ? output[0] : output).output[0].code;

const server = await startServer({ port: 0 });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu"],
});
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/test/fixtures/store/blank.html`);
  await page.addScriptTag({ content: code });

  const results = [];
  for (const mode of ["batched", "per-event"]) {
    results.push(
      await page.evaluate(
        async ({ mode, total, burst }) => {
          const longTasks = [];
          const observer = new PerformanceObserver((list) =>
            longTasks.push(...list.getEntries().map((e) => e.duration)),
          );
          observer.observe({ type: "longtask", buffered: false });
          const event = (i) => ({
            id: `${mode}-${i}`,
            v: 1,
            type: "step.show",
            ts: Date.now(),
            session: "bench",
            guide: "bench-guide",
            step: `s${i % 7}`,
            page: "/bench",
          });
          let record;
          let settle;
          let count;
          if (mode === "batched") {
            const store = window.WaymarkStoreBench.createStore({
              retention: { days: 30, maxEvents: 1_000_000 },
              onFallback: (r) => console.warn(r),
            });
            await store.clear();
            record = (e) => store.record(e);
            settle = () => store.flush();
            count = async () => (await store.events()).filter((e) => e.id.startsWith(mode)).length;
          } else {
            // The baseline: the obvious implementation, one readwrite transaction per event.
            const db = await new Promise((resolve, reject) => {
              const request = indexedDB.open("waymark-bench-baseline", 1);
              request.onupgradeneeded = () =>
                request.result
                  .createObjectStore("events", { keyPath: "id" })
                  .createIndex("ts", "ts");
              request.onsuccess = () => resolve(request.result);
              request.onerror = () => reject(request.error);
            });
            const pending = [];
            record = (e) => {
              const tx = db.transaction("events", "readwrite");
              tx.objectStore("events").put(e);
              pending.push(
                new Promise((resolve) => (tx.oncomplete = tx.onabort = tx.onerror = resolve)),
              );
            };
            settle = () => Promise.all(pending);
            count = () =>
              new Promise((resolve) => {
                const request = db.transaction("events").objectStore("events").count();
                request.onsuccess = () => resolve(request.result);
              });
          }
          const started = performance.now();
          let longestBurst = 0;
          for (let sent = 0; sent < total; sent += burst) {
            const t0 = performance.now();
            for (let i = sent; i < sent + burst; i++) record(event(i));
            longestBurst = Math.max(longestBurst, performance.now() - t0);
            if (sent + burst < total)
              await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (performance.now() - t0))));
          }
          await settle();
          const durableAfter = performance.now() - started;
          await new Promise((r) => setTimeout(r, 100)); // let the observer deliver
          observer.disconnect();
          const stored = await count();
          return {
            mode,
            lost: total - stored,
            longestTask: longTasks.length ? Math.max(...longTasks) : 0,
            longTasks: longTasks.length,
            longestBurst,
            durableAfter,
          };
        },
        { mode, total: TOTAL, burst: BURST },
      ),
    );
  }

  const ms = (n) => `${n.toFixed(1)} ms`;
  console.log(
    `${TOTAL.toLocaleString("en")} events in bursts of ${BURST.toLocaleString("en")}/s, Chromium ${browser.version()}, real IndexedDB\n`,
  );
  console.log(
    "| store | lost | longest task (longtask) | long tasks | longest burst handler | all on disk after |",
  );
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const r of results) {
    console.log(
      `| ${r.mode === "batched" ? "Waymark (batched)" : "baseline: 1 tx/event"} | ${r.lost} | ${r.longTasks ? ms(r.longestTask) : "none ≥ 50 ms"} | ${r.longTasks} | ${ms(r.longestBurst)} | ${ms(r.durableAfter)} |`,
    );
  }
  const [batched, baseline] = results;
  console.log(
    `\nlongest burst handler, baseline ÷ batched: ${(baseline.longestBurst / batched.longestBurst).toFixed(1)}×`,
  );
  if (batched.longTasks && baseline.longTasks)
    console.log(
      `longest task, baseline ÷ batched: ${(baseline.longestTask / batched.longestTask).toFixed(1)}×`,
    );
  if (batched.lost !== 0) {
    console.error(`Waymark's store lost ${batched.lost} events.`);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
  await server.close();
}
