// What a page pays for the script-tag bundle, and the size budget that fails the build.
//
// Prints raw/gzip/brotli bytes of the script-tag files (dist/waymark.js, the first load, and
// the parts it loads on demand, dist/waymark-*.js), then checks the gzip budgets in
// package.json ("waymark": {"budgets": {"<file or glob>": <gzip bytes>}}). A glob with `*`
// sums every matching file. Any budget exceeded → exit status 1 with a message saying what
// grew, by how much, and where the limit lives. `npm run build` (and so `npm test`) runs it.
//
//   node scripts/size.mjs                       check the repo's dist/ against package.json
//   node scripts/size.mjs --root DIR            another project folder (DIR/package.json, DIR/dist)
//   node scripts/size.mjs --budget KEY=BYTES    override one budget (tests, what-ifs)
//   node scripts/size.mjs --json                print the measurements as JSON (benches)
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

/** Raw, gzip (level 9) and brotli (quality 11) bytes of one buffer. */
export function measure(buffer) {
  return {
    raw: buffer.length,
    gzip: gzipSync(buffer, { level: 9 }).length,
    brotli: brotliCompressSync(buffer, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const globToRegExp = (glob) =>
  new RegExp(
    `^${glob
      .split("*")
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join("[^/]*")}$`,
  );

/** The files of `root` a budget key names: one path, or every file a `*` glob matches. */
function filesFor(root, key) {
  if (!key.includes("*")) return [key];
  const dir = path.posix.dirname(key);
  const re = globToRegExp(key);
  let names;
  try {
    names = readdirSync(path.join(root, dir));
  } catch {
    return [];
  }
  return names
    .map((n) => path.posix.join(dir, n))
    .filter((f) => re.test(f))
    .sort();
}

/**
 * Measures every budgeted key of `root` and compares it with its gzip limit.
 * Returns `{ rows, failures }`; a row is `{ key, files, raw, gzip, brotli, limit }`.
 */
export function checkBudgets(root, budgets) {
  const rows = [];
  const failures = [];
  for (const [key, limit] of Object.entries(budgets)) {
    const files = filesFor(root, key);
    const row = { key, files, raw: 0, gzip: 0, brotli: 0, limit };
    const missing = files.length === 0 ? [key] : [];
    for (const file of files) {
      let buffer;
      try {
        buffer = readFileSync(path.join(root, file));
      } catch {
        missing.push(file);
        continue;
      }
      const m = measure(buffer);
      row.raw += m.raw;
      row.gzip += m.gzip;
      row.brotli += m.brotli;
    }
    rows.push(row);
    if (missing.length > 0) failures.push({ ...row, missing });
    else if (row.gzip > limit) failures.push(row);
  }
  return { rows, failures };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

export function failureMessage(failures) {
  const lines = [
    "",
    "✗ Size budget exceeded (gzip bytes, what every page that embeds Waymark downloads):",
  ];
  for (const f of failures) {
    if (f.missing)
      lines.push(
        `  ${f.key}: ${f.missing.join(", ")} not found; did the build write it? (rename the budget key if the file was renamed)`,
      );
    else
      lines.push(
        `  ${f.key}: ${f.gzip} bytes gzip, over its budget of ${f.limit} by ${f.gzip - f.limit} bytes (+${((100 * (f.gzip - f.limit)) / f.limit).toFixed(1)}%)`,
      );
  }
  lines.push(
    "",
    "  Waymark runs inside other people's products, so its users pay for every byte; the budgets sit",
    "  just above the current size so that growth is a deliberate decision, not an accident.",
    "  Either make the change smaller (load it on demand as a lazy part: see src/lazy.ts), or, if",
    '  the growth is worth it, raise the limit in package.json → "waymark" → "budgets" and say why in',
    "  the commit message.",
  );
  return lines.join("\n");
}

function main(argv) {
  const arg = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const root = path.resolve(arg("--root") ?? fileURLToPath(new URL("..", import.meta.url)));
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  const budgets = { ...(pkg.waymark?.budgets ?? {}) };
  argv.forEach((a, i) => {
    if (a !== "--budget") return;
    const [key, value] = String(argv[i + 1]).split("=");
    budgets[key] = Number(value);
  });
  if (Object.keys(budgets).length === 0) budgets["dist/waymark.js"] = Infinity;
  const { rows, failures } = checkBudgets(root, budgets);
  if (argv.includes("--json")) {
    console.log(JSON.stringify(rows));
  } else {
    for (const r of rows) {
      const what =
        r.key === "dist/waymark.js"
          ? "script tag, first load, JS+CSS"
          : r.files.length > 1
            ? `${r.files.length} files`
            : "";
      const budget = Number.isFinite(r.limit)
        ? ` · budget ${kb(r.limit)} gzip (${r.limit - r.gzip >= 0 ? `${r.limit - r.gzip} bytes left` : "over"})`
        : "";
      console.log(
        `${r.key}${what ? ` (${what})` : ""}: ${kb(r.raw)} raw · ${kb(r.gzip)} gzip · ${kb(r.brotli)} brotli${budget}`,
      );
    }
  }
  if (failures.length > 0) {
    console.error(failureMessage(failures));
    process.exitCode = 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  main(process.argv.slice(2));
