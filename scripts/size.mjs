// Prints what a page pays for the script-tag bundle: raw, gzip and brotli bytes.
import { readFileSync } from "node:fs";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const file = new URL("../dist/waymark.js", import.meta.url);
const raw = readFileSync(file);
const gzip = gzipSync(raw, { level: 9 }).length;
const brotli = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`dist/waymark.js (script tag, JS+CSS): ${kb(raw.length)} raw · ${kb(gzip)} gzip · ${kb(brotli)} brotli`);
