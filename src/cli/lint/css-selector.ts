/**
 * Whether a CSS selector is one that `document.querySelectorAll` accepts and that can match an
 * element, judged without a DOM (the CLI runs in Node). A small recursive-descent parser for the
 * Selectors Level 4 grammar as Chromium implements it: the same verdict as the browser on the
 * selectors people write, and a message that says what is wrong and where ("unknown pseudo-class
 * ":hvoer" — did you mean ":hover"?", "quote the value: [data-step="1"]").
 */
import { closest } from "../../guide/suggest";

export type SelectorError = { message: string; offset: number; suggestion?: string };

/** Pseudo-classes that take no argument (Chromium's list, plus its -webkit- ones). */
const PSEUDO_CLASSES = new Set(
  (
    "active any-link autofill checked current default defined disabled empty enabled first-child " +
    "first-of-type focus focus-visible focus-within fullscreen future host hover in-range " +
    "indeterminate invalid last-child last-of-type link modal only-child only-of-type open " +
    "optional out-of-range past picture-in-picture placeholder-shown popover-open read-only " +
    "read-write required root scope target user-invalid user-valid valid visited xr-overlay " +
    "active-view-transition interest-source interest-target -webkit-autofill -webkit-any-link " +
    "-webkit-full-screen -webkit-drag"
  ).split(" "),
);

type Argument = "list" | "forgiving" | "relative" | "nth" | "nth-of" | "idents" | "compound";

/** Pseudo-classes written with parentheses, and what goes inside. */
const FUNCTIONS: Record<string, Argument> = {
  not: "list",
  is: "forgiving",
  where: "forgiving",
  "-webkit-any": "list",
  has: "relative",
  "nth-child": "nth-of",
  "nth-last-child": "nth-of",
  "nth-of-type": "nth",
  "nth-last-of-type": "nth",
  lang: "idents",
  dir: "idents",
  state: "idents",
  "active-view-transition-type": "idents",
  host: "compound",
  "host-context": "compound",
};

/** Pseudo-elements that may be written with one colon; like all pseudo-elements, never matched. */
const LEGACY_PSEUDO_ELEMENTS = new Set(["before", "after", "first-line", "first-letter"]);

/** jQuery and Playwright extensions that browsers reject, and what to do instead. */
const EXTENSIONS: Record<string, string> = {
  contains: "CSS can't select by text; select the element by its id, a class or a data- attribute",
  "has-text":
    "CSS can't select by text; select the element by its id, a class or a data- attribute",
  text: "CSS can't select by text; select the element by its id, a class or a data- attribute",
  visible: "remove it: Waymark already uses the first visible match",
  hidden: "remove it, and select the element by its id, a class or a data- attribute",
  eq: "use :nth-child(…) or :nth-of-type(…) (counted from 1), or a more specific selector",
  first: "use :first-child or :first-of-type",
  last: "use :last-child or :last-of-type",
  even: "use :nth-child(even)",
  odd: "use :nth-child(odd)",
  gt: "use :nth-child(n+…)",
  lt: "use :nth-child(-n+…)",
  input: "use input, select, textarea",
  button: 'use button or [type="button"]',
  checkbox: 'use [type="checkbox"]',
  radio: 'use [type="radio"]',
  selected: "use :checked",
  header: "use h1, h2, h3, h4, h5, h6",
  parent: "use :has(…) on the parent instead",
};

class Fail {
  constructor(readonly error: SelectorError) {}
}

const WHITESPACE = " \t\n\r\f";
const COMBINATORS = ">+~";

/** Why `selector` is not a selector that can match an element, or undefined when it is fine. */
export function selectorError(selector: string): SelectorError | undefined {
  const s = selector;
  let i = 0;
  let hasDepth = 0;

  const fail = (message: string, at = i, suggestion?: string): never => {
    throw new Fail(
      suggestion === undefined ? { message, offset: at } : { message, offset: at, suggestion },
    );
  };
  const code = (at: number) => s.charCodeAt(at);
  const isNameStart = (at: number) => {
    const c = s[at];
    if (c === undefined) return false;
    return /[A-Za-z_]/.test(c) || code(at) >= 0x80 || isEscape(at);
  };
  const isNameChar = (at: number) => isNameStart(at) || /[0-9-]/.test(s[at] ?? "");
  const isEscape = (at: number) =>
    s[at] === "\\" && s[at + 1] !== "\n" && s[at + 1] !== "\r" && s[at + 1] !== "\f";
  const isIdentStart = (at: number) =>
    isNameStart(at) || (s[at] === "-" && (isNameStart(at + 1) || s[at + 1] === "-"));

  /** Skips an escape or one name character. */
  const nameChar = () => {
    if (s[i] === "\\") {
      i++;
      const hex = /^[0-9a-fA-F]{1,6}/.exec(s.slice(i, i + 6));
      if (hex) {
        i += hex[0].length;
        if (WHITESPACE.includes(s[i] ?? "x")) i++;
      } else if (i < s.length) i++;
      return;
    }
    i += code(i) >= 0xd800 && code(i) <= 0xdbff ? 2 : 1;
  };
  const name = () => {
    const start = i;
    while (i < s.length && isNameChar(i)) nameChar();
    return s.slice(start, i);
  };
  const ident = () => (isIdentStart(i) ? name() : undefined);

  const skipComments = () => {
    while (s.startsWith("/*", i)) {
      const end = s.indexOf("*/", i + 2);
      i = end < 0 ? s.length : end + 2;
    }
  };
  /** Skips whitespace and comments; true when there was whitespace. */
  const ws = () => {
    let seen = false;
    for (;;) {
      skipComments();
      if (i < s.length && WHITESPACE.includes(s[i]!)) {
        seen = true;
        i++;
      } else return seen;
    }
  };

  const string = () => {
    const quote = s[i]!;
    const start = i++;
    while (i < s.length && s[i] !== quote) {
      if (s[i] === "\n" || s[i] === "\r" || s[i] === "\f") fail("a line break inside quotes", i);
      if (s[i] === "\\") i++;
      i++;
    }
    if (i < s.length) i++;
    return s.slice(start, i);
  };

  const unexpected = (at = i): never => {
    const c = s[at] ?? "";
    if (c === "") fail("the selector ends too early", at);
    const shown = JSON.stringify(String.fromCodePoint(s.codePointAt(at) ?? 0));
    if (c === "'" || c === '"')
      fail(
        `unexpected ${shown}`,
        at,
        'quotes only go inside an attribute selector, like [name="email"]',
      );
    if (c === "(" || c === ")")
      fail(`unexpected ${shown}`, at, "parentheses only follow a pseudo-class such as :not(…)");
    if (c === ",") fail("an empty selector in the list", at, 'remove the extra ","');
    if (COMBINATORS.includes(c)) fail(`${shown} must have a selector on both sides`, at);
    if (/[0-9]/.test(c)) fail(`unexpected ${shown}`, at);
    if (c === "*" || isIdentStart(at))
      fail(
        `unexpected ${shown}: an element name must come first`,
        at,
        'write "div.note", not ".notediv" or ".note*"',
      );
    return fail(
      `unexpected ${shown}`,
      at,
      `if ${shown} is part of an id or class name, select it with [id="…"] or [class~="…"]`,
    );
  };

  // ---- Compound selectors: div#id.class[attr]:pseudo ----------------------------------------

  /** `ns|` before a type or attribute name: only `*|` and `|` work without a namespace map. */
  const namespacePrefix = () => {
    const start = i;
    let prefix: string | undefined;
    if (s[i] === "*" && s[i + 1] === "|" && s[i + 2] !== "=") prefix = "*";
    else if (s[i] === "|" && s[i + 1] !== "=" && s[i + 1] !== "|") prefix = "";
    else if (isIdentStart(i)) {
      const word = name();
      if (s[i] === "|" && s[i + 1] !== "=" && s[i + 1] !== "|") prefix = word;
      i = start;
    }
    if (prefix === undefined) return;
    i += prefix.length + 1;
    if (prefix !== "*" && prefix !== "")
      fail(
        `the namespace prefix "${prefix}|" doesn't work here`,
        start,
        `write "*|" or leave it out`,
      );
  };

  const compound = (): boolean => {
    const start = i;
    skipComments();
    namespacePrefix();
    if (s[i] === "*") i++;
    else if (isIdentStart(i)) name();
    else if (i > start) unexpected();
    for (;;) {
      skipComments();
      const c = s[i];
      if (c === "#") {
        i++;
        const at = i;
        const id = name();
        if (id === "") fail('"#" must be followed by an id, like #save', at - 1);
        i = at;
        if (!isIdentStart(i)) {
          fail(
            `the id "${id}" can't be written as #${id} because it starts with ${/^-?[0-9]/.test(id) ? "a digit" : `"${id[0]}"`}`,
            at - 1,
            `write [id="${id}"]`,
          );
        }
        name();
      } else if (c === ".") {
        i++;
        if (!isIdentStart(i)) {
          const word = /^[\w-]*/.exec(s.slice(i))?.[0] ?? "";
          if (word)
            fail(
              `the class "${word}" can't be written as .${word}`,
              i - 1,
              `write [class~="${word}"]`,
            );
          fail('"." must be followed by a class name, like .button', i - 1);
        }
        name();
      } else if (c === "[") attribute();
      else if (c === ":") pseudo();
      else if (c === "&") i++;
      else if (c === "*" || (isIdentStart(i) && i > start)) unexpected();
      else break;
    }
    return i > start;
  };

  const attribute = () => {
    const open = i++;
    ws();
    namespacePrefix();
    if (!isIdentStart(i)) {
      if (s[i] === "]") fail("empty [ ]: name an attribute, like [data-step]", open);
      unexpected();
    }
    const attr = name();
    ws();
    if (i >= s.length || s[i] === "]") return void i++;
    const op =
      s[i] === "=" ? "=" : "~|^$*".includes(s[i]!) && s[i + 1] === "=" ? `${s[i]}=` : undefined;
    if (!op) fail(`expected "]" or an operator like "=" after [${attr}`, i);
    i += op!.length;
    ws();
    const valueAt = i;
    if (s[i] === '"' || s[i] === "'") string();
    else if (isIdentStart(i)) name();
    else {
      const raw = /^[^\]\s]*/.exec(s.slice(i))?.[0] ?? "";
      if (raw === "") fail(`[${attr}${op!}] has no value`, valueAt, `write [${attr}${op!}"…"]`);
      fail(`the value ${raw} must be in quotes`, valueAt, `write [${attr}${op!}"${raw}"]`);
    }
    ws();
    if (isIdentStart(i)) {
      const flagAt = i;
      const flag = name();
      if (flag.toLowerCase() !== "i")
        fail(`unknown attribute flag "${flag}"`, flagAt, 'only "i" (ignore case) is supported');
      ws();
    }
    if (i < s.length && s[i] !== "]") unexpected();
    i++;
  };

  const pseudo = () => {
    const colon = i;
    i++;
    if (s[i] === ":") {
      i++;
      const element = ident() ?? fail('"::" must be followed by a pseudo-element name', colon);
      fail(
        `"::${element}" is a pseudo-element, not an element, so this selector never matches anything`,
        colon,
        `remove "::${element}" and point at the element itself`,
      );
    }
    const pseudoName =
      ident() ?? fail('":" must be followed by a pseudo-class, like :hover', colon);
    const lower = pseudoName.toLowerCase();
    const hasArgs = s[i] === "(";
    if (LEGACY_PSEUDO_ELEMENTS.has(lower)) {
      fail(
        `":${pseudoName}" is a pseudo-element, not an element, so this selector never matches anything`,
        colon,
        `remove ":${pseudoName}" and point at the element itself`,
      );
    }
    const extension = EXTENSIONS[lower];
    if (extension && !PSEUDO_CLASSES.has(lower) && !(lower in FUNCTIONS)) {
      fail(
        `":${pseudoName}${hasArgs ? "()" : ""}" is a jQuery/Playwright extension, not CSS; browsers reject it`,
        colon,
        extension,
      );
    }
    if (!hasArgs) {
      if (PSEUDO_CLASSES.has(lower)) return;
      if (lower in FUNCTIONS) fail(`":${pseudoName}" needs parentheses, like :${lower}(…)`, colon);
      const guess = closest(lower, [...PSEUDO_CLASSES, ...Object.keys(FUNCTIONS)]);
      const idBefore = /#([\w-]+)$/.exec(s.slice(0, colon))?.[1];
      return fail(
        `unknown pseudo-class ":${pseudoName}"`,
        colon,
        guess
          ? `did you mean ":${guess}"?`
          : idBefore
            ? `if ":" is part of the id, write [id="${idBefore}:${pseudoName}"]`
            : "check the spelling",
      );
    }
    const argument = FUNCTIONS[lower];
    if (argument === undefined) {
      const guess = closest(lower, Object.keys(FUNCTIONS));
      fail(
        `unknown pseudo-class ":${pseudoName}()"`,
        colon,
        guess ? `did you mean ":${guess}()"?` : "check the spelling",
      );
    }
    i++;
    ws();
    const argsAt = i;
    switch (argument) {
      case "forgiving":
        return skipBalanced();
      case "list":
        if (s[i] === ")") fail(`":${lower}()" is empty`, argsAt);
        selectorList(false, true);
        break;
      case "relative":
        if (hasDepth > 0) fail('":has()" can\'t be used inside ":has()"', colon);
        if (s[i] === ")") fail(`":has()" is empty`, argsAt);
        hasDepth++;
        selectorList(true, true);
        hasDepth--;
        break;
      case "nth":
      case "nth-of":
        nth(lower, argument === "nth-of");
        break;
      case "idents":
        // One word: Chromium rejects lists (:lang(en, de)) and quoted text (:lang("en")).
        if (!isIdentStart(i))
          fail(
            `":${lower}()" takes one word, like :${lower}(${lower === "dir" ? "rtl" : "en"})`,
            i,
          );
        name();
        ws();
        break;
      case "compound":
        ws();
        if (!compound()) unexpected();
        ws();
        break;
    }
    if (i < s.length && s[i] !== ")") unexpected();
    i++;
  };

  const skipBalanced = () => {
    let depth = 1;
    while (i < s.length && depth > 0) {
      if (s[i] === '"' || s[i] === "'") string();
      else {
        if (s[i] === "(") depth++;
        else if (s[i] === ")") depth--;
        i++;
      }
    }
  };

  /** An+B (`odd`, `2n+1`, `-n+3`, `4`), then `of <selectors>` where allowed. */
  const nth = (fn: string, allowOf: boolean) => {
    const at = i;
    const anb = /^(?:odd|even|[+-]?\d*n(?:\s*[+-]\s*\d+)?|[+-]?\d+)(?![\w-])/i.exec(s.slice(i));
    if (!anb) {
      fail(
        `":${fn}()" needs a position like 2, odd, even or 2n+1`,
        at,
        `write :${fn}(2) or :${fn}(2n+1)`,
      );
    }
    i += anb![0].length;
    const spaced = ws();
    if (allowOf && spaced && /^of(?![\w-])/i.test(s.slice(i))) {
      i += 2;
      if (!ws()) unexpected();
      selectorList(false, true);
    }
  };

  // ---- Complex selectors and lists -----------------------------------------------------------

  const complex = (relative: boolean) => {
    ws();
    const c = s[i] ?? "";
    if (COMBINATORS.includes(c) && c !== "") {
      if (!relative)
        fail(
          `a selector can't start with "${c}"`,
          i,
          `remove "${c}", or write what comes before it`,
        );
      i++;
      ws();
    }
    if (!compound()) unexpected();
    for (;;) {
      const spaced = ws();
      const next = s[i];
      if (next === undefined || next === "," || next === ")") return;
      if (COMBINATORS.includes(next)) {
        const at = i++;
        const after = s[i];
        if (after !== undefined && COMBINATORS.includes(after)) unexpected();
        ws();
        if (i >= s.length)
          fail(
            `the selector ends with "${next}"`,
            at,
            `add what comes after "${next}", or remove it`,
          );
        if (!compound()) unexpected();
      } else if (spaced) {
        if (!compound()) unexpected();
      } else unexpected();
    }
  };

  const selectorList = (relative: boolean, inParens: boolean) => {
    for (;;) {
      complex(relative);
      if (s[i] !== ",") break;
      const comma = i++;
      ws();
      if (i >= s.length || s[i] === ")" || s[i] === ",")
        fail("an empty selector in the list", comma, 'remove the extra ","');
    }
    if (i < s.length && !(inParens && s[i] === ")")) unexpected();
  };

  try {
    if (s.trim() === "")
      fail("the selector is empty", 0, 'write a selector such as "#save" or ".toolbar button"');
    selectorList(false, false);
    return undefined;
  } catch (error) {
    if (error instanceof Fail) return error.error;
    throw error;
  }
}
