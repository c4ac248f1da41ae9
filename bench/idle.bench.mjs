// What Waymark costs the host while a step waits for a target that never appears: a page whose
// own script makes 1,000 DOM mutations per second (append, attribute change, remove) while a
// guide's first step waits for "#never" (`wait` 600000 ms). The same page without Waymark runs
// in the same Chromium, interleaved in rounds so drift hits both alike. Measured:
//   - long tasks (PerformanceObserver "longtask"): count and longest, per mode;
//   - main-thread time (CDP Performance.getMetrics TaskDuration and ScriptDuration deltas):
//     Waymark's share = (with − without) ÷ wall time.
// Goal (issue #7): no long task, < 1% main-thread time. Needs `npm run build`.
//
//   node bench/idle.bench.mjs                 20 s per mode (default)
//   node bench/idle.bench.mjs --seconds 60    the full 60 s of the issue
import { writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const argi = process.argv.indexOf("--seconds");
const SECONDS = Number(argi > 0 ? process.argv[argi + 1] : (process.env.BENCH_SECONDS ?? 20));
const ROUNDS = 4;
const RATE = 1000; // mutations per second
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
  id: "idle",
  title: "Idle",
  steps: [{ id: "never", target: "#never", title: "Never shown", wait: 600000 }],
};

const page = (withWaymark) => `<!doctype html><meta charset="utf-8"><title>idle bench</title>
<script>
  window.longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
</script>
${withWaymark ? '<script src="/waymark.js" data-guides="/guides.json"></script>' : ""}
<main id="app">${Array.from({ length: 200 }, (_, i) => `<div class="row" data-i="${i}"><span>Row ${i}</span><button>Edit</button></div>`).join("")}</main>
<script>
  // RATE mutations per second for ms: each tick catches up with elapsed time, so the rate holds
  // even when timers drift. A mutation is an append, an attribute change or a removal.
  window.mutate = (ms, rate) => new Promise((resolve) => {
    const app = document.getElementById("app");
    const t0 = performance.now();
    let done = 0;
    const tick = () => {
      const now = performance.now();
      const due = Math.min(Math.floor(((now - t0) / 1000) * rate), Math.floor((ms / 1000) * rate));
      for (; done < due; done++) {
        const k = done % 3;
        if (k === 0) {
          const div = document.createElement("div");
          div.className = "row new";
          div.textContent = "Row " + done;
          app.appendChild(div);
        } else if (k === 1) {
          const row = app.children[done % app.children.length];
          row.setAttribute("data-v", String(done));
        } else {
          app.lastElementChild && app.lastElementChild.classList.contains("new") && app.lastElementChild.remove();
        }
      }
      if (now - t0 >= ms) { clearInterval(timer); resolve({ mutations: done, wall: now - t0 }); }
    };
    const timer = setInterval(tick, 10);
  });
</script>`;

async function run() {
  const js = await readFile(bundle).catch(() => {
    throw new Error("dist/waymark.js is missing: run `npm run build` first.");
  });
  const server = createServer(async (req, res) => {
    if (req.url === "/waymark.js")
      return void res.writeHead(200, { "content-type": "text/javascript" }).end(js);
    // The parts it loads beside itself (the UI, preloaded when the tour starts).
    if (/^\/waymark-[\w-]+\.js$/.test(req.url)) {
      const part = await readFile(new URL(`../dist${req.url}`, import.meta.url)).catch(() => null);
      if (part) return void res.writeHead(200, { "content-type": "text/javascript" }).end(part);
    }
    if (req.url === "/guides.json")
      return void res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify(GUIDE));
    if (req.url === "/plain" || req.url === "/waymark")
      return void res
        .writeHead(200, { "content-type": "text/html" })
        .end(page(req.url === "/waymark"));
    res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  try {
    const tabs = {};
    for (const mode of ["plain", "waymark"]) {
      const tab = await (await browser.newContext()).newPage();
      await tab.goto(`${base}/${mode}`);
      const cdp = await tab.context().newCDPSession(tab);
      await cdp.send("Performance.enable", { timeDomain: "threadTicks" });
      tabs[mode] = { tab, cdp };
    }
    // Start the guide and make sure its step is waiting (started, no dialog on screen).
    const w = tabs.waymark.tab;
    await w.waitForFunction(() => typeof window.Waymark?.start === "function");
    await w.evaluate(
      () =>
        new Promise((resolve, reject) => {
          window.Waymark.on("guide:start", resolve);
          window.Waymark.start("idle");
          setTimeout(() => reject(new Error("guide:start not seen within 10 s")), 10_000);
        }),
    );
    await w.waitForTimeout(500);
    const shown = await w.evaluate(
      () =>
        !!document
          .querySelector("[data-waymark-host]")
          ?.shadowRoot?.querySelector("[data-waymark-step]"),
    );
    if (shown) throw new Error("The step was shown: its target should never appear.");

    const metrics = async (cdp) => {
      const { metrics } = await cdp.send("Performance.getMetrics");
      const get = (name) => metrics.find((m) => m.name === name)?.value ?? 0;
      return { task: get("TaskDuration"), script: get("ScriptDuration") };
    };
    // Warm-up: 1 s each.
    for (const mode of ["plain", "waymark"]) {
      await tabs[mode].tab.bringToFront();
      await tabs[mode].tab.evaluate(([ms, r]) => window.mutate(ms, r), [1000, RATE]);
    }
    const acc = {
      plain: { wall: 0, task: 0, script: 0, mutations: 0, long: [], rounds: [] },
      waymark: { wall: 0, task: 0, script: 0, mutations: 0, long: [], rounds: [] },
    };
    const perRound = (SECONDS * 1000) / ROUNDS;
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 ? ["waymark", "plain"] : ["plain", "waymark"];
      for (const mode of order) {
        const { tab, cdp } = tabs[mode];
        await tab.bringToFront();
        const before = await metrics(cdp);
        const t0 = await tab.evaluate(() => performance.now());
        const r = await tab.evaluate(([ms, rate]) => window.mutate(ms, rate), [perRound, RATE]);
        const after = await metrics(cdp);
        const long = await tab.evaluate((t) => window.longTasks.filter((e) => e.start >= t), t0);
        const a = acc[mode];
        a.wall += r.wall / 1000;
        a.task += after.task - before.task;
        a.script += after.script - before.script;
        a.mutations += r.mutations;
        a.long.push(...long);
        a.rounds.push({ wall: r.wall / 1000, task: after.task - before.task });
      }
    }
    const stillWaiting = await w.evaluate(
      () =>
        !document
          .querySelector("[data-waymark-host]")
          ?.shadowRoot?.querySelector("[data-waymark-step]"),
    );
    return { acc, stillWaiting };
  } finally {
    await browser.close();
    server.close();
  }
}

const { acc, stillWaiting } = await run();
const pct = (x) => `${(x * 100).toFixed(2)}%`;
const ms = (s) => `${(s * 1000).toFixed(0)} ms`;
const longest = (a) => (a.long.length ? Math.max(...a.long.map((e) => e.duration)) : 0);
console.log(
  `${SECONDS} s per mode (${ROUNDS} interleaved rounds) of ${RATE} mutations/s; the step waits for "#never" (wait 600000 ms); still waiting at the end: ${stillWaiting ? "yes" : "NO"}`,
);
console.log("");
console.log(
  "| page | mutations | wall | main-thread (TaskDuration) | scripting (ScriptDuration) | long tasks | longest |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|");
for (const [name, a] of [
  ["without Waymark", acc.plain],
  ["with Waymark (step waiting)", acc.waymark],
])
  console.log(
    `| ${name} | ${a.mutations} | ${a.wall.toFixed(1)} s | ${ms(a.task)} (${pct(a.task / a.wall)}) | ${ms(a.script)} (${pct(a.script / a.wall)}) | ${a.long.length} | ${longest(a) ? longest(a).toFixed(0) + " ms" : "none"} |`,
  );
// Waymark's share: the difference in busy time, as a share of the (with-Waymark) wall time.
const taskShare = acc.waymark.task / acc.waymark.wall - acc.plain.task / acc.plain.wall;
const scriptShare = acc.waymark.script / acc.waymark.wall - acc.plain.script / acc.plain.wall;
const paired = acc.waymark.rounds
  .map((r, i) => r.task / r.wall - acc.plain.rounds[i].task / acc.plain.rounds[i].wall)
  .sort((a, b) => a - b);
console.log("");
console.log(
  `Waymark's share of main-thread time: ${pct(taskShare)} (TaskDuration), ${pct(scriptShare)} (ScriptDuration); per-round paired differences ${paired.map(pct).join(", ")}; goal < 1% ${taskShare < 0.01 ? "✓" : "✗"}; load ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs`,
);
const wLong = acc.waymark.long.length;
const extraLong = wLong - acc.plain.long.length;
console.log(
  `Long tasks with Waymark: ${wLong} (without: ${acc.plain.long.length}); goal: none ${wLong === 0 ? "✓" : "✗"}`,
);

const results = [
  {
    area: "Host cost",
    metric: `Main-thread time added while a step waits, ${SECONDS} s of ${RATE} mutations/s (TaskDuration with − without, ÷ wall)`,
    value: pct(taskShare),
    anchors: `without Waymark ${pct(acc.plain.task / acc.plain.wall)}, with ${pct(acc.waymark.task / acc.waymark.wall)}; scripting +${pct(scriptShare)}`,
    goal: "< 1%",
    met: taskShare < 0.01 && stillWaiting,
  },
  {
    area: "Host cost",
    metric: `Long tasks while a step waits, ${SECONDS} s of ${RATE} mutations/s`,
    value: `${wLong}${wLong ? `, longest ${longest(acc.waymark).toFixed(0)} ms` : ""}`,
    anchors: `without Waymark: ${acc.plain.long.length}${acc.plain.long.length ? `, longest ${longest(acc.plain).toFixed(0)} ms` : ""}${extraLong > 0 ? `; ${extraLong} more with` : ""}`,
    goal: "none",
    met: wLong === 0,
  },
];
if (process.env.BENCH_RESULTS_FILE)
  writeFileSync(process.env.BENCH_RESULTS_FILE, JSON.stringify(results));
