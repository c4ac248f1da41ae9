// Runs every bench/*.bench.mjs (or those whose names start with the arguments), each in its
// own node process so one bench's browser, server or globals never affect the next, streams
// its output, and ends with a summary table. A bench file is a plain node script that prints
// its own results (and exits non-zero on failure).
//
//   npm run bench                 all benches
//   npm run bench -- wrappers     only bench/wrappers.bench.mjs
import { spawn } from "node:child_process";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = (await readdir(dir))
  .filter((f) => f.endsWith(".bench.mjs"))
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)))
  .sort();

if (files.length === 0) {
  console.error(`No bench matched ${only.join(", ") || "bench/*.bench.mjs"}; bench files are named bench/<name>.bench.mjs.`);
  process.exit(1);
}

const summary = [];
for (const file of files) {
  const name = file.replace(/\.bench\.mjs$/, "");
  console.log(`\n▶ ${name}`);
  const started = Date.now();
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(dir, file)], { stdio: "inherit" });
    child.on("exit", (status) => resolve(status ?? 1));
    child.on("error", () => resolve(1));
  });
  summary.push({ bench: name, result: code === 0 ? "ok" : `failed (exit ${code})`, seconds: ((Date.now() - started) / 1000).toFixed(1) });
}
console.log("");
console.table(summary);
process.exit(summary.every((s) => s.result === "ok") ? 0 : 1);
