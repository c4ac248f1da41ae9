// What Waymark's fetch/XHR wrappers cost the host: 4,000 requests to a local keep-alive server
// from a page without Waymark and from a page with it (its normal setup: a guide with a help
// rule for the URL, traceparent on same-origin requests, every request observed; the server
// checks that each carried a traceparent), in the same Chromium, interleaved in 40 rounds
// (alternating which page goes first) so drift and load from other processes hit both alike.
// Reported as the median of the per-round ratios (goal: within 2%), with a 95% confidence
// interval of that median and the spread of the rounds: on a busy machine the interval says
// whether the run could tell 2% apart at all. Nothing else is attached to the pages (CDP's
// Performance domain, for one, times every task and callback, which slows the page that has
// more of them). Needs `npm run build` (dist/waymark.js).
//
//   node bench/wrappers.bench.mjs      (npm run bench runs it with the others)
//   BENCH_REQUESTS=12000 BENCH_ROUNDS=120 node bench/wrappers.bench.mjs   (a narrower interval)
//   WAYMARK_JS=path/to/waymark.js node bench/wrappers.bench.mjs   (another build, to compare)
import { readFile, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
// Many rounds: the median of the per-round ratios shrugs off the rounds that a burst of load
// from other processes hit.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const CONCURRENCY = 4;
const GOAL = 1.02;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const bundle =
  process.env.WAYMARK_JS ?? fileURLToPath(new URL("../dist/waymark.js", import.meta.url));

const page = (withWaymark) => `<!doctype html><meta charset="utf-8"><title>bench</title>
${withWaymark ? '<script src="/waymark.js" data-guides="/guides.json"></script>' : ""}
<script>
  // n requests, \`concurrency\` at a time, half fetch and half XHR; resolves to elapsed ms.
  window.bench = async (n, concurrency) => {
    let next = 0;
    const xhr = (url) => new Promise((resolve, reject) => {
      const x = new XMLHttpRequest();
      x.open("GET", url);
      x.onload = () => resolve(x.responseText);
      x.onerror = reject;
      x.send();
    });
    const worker = async () => {
      while (next < n) {
        const i = next++;
        if (i % 2) await xhr("/ping?i=" + i);
        else await (await fetch("/ping?i=" + i, { headers: { accept: "application/json" } })).text();
      }
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    return performance.now() - t0;
  };
</script>`;

const sum = (xs) => xs.reduce((a, b) => a + b, 0);
/** The q-quantile (0..1) by linear interpolation. */
function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return s[lo] + ((s[Math.ceil(at)] ?? s[lo]) - s[lo]) * (at - lo);
}

/**
 * A distribution-free 95% confidence interval of the median: the order statistics that the
 * median lies between with 95% probability (normal approximation of the binomial).
 */
function medianInterval(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const k = Math.max(0, Math.floor((s.length - 1.96 * Math.sqrt(s.length)) / 2));
  return [s[k], s[s.length - 1 - k]];
}

async function run() {
  const js = await readFile(bundle).catch(() => {
    throw new Error(`${bundle} is missing: run \`npm run build\` first.`);
  });
  // Requests to /ping that carried a traceparent, per page: proof that Waymark was at work.
  const traced = { plain: 0, waymark: 0 };
  const server = createServer((req, res) => {
    if (req.url === "/waymark.js")
      return void res.writeHead(200, { "content-type": "text/javascript" }).end(js);
    if (req.url === "/guides.json")
      return void res
        .writeHead(200, { "content-type": "application/json" })
        .end(
          '{"id":"bench","title":"Bench","help":[{"id":"h","when":{"request":{"url":"/ping","status":[500]}},"title":"Never"}]}',
        );
    if (req.url === "/plain" || req.url === "/waymark")
      return void res
        .writeHead(200, { "content-type": "text/html" })
        .end(page(req.url === "/waymark"));
    if (req.headers.traceparent)
      traced[/\/waymark$/.test(req.headers.referer ?? "") ? "waymark" : "plain"]++;
    res
      .writeHead(200, { "content-type": "application/json", "x-request-id": "req_1" })
      .end('{"ok":true}');
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  try {
    // One context (one network stack) per page, and each brought to front before it runs:
    // a background tab's timers and tasks are throttled.
    const tabs = {};
    for (const mode of ["plain", "waymark"]) {
      const tab = await (await browser.newContext()).newPage();
      await tab.goto(`${base}/${mode}`);
      tabs[mode] = { tab, wall: [] };
    }
    const wrapped = await tabs.waymark.tab.evaluate(
      () => typeof window.Waymark === "object" && !/native code/.test(String(window.fetch)),
    );
    if (!wrapped) throw new Error("Waymark did not wrap fetch on the bench page.");
    // Warm up both (connections, JIT).
    for (const { tab } of Object.values(tabs)) {
      await tab.bringToFront();
      await tab.evaluate(() => window.bench(200, 4));
    }
    traced.waymark = 0;
    const per = Math.ceil(REQUESTS / ROUNDS);
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which goes first, so neither always runs on a warmer machine.
      const order = round % 2 ? ["waymark", "plain"] : ["plain", "waymark"];
      for (const mode of order) {
        const { tab, wall } = tabs[mode];
        await tab.bringToFront();
        wall.push(await tab.evaluate(([n, c]) => window.bench(n, c), [per, CONCURRENCY]));
      }
    }
    const requests = per * ROUNDS;
    if (traced.plain > 0 || traced.waymark < requests * 0.99)
      throw new Error(
        `traceparent on ${traced.waymark} of ${requests} requests with Waymark and ${traced.plain} without: the pages are not set up as intended.`,
      );

    const { plain, waymark } = tabs;
    const ratios = waymark.wall.map((t, i) => t / plain.wall[i]);
    const median = quantile(ratios, 0.5);
    const [q1, q3] = [quantile(ratios, 0.25), quantile(ratios, 0.75)];
    const [low, high] = medianInterval(ratios);
    const totalRatio = sum(waymark.wall) / sum(plain.wall);
    const us = (ms) => ((ms / requests) * 1000).toFixed(0);
    const met = median <= GOAL;
    const load = `load ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs`;

    console.table([
      {
        case: "without Waymark",
        requests,
        "wall ms": sum(plain.wall).toFixed(0),
        "µs/request": us(sum(plain.wall)),
      },
      {
        case: "with Waymark",
        requests,
        "wall ms": sum(waymark.wall).toFixed(0),
        "µs/request": us(sum(waymark.wall)),
      },
    ]);
    console.log(
      `ratio with / without: median of ${ROUNDS} paired rounds ${median.toFixed(3)} (95% CI ${low.toFixed(3)}–${high.toFixed(3)}; middle half of the rounds ${q1.toFixed(3)}–${q3.toFixed(3)}); all rounds summed ${totalRatio.toFixed(3)}; goal ≤ ${GOAL.toFixed(3)} ${met ? "✓" : "✗"}; ${load}`,
    );
    if (high - low > 2 * (GOAL - 1))
      console.log(
        `The confidence interval is wider than ±${((GOAL - 1) * 100).toFixed(0)}%: this run cannot tell ${((GOAL - 1) * 100).toFixed(0)}% apart (other processes busy?). Run again on a quieter machine, or with more requests (BENCH_REQUESTS, BENCH_ROUNDS).`,
      );
    return [
      {
        area: "Host cost",
        metric: `${requests} local requests (half fetch, half XHR, ${CONCURRENCY} at a time), wall time with ÷ without Waymark, median of ${ROUNDS} paired rounds`,
        value: median.toFixed(3),
        anchors: `95% CI ${low.toFixed(3)}–${high.toFixed(3)}; middle half of the rounds ${q1.toFixed(3)}–${q3.toFixed(3)}; ${load}`,
        goal: `≤ ${GOAL.toFixed(2)}`,
        met,
      },
    ];
  } finally {
    await browser.close();
    server.close();
    server.closeAllConnections?.();
  }
}

const rows = await run();
// bench/run.mjs collects these rows into the one table of bench/RESULTS.md.
if (process.env.BENCH_RESULTS_FILE)
  await writeFile(process.env.BENCH_RESULTS_FILE, JSON.stringify(rows));
