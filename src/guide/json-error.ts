/**
 * Where a JSON file stops being JSON, and why, in words a designer understands ("a comma before
 * } is not allowed in JSON"). Engines word (and position) JSON.parse errors differently, and some
 * give no position at all, so the text is scanned here.
 */
import { errorText, type GuideProblem } from "./problem";

/** Line and column (both from 1) of an offset in a text. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split("\n").length, column: offset - before.lastIndexOf("\n") };
}

/** Explains a JSON.parse failure as a problem at line:column, computed from the text itself. */
export function jsonErrorProblem(text: string, error: unknown): [string, Partial<GuideProblem>] {
  const found = locateJsonError(text);
  if (!found) return [`not valid JSON: ${errorText(error)}`, {}];
  const { line, column } = lineColumn(text, found.offset);
  const lineText = text.split("\n")[line - 1] ?? "";
  const from = Math.max(0, column - 30);
  const snippet = `${from > 0 ? "…" : ""}${lineText.slice(from, column + 30).trim()}`;
  return [
    `not valid JSON at line ${line}, column ${column}: ${found.reason}`,
    {
      found: snippet,
      suggestion:
        found.suggestion ?? "check for a missing comma, quote or bracket just before this point",
    },
  ];
}

export type JsonError = { offset: number; reason: string; suggestion?: string };

/**
 * Finds the first syntax error in `text` with a reason a person understands. Engines word (and
 * position) JSON.parse errors differently, and some give no position at all. Iterative, so deep
 * nesting can't overflow the stack.
 */
export function locateJsonError(text: string): JsonError | undefined {
  const stack: ("{" | "[")[] = [];
  let state: "value" | "valueOrEnd" | "key" | "keyOrEnd" | "after" = "value";
  let lastComma = -1;
  let i = 0;
  const fail = (reason: string, suggestion?: string, at = i): JsonError =>
    suggestion === undefined ? { offset: at, reason } : { offset: at, reason, suggestion };
  const word = () => /^[A-Za-z_$][\w$-]*/.exec(text.slice(i, i + 40))?.[0] ?? "";

  for (;;) {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
    const c = text[i];
    if (c === undefined) {
      if (state === "after" && stack.length === 0) return undefined;
      const open = stack[stack.length - 1];
      return fail(
        "the file ends too early",
        open ? `close the open ${open} with ${open === "{" ? "}" : "]"}` : undefined,
      );
    }
    if (c === "/" && (text[i + 1] === "/" || text[i + 1] === "*")) {
      return fail("comments are not allowed in JSON", "remove the comment");
    }
    const closes = c === "}" || c === "]";
    if (closes && lastComma >= 0 && (state === "key" || state === "value")) {
      return fail(`a comma before ${c} is not allowed in JSON`, "remove the last comma", lastComma);
    }
    if (state === "after") {
      const open = stack[stack.length - 1];
      if (!open)
        return fail(
          "unexpected text after the end of the JSON",
          "a file holds exactly one JSON value; remove what follows",
        );
      if (c === ",") {
        lastComma = i++;
        state = open === "{" ? "key" : "value";
      } else if (c === (open === "{" ? "}" : "]")) {
        stack.pop();
        i++;
      } else {
        return fail(
          `expected "," or "${open === "{" ? "}" : "]"}"`,
          "a comma is probably missing before this point",
        );
      }
      continue;
    }
    if (c === ",") return fail("an extra comma", "remove it");
    lastComma = -1;
    if (state === "keyOrEnd" || state === "key") {
      if (state === "keyOrEnd" && c === "}") {
        stack.pop();
        i++;
        state = "after";
        continue;
      }
      if (c !== '"') {
        const name = c === "'" ? "" : word();
        return fail(
          "keys must be in double quotes",
          name ? `write "${name}"` : "use \"…\" instead of '…'",
        );
      }
      const end = scanString(text, i);
      if (typeof end !== "number") return end;
      i = end;
      while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
      if (text[i] !== ":") return fail('expected ":" after the key');
      i++;
      state = "value";
      continue;
    }
    // state is "value" or "valueOrEnd"
    if (state === "valueOrEnd" && c === "]") {
      stack.pop();
      i++;
      state = "after";
      continue;
    }
    state = "after";
    if (c === "{" || c === "[") {
      stack.push(c);
      i++;
      state = c === "{" ? "keyOrEnd" : "valueOrEnd";
    } else if (c === '"') {
      const end = scanString(text, i);
      if (typeof end !== "number") return end;
      i = end;
    } else if (c === "'") {
      return fail("text must be in double quotes", "use \"…\" instead of '…'");
    } else if (/[-0-9]/.test(c)) {
      const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
      number.lastIndex = i;
      if (!number.exec(text)) return fail("this is not a valid number");
      i = number.lastIndex;
    } else {
      const name = word();
      if (name === "true" || name === "false" || name === "null") i += name.length;
      else if (name)
        return fail(
          `unexpected word ${JSON.stringify(name)}`,
          `text must be in double quotes: "${name}"`,
        );
      else return fail(`unexpected ${JSON.stringify(c)}`);
    }
  }
}

/** Returns the index after a string's closing quote, or what is wrong with it. */
function scanString(text: string, start: number): number | JsonError {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) {
      return {
        offset: i,
        reason: "a line break or control character inside text",
        suggestion: 'close the text with " or write \\n',
      };
    }
    if (c === 0x5c) {
      const next = text[i + 1] ?? "";
      if (
        next === "u"
          ? !/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))
          : !'"\\/bfnrt'.includes(next) || next === ""
      ) {
        return {
          offset: i,
          reason: "an invalid escape with \\",
          suggestion: "write \\\\ for a backslash",
        };
      }
      i++;
    }
  }
  return { offset: start, reason: "this text is never closed", suggestion: 'add the closing "' };
}
