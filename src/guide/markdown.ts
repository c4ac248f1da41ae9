/**
 * The Markdown subset of guide body text (SPEC §3): paragraphs, `- ` lists, `**strong**`,
 * `*em*` / `_em_`, `` `code` `` and `[label](url)`. The result is a small AST that the UI renders
 * with Preact elements; nothing here produces HTML, so `<b>` is just three characters.
 *
 * Parsing is single-pass over precomputed bracket/paren/backtick tables, so it stays linear on
 * hostile input (thousands of unclosed `[`, `*` or backticks).
 */

export type Inline =
  | { type: "text"; value: string }
  | { type: "strong"; children: Inline[] }
  | { type: "em"; children: Inline[] }
  | { type: "code"; value: string }
  | { type: "link"; href: string; children: Inline[] };

export type Block = { type: "paragraph"; children: Inline[] } | { type: "list"; items: Inline[][] };

/** Parse guide body text into blocks. Never throws; anything unrecognised stays text. */
export function parseMarkdown(src: string): Block[] {
  if (typeof src !== "string") return [];
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let items: string[][] = [];

  const flushParagraph = () => {
    if (paragraph.length)
      blocks.push({ type: "paragraph", children: parseInlines(paragraph.join("\n")) });
    paragraph = [];
  };
  const flushList = () => {
    if (items.length) {
      blocks.push({ type: "list", items: items.map((lines) => parseInlines(lines.join("\n"))) });
    }
    items = [];
  };

  for (const line of src.split(/\r\n?|\n/)) {
    if (line.trim() === "") {
      flushParagraph();
      flushList();
      continue;
    }
    const bullet = LIST_ITEM.exec(line);
    if (bullet) {
      // A list may interrupt a paragraph ("Try this:\n- one\n- two"), as in CommonMark.
      flushParagraph();
      items.push([line.slice(bullet[0].length).trim()]);
    } else if (items.length && /^[ \t]/.test(line)) {
      // An indented line continues the item above it; an unindented one ends the list.
      items[items.length - 1]?.push(line.trim());
    } else {
      flushList();
      paragraph.push(line.trim());
    }
  }
  flushParagraph();
  flushList();
  return blocks;
}

const LIST_ITEM = /^ {0,3}-(?:[ \t]+|$)/;

// ---------------------------------------------------------------------------------------------
// Links

const ALLOWED_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);
const MAX_DESTINATION = 2048;

/**
 * `href` cleaned up if it is an `http:`, `https:`, `mailto:` or relative URL, else `null`.
 *
 * The scheme is judged on a deliberately over-decoded copy (HTML entities and percent-escapes
 * decoded, every space, control and invisible format character and backslash removed, lower
 * case), so obfuscations such as `java\tscript:`, `&#106;avascript:` or `JaVaScRiPt&colon;` are
 * refused even where a browser would not have run them; the WHATWG URL parser then has the last
 * word on the cleaned value itself.
 */
export function safeHref(href: string): string | null {
  if (typeof href !== "string") return null;
  // What the URL parser would do anyway: trim C0 controls and spaces, drop controls inside.
  const cleaned = href
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is stripped
    .replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "")
    // eslint-disable-next-line no-control-regex -- as above
    .replace(/[\u0000-\u001f\u007f]/g, "");
  if (cleaned === "" || cleaned.length > MAX_DESTINATION) return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(schemeProbe(cleaned));
  if (scheme && !ALLOWED_PROTOCOLS.has(`${scheme[1]}:`)) return null;
  try {
    const resolved = new URL(cleaned, "https://waymark.invalid/");
    return ALLOWED_PROTOCOLS.has(resolved.protocol) ? cleaned : null;
  } catch {
    return null;
  }
}

function schemeProbe(href: string): string {
  let probe = href;
  for (let round = 0; round < 3; round++) {
    let next = decodeEntities(probe);
    try {
      next = decodeURIComponent(next);
    } catch {
      // A stray "%" is not an escape; keep the text as it is.
    }
    if (next === probe) break;
    probe = next;
  }
  // eslint-disable-next-line no-control-regex
  return probe.replace(/[\s\u0000-\u001f\u007f-\u009f\p{Cf}\\]+/gu, "").toLowerCase();
}

const NAMED_ENTITIES: Record<string, string> = {
  colon: ":",
  tab: "\t",
  newline: "\n",
  nbsp: "\u00a0",
  amp: "&",
  sol: "/",
  bsol: "\\",
  lpar: "(",
  rpar: ")",
  period: ".",
  plus: "+",
  hyphen: "-",
  dash: "-",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
};

function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-f]{1,8}|#[0-9]{1,10}|[a-z]{2,8});?/gi, (whole, body: string) => {
    if (body[0] !== "#") return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
    const code =
      body[1] === "x" || body[1] === "X"
        ? parseInt(body.slice(2), 16)
        : parseInt(body.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** `<url>`, or `url "title"`: the title is accepted and dropped, as the subset has no titles. */
function destinationOf(raw: string): string {
  const trimmed = raw.trim();
  if (trimmed.startsWith("<") && trimmed.endsWith(">")) return trimmed.slice(1, -1);
  const titled = /^(\S+)\s+(?:"[^"]*"|'[^']*')$/.exec(trimmed);
  return titled?.[1] ?? trimmed;
}

// ---------------------------------------------------------------------------------------------
// Inlines

type Marker = "*" | "_";
type Frame = { char: Marker; size: 1 | 2; children: Inline[] };

/** Lookup tables over the whole text, built once per paragraph or list item. */
type Scan = {
  text: string;
  /** The character at i was escaped by a backslash before it. */
  escaped: Uint8Array;
  /** Index of the next unescaped "[" / "]" at or after i, or -1. */
  nextOpen: Int32Array;
  nextClose: Int32Array;
  /** For an unescaped "(", the index of its matching ")", else -1. */
  parenMatch: Int32Array;
  /** Start offsets of maximal backtick runs, by run length. */
  backtickRuns: Map<number, number[]>;
};

const MAX_NESTING = 32;

function parseInlines(text: string): Inline[] {
  return parseRange(prepare(text), 0, text.length, true);
}

function prepare(text: string): Scan {
  const n = text.length;
  const escaped = new Uint8Array(n + 1);
  for (let i = 0; i < n; i++) {
    if (text[i] === "\\" && !escaped[i] && isAsciiPunctuation(text[i + 1])) escaped[i + 1] = 1;
  }
  const nextOpen = new Int32Array(n + 2).fill(-1);
  const nextClose = new Int32Array(n + 2).fill(-1);
  for (let i = n - 1; i >= 0; i--) {
    nextOpen[i] = text[i] === "[" && !escaped[i] ? i : (nextOpen[i + 1] as number);
    nextClose[i] = text[i] === "]" && !escaped[i] ? i : (nextClose[i + 1] as number);
  }
  const parenMatch = new Int32Array(n + 1).fill(-1);
  const open: number[] = [];
  const backtickRuns = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const ch = text[i];
    if (ch === "`") {
      let end = i;
      while (text[end] === "`") end++;
      const runs = backtickRuns.get(end - i) ?? [];
      runs.push(i);
      backtickRuns.set(end - i, runs);
      i = end - 1;
    } else if (!escaped[i] && ch === "(") {
      open.push(i);
    } else if (!escaped[i] && ch === ")" && open.length) {
      parenMatch[open.pop() as number] = i;
    }
  }
  return { text, escaped, nextOpen, nextClose, parenMatch, backtickRuns };
}

function parseRange(scan: Scan, start: number, end: number, allowLinks: boolean): Inline[] {
  const { text } = scan;
  const root: Inline[] = [];
  const stack: Frame[] = [];
  // Open frames per marker and size, so a closer with nothing to close never walks the stack.
  const openCount: Record<string, number> = { "*1": 0, "*2": 0, _1: 0, _2: 0 };
  const current = () => stack[stack.length - 1]?.children ?? root;

  const flattenTop = () => {
    const frame = stack.pop() as Frame;
    openCount[frame.char + frame.size]!--;
    const parent = current();
    append(parent, { type: "text", value: frame.char.repeat(frame.size) });
    for (const child of frame.children) append(parent, child);
  };

  let i = start;
  while (i < end) {
    const ch = text[i];
    if (ch === "\\" && scan.escaped[i + 1] && i + 1 < end) {
      append(current(), { type: "text", value: text[i + 1] as string });
      i += 2;
    } else if (ch === "`") {
      let runEnd = i;
      while (runEnd < end && text[runEnd] === "`") runEnd++;
      const length = runEnd - i;
      const closer = firstAtOrAfter(scan.backtickRuns.get(length), runEnd);
      if (closer >= 0 && closer + length <= end) {
        append(current(), { type: "code", value: codeContent(text.slice(runEnd, closer)) });
        i = closer + length;
      } else {
        append(current(), { type: "text", value: text.slice(i, runEnd) });
        i = runEnd;
      }
    } else if (ch === "[" && allowLinks) {
      i = parseLink(scan, i, end, current());
    } else if (ch === "*" || ch === "_") {
      let runEnd = i;
      while (runEnd < end && text[runEnd] === ch) runEnd++;
      const { canOpen, canClose } = flanking(text, i, runEnd, ch);
      let remaining = runEnd - i;
      if (canClose) {
        while (remaining > 0) {
          if (!openCount[ch + 1] && !(remaining >= 2 && openCount[ch + 2])) break;
          let at = stack.length - 1;
          while (at >= 0 && !(stack[at]?.char === ch && (stack[at]?.size ?? 3) <= remaining)) at--;
          if (at < 0) break;
          while (stack.length - 1 > at) flattenTop();
          const frame = stack.pop() as Frame;
          openCount[ch + frame.size]!--;
          append(current(), { type: frame.size === 2 ? "strong" : "em", children: frame.children });
          remaining -= frame.size;
        }
      }
      if (remaining > 0 && remaining <= 3 && canOpen && stack.length + 2 <= MAX_NESTING) {
        // "***" opens strong then em, so "***both***" closes them in the right order.
        if (remaining >= 2) stack.push({ char: ch, size: 2, children: [] });
        if (remaining !== 2) stack.push({ char: ch, size: 1, children: [] });
        openCount[ch + 2]! += remaining >= 2 ? 1 : 0;
        openCount[ch + 1]! += remaining !== 2 ? 1 : 0;
      } else if (remaining > 0) {
        append(current(), { type: "text", value: ch.repeat(remaining) });
      }
      i = runEnd;
    } else {
      let next = i + 1;
      while (next < end && !SPECIAL.has(text[next] as string)) next++;
      append(current(), { type: "text", value: text.slice(i, next) });
      i = next;
    }
  }
  while (stack.length) flattenTop();
  return root;
}

const SPECIAL = new Set(["\\", "`", "[", "*", "_"]);

/**
 * At a "[" at `at`: emit a link (or, for a refused URL, just its label) and return the index
 * after it; otherwise emit the "[" as text. The innermost bracket pair wins, so `[a [b](/c)`
 * links only "b".
 */
function parseLink(scan: Scan, at: number, end: number, into: Inline[]): number {
  const close = scan.nextClose[at + 1] ?? -1;
  const innerOpen = scan.nextOpen[at + 1] ?? -1;
  const paren = close >= 0 ? (scan.parenMatch[close + 1] ?? -1) : -1;
  if (
    close < 0 ||
    (innerOpen >= 0 && innerOpen < close) ||
    scan.text[close + 1] !== "(" ||
    paren < 0 ||
    paren >= end ||
    paren - close - 2 > MAX_DESTINATION
  ) {
    append(into, { type: "text", value: "[" });
    return at + 1;
  }
  const label = parseRange(scan, at + 1, close, false);
  const href = safeHref(destinationOf(scan.text.slice(close + 2, paren)));
  if (href !== null) into.push({ type: "link", href, children: label });
  else for (const node of label) append(into, node);
  return paren + 1;
}

/** CommonMark's flanking rules, which keep `2 * 3 * 4` and `snake_case_name` literal. */
function flanking(text: string, start: number, end: number, ch: Marker) {
  const before = text[start - 1] ?? " ";
  const after = text[end] ?? " ";
  const spaceBefore = isWhitespace(before);
  const spaceAfter = isWhitespace(after);
  const punctBefore = isPunctuation(before);
  const punctAfter = isPunctuation(after);
  const left = !spaceAfter && (!punctAfter || spaceBefore || punctBefore);
  const right = !spaceBefore && (!punctBefore || spaceAfter || punctAfter);
  if (ch === "*") return { canOpen: left, canClose: right };
  return { canOpen: left && (!right || punctBefore), canClose: right && (!left || punctAfter) };
}

/** Add `node`, merging adjacent text so the AST stays small. */
function append(into: Inline[], node: Inline): void {
  const last = into[into.length - 1];
  if (node.type === "text" && last?.type === "text") last.value += node.value;
  else if (node.type !== "text" || node.value !== "") into.push(node);
}

/** Line breaks become spaces, and one space is stripped from each side when both have one. */
function codeContent(raw: string): string {
  const value = raw.replace(/\n/g, " ");
  return value.length > 1 && value.startsWith(" ") && value.endsWith(" ") && value.trim() !== ""
    ? value.slice(1, -1)
    : value;
}

/** The first value >= `min` in an ascending list (binary search), or -1. */
function firstAtOrAfter(sorted: readonly number[] | undefined, min: number): number {
  if (!sorted) return -1;
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] as number) < min) low = mid + 1;
    else high = mid;
  }
  return sorted[low] ?? -1;
}

function isAsciiPunctuation(ch: string | undefined): boolean {
  return ch !== undefined && /^[!-/:-@[-`{-~]$/.test(ch);
}

function isWhitespace(ch: string): boolean {
  return /^\s$/u.test(ch);
}

function isPunctuation(ch: string): boolean {
  return /^[\p{P}\p{S}]$/u.test(ch);
}
