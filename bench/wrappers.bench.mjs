// What Waymark's fetch/XHR wrappers cost the host: 2,000 requests to a local keep-alive server
// from a page without Waymark and from a page with it (traceparent injection and request
// observation on), in the same Chromium, interleaved in rounds so drift hits both alike.
// Reported as a ratio (goal: within 2%). Needs `npm run build` (dist/waymark.js).
//
//   node bench/wrappers.bench.mjs      (npm run bench runs it with the others)
import { readFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const ROUNDS = 20;
const CONCURRENCY = 4;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const bundle = fileURLToPath(new URL("../dist/waymark.js", import.meta.url));

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

async function run() {
  const js = await readFile(bundle).catch(() => {
    throw new Error("dist/waymark.js is missing: run `npm run build` first.");
  });
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
    const plain = await (await browser.newContext()).newPage();
    const waymark = await (await browser.newContext()).newPage();
    await plain.goto(`${base}/plain`);
    await waymark.goto(`${base}/waymark`);
    const wrapped = await waymark.evaluate(
      () => typeof window.Waymark === "object" && !/native code/.test(String(window.fetch)),
    );
    if (!wrapped) throw new Error("Waymark did not wrap fetch on the bench page.");
    // Warm up both (connections, JIT).
    for (const tab of [plain, waymark]) {
      await tab.bringToFront();
      await tab.evaluate(() => window.bench(200, 4));
    }
    const per = Math.ceil(REQUESTS / ROUNDS);
    const times = { plain: [], waymark: [] };
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which goes first, so neither always runs on a warmer machine.
      const order = round % 2 ? ["waymark", "plain"] : ["plain", "waymark"];
      for (const mode of order) {
        const tab = mode === "plain" ? plain : waymark;
        await tab.bringToFront();
        times[mode].push(await tab.evaluate(([n, c]) => window.bench(n, c), [per, CONCURRENCY]));
      }
    }
    const sum = (xs) => xs.reduce((a, b) => a + b, 0);
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const total = { plain: sum(times.plain), waymark: sum(times.waymark) };
    const ratio = total.waymark / total.plain;
    // Each round pairs the two modes back to back: the median of the paired ratios is robust to
    // load from other processes, which hits whole rounds.
    const medianRatio = median(times.waymark.map((t, i) => t / times.plain[i]));
    return [
      {
        case: "without Waymark",
        requests: per * ROUNDS,
        "total ms": total.plain.toFixed(0),
        "µs/request": ((total.plain / (per * ROUNDS)) * 1000).toFixed(0),
      },
      {
        case: "with Waymark",
        requests: per * ROUNDS,
        "total ms": total.waymark.toFixed(0),
        "µs/request": ((total.waymark / (per * ROUNDS)) * 1000).toFixed(0),
      },
      {
        case: "ratio (with / without)",
        requests: "",
        "total ms": ratio.toFixed(3),
        "µs/request": `median paired ratio ${medianRatio.toFixed(3)}; goal ≤ 1.020 ${medianRatio <= 1.02 ? "✓" : "✗"}; load ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs`,
      },
    ];
  } finally {
    await browser.close();
    server.close();
    server.closeAllConnections?.();
  }
}

const rows = await run();
console.table(rows);
