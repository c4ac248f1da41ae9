// Bytes a page downloads: Waymark's script-tag bundle (the first load, dist/waymark.js, and
// everything including the parts loaded on demand, dist/waymark-*.js) against the tour
// libraries teams would otherwise choose, each built the same way in this run: its npm
// package's ES module + CSS, bundled by Vite into one minified IIFE with the CSS inlined as a
// string (as Waymark's is). Raw, gzip (level 9) and brotli (quality 11) bytes, and ratios.
//
//   node bench/bytes.bench.mjs        (after npm run build; npm run bench runs it with the others)
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { measure } from "../scripts/size.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = path.join(root, "dist");
const GOALS = { total: 25 * 1024, firstLoad: 15 * 1024 };

if (!existsSync(path.join(dist, "waymark.js"))) {
  console.error("dist/waymark.js is missing: run `npm run build` first.");
  process.exit(1);
}

/** An anchor library: entry code importing its JS and CSS, bundled and minified like Waymark. */
const ANCHORS = [
  {
    name: "driver.js",
    pkg: "driver.js",
    code: `import { driver } from "driver.js"; import css from "driver.js/dist/driver.css?inline"; window.A = { driver, css };`,
  },
  {
    name: "Shepherd.js",
    pkg: "shepherd.js",
    code: `import Shepherd from "shepherd.js"; import css from "shepherd.js/dist/css/shepherd.css?inline"; window.A = { Shepherd, css };`,
  },
  {
    name: "Intro.js",
    pkg: "intro.js",
    code: `import introJs from "intro.js"; import css from "intro.js/minified/introjs.min.css?inline"; window.A = { introJs, css };`,
  },
];

async function bundle({ name, code }) {
  // The entry sits under node_modules so that it resolves the packages like the repo does.
  const entryDir = path.join(root, "node_modules/.waymark-bench");
  mkdirSync(entryDir, { recursive: true });
  const entry = path.join(entryDir, `${name}.entry.mjs`);
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

const version = (pkg) => {
  try {
    return JSON.parse(
      readFileSync(
        path.join(root, pkg === "waymark" ? "" : `node_modules/${pkg}`, "package.json"),
        "utf8",
      ),
    ).version;
  } catch {
    return null;
  }
};

const rows = [];
const waymarkFiles = readdirSync(dist)
  .filter((f) => /^waymark(-[\w-]+)?\.js$/.test(f))
  .sort();
const first = measure(readFileSync(path.join(dist, "waymark.js")));
const total = waymarkFiles
  .map((f) => measure(readFileSync(path.join(dist, f))))
  .reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }));
rows.push({
  library: "Waymark, first load (dist/waymark.js)",
  version: version("waymark") ?? "",
  ...first,
});
/** A part and every chunk it imports statically (what loading it downloads). */
function closure(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(path.join(dist, file), "utf8");
  for (const [, dep] of code.matchAll(
    /\bfrom\s*["']\.\/([\w-]+\.js)["']|\bimport\s*["']\.\/([\w-]+\.js)["']/g,
  ))
    if (dep) closure(dep, seen);
  return seen;
}
const sum = (files) =>
  files
    .map((f) => measure(readFileSync(path.join(dist, f))))
    .reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }));
// Once the page is idle (or as soon as a tour starts) a page view also loads the ui part and
// what it imports: the first load is what the page load itself waits for and evaluates.
const tourFiles = existsSync(path.join(dist, "waymark-ui.js"))
  ? ["waymark.js", ...closure("waymark-ui.js")]
  : ["waymark.js"];
const tour = sum(tourFiles);
rows.push({
  library: `Waymark, with the interface, fetched at idle (${tourFiles.length} files)`,
  version: "",
  ...tour,
});
rows.push({ library: `Waymark, everything (${waymarkFiles.length} files)`, version: "", ...total });

const anchors = [];
for (const anchor of ANCHORS) {
  const v = version(anchor.pkg);
  if (!v) {
    console.warn(`  ${anchor.pkg} is not installed (npm install); its row is skipped.`);
    continue;
  }
  const m = measure(await bundle(anchor));
  anchors.push({ ...anchor, ...m });
  rows.push({ library: anchor.name, version: v, ...m });
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
console.log(
  "| JS+CSS, minified | version | raw | gzip | brotli | " +
    anchors.map((a) => `gzip ÷ ${a.name}`).join(" | ") +
    " |",
);
console.log("|---|---|---:|---:|---:|" + anchors.map(() => "---:").join("|") + "|");
for (const r of rows)
  console.log(
    `| ${r.library} | ${r.version} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} | ${anchors.map((a) => ratio(r.gzip, a.gzip)).join(" | ")} |`,
  );

const anchorText = (n) => anchors.map((a) => `${ratio(n, a.gzip)} ${a.name}`).join(", ");
const results = [
  {
    area: "Bytes",
    metric: "First load (dist/waymark.js), gzip",
    value: kb(first.gzip),
    anchors: anchorText(first.gzip),
    goal: `≤ ${kb(GOALS.firstLoad)}`,
    met: first.gzip <= GOALS.firstLoad,
  },
  {
    area: "Bytes",
    metric: "First load, brotli / raw",
    value: `${kb(first.brotli)} / ${kb(first.raw)}`,
    anchors: "",
    goal: "",
    met: null,
  },
  {
    area: "Bytes",
    metric: `With the interface, fetched at idle or when a tour starts (${tourFiles.join(" + ")}), gzip / brotli`,
    value: `${kb(tour.gzip)} / ${kb(tour.brotli)}`,
    anchors: anchorText(tour.gzip),
    goal: "",
    met: null,
  },
  {
    area: "Bytes",
    metric: `Everything (${waymarkFiles.join(" + ")}), gzip`,
    value: kb(total.gzip),
    anchors: anchorText(total.gzip),
    goal: `≤ ${kb(GOALS.total)}`,
    met: total.gzip <= GOALS.total,
  },
  {
    area: "Bytes",
    metric: "Everything, brotli / raw",
    value: `${kb(total.brotli)} / ${kb(total.raw)}`,
    anchors: "",
    goal: "",
    met: null,
  },
  ...anchors.map((a) => ({
    area: "Bytes",
    metric: `${a.name} ${version(a.pkg)} (anchor), gzip / brotli / raw`,
    value: `${kb(a.gzip)} / ${kb(a.brotli)} / ${kb(a.raw)}`,
    anchors: "",
    goal: "",
    met: null,
  })),
];
// bench/run.mjs collects these rows into the one table of bench/RESULTS.md.
if (process.env.BENCH_RESULTS_FILE)
  writeFileSync(process.env.BENCH_RESULTS_FILE, JSON.stringify(results));
