// Runs every bench/*.bench.mjs (or those whose names start with the arguments), each in its
// own node process so one bench's browser, server or globals never affect the next, streams
// its output, and ends with a summary table. A bench file is a plain node script that prints
// its own results (and exits non-zero on failure).
//
// It also writes bench/RESULTS.md: the date and machine, one table with every figure beside
// its anchors and goal (met or not), then each bench's own output. A bench contributes rows to
// the table by writing JSON to the file named by $BENCH_RESULTS_FILE:
//   [{ area, metric, value, anchors?, goal?, met?: true | false | null }]
// Goals of issue #7 that no bench measured yet are listed as "not measured".
//
//   npm run bench                 all benches (and bench/RESULTS.md)
//   npm run bench -- wrappers     only bench/wrappers.bench.mjs (RESULTS.md is not written)
//   npm run bench -- idle --seconds 60
//                                 everything from the first --option on is passed to each bench
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const dir = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const firstOption = argv.findIndex((a) => a.startsWith("--"));
const only = firstOption < 0 ? argv : argv.slice(0, firstOption);
const benchArgs = firstOption < 0 ? [] : argv.slice(firstOption);
const files = (await readdir(dir))
  .filter((f) => f.endsWith(".bench.mjs"))
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)))
  .sort();

if (files.length === 0) {
  console.error(
    `No bench matched ${only.join(", ") || "bench/*.bench.mjs"}; bench files are named bench/<name>.bench.mjs.`,
  );
  process.exit(1);
}

const tmp = mkdtempSync(path.join(os.tmpdir(), "waymark-bench-"));
const summary = [];
const outputs = [];
const rows = [];
for (const file of files) {
  const name = file.replace(/\.bench\.mjs$/, "");
  console.log(`\n▶ ${name}`);
  const started = Date.now();
  const resultsFile = path.join(tmp, `${name}.json`);
  let text = "";
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(dir, file), ...benchArgs], {
      stdio: ["inherit", "pipe", "pipe"],
      env: { ...process.env, BENCH_RESULTS_FILE: resultsFile },
    });
    child.stdout.on("data", (chunk) => (process.stdout.write(chunk), (text += chunk)));
    child.stderr.on("data", (chunk) => (process.stderr.write(chunk), (text += chunk)));
    child.on("exit", (status) => resolve(status ?? 1));
    child.on("error", () => resolve(1));
  });
  const result = code === 0 ? "ok" : `failed (exit ${code})`;
  summary.push({ bench: name, result, seconds: ((Date.now() - started) / 1000).toFixed(1) });
  // eslint-disable-next-line no-control-regex -- strips ANSI colour codes
  outputs.push({ name, result, text: text.replace(/\x1b\[[0-9;]*m/g, "").trimEnd() });
  try {
    rows.push(...JSON.parse(readFileSync(resultsFile, "utf8")).map((r) => ({ bench: name, ...r })));
  } catch {
    // This bench prints its figures but gives no rows: its output is in RESULTS.md below.
    rows.push({
      bench: name,
      area: name,
      metric: `${name} bench: see its output below`,
      value: result,
      anchors: "",
      goal: "",
      met: null,
    });
  }
}
rmSync(tmp, { recursive: true, force: true });
console.log("");
console.table(summary);

if (only.length === 0) {
  // Goals of issue #7 that have no bench yet: say so rather than leave them out.
  const measured = new Set(rows.map((r) => r.area));
  const pending = [
    [
      "Start-up",
      "parse+evaluate+init on a 10,000-element page; target visible → step visible, vs driver.js and Shepherd",
    ],
    [
      "Host cost",
      "long tasks and main-thread share during 60 s of 1,000 mutations/s while a step waits (goal: none, < 1%)",
    ],
    [
      "Memory",
      "JS heap after 200 tours started and stopped, after GC, vs before (goal: no growth beyond noise)",
    ],
  ];
  for (const [area, metric] of pending)
    if (!measured.has(area))
      rows.push({
        bench: "—",
        area,
        metric,
        value: "not measured (no bench yet)",
        anchors: "",
        goal: "",
        met: false,
      });

  let chromium = "not found";
  try {
    chromium = execFileSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", ["--version"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {}
  const cpus = os.cpus();
  const cell = (s) => String(s ?? "").replace(/\|/g, "\\|");
  const met = (m) => (m === true ? "✅ met" : m === false ? "❌ not met" : "");
  const md = [
    "# Waymark benchmarks",
    "",
    `Written by \`npm run bench\` (bench/run.mjs) on ${new Date().toISOString()}.`,
    "",
    `Machine: ${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, ${os.type()} ${os.release()} ${os.arch()}; Node ${process.version}; ${chromium}; load average ${os.loadavg()[0].toFixed(1)}.`,
    "",
    "Every anchor is measured in the same run on the same machine. Ratios are Waymark ÷ anchor.",
    "",
    "| Area | Metric | Waymark | Against anchors | Goal | Met? |",
    "|---|---|---:|---|---|---|",
    ...rows.map(
      (r) =>
        `| ${cell(r.area)} | ${cell(r.metric)} | ${cell(r.value)} | ${cell(r.anchors)} | ${cell(r.goal)} | ${met(r.met)} |`,
    ),
    "",
    "## Output of each bench",
    "",
    ...outputs.flatMap((o) => [`### ${o.name} (${o.result})`, "", "```", o.text, "```", ""]),
  ].join("\n");
  writeFileSync(path.join(dir, "RESULTS.md"), md);
  console.log("Wrote bench/RESULTS.md");
}
process.exit(summary.every((s) => s.result === "ok") ? 0 : 1);
