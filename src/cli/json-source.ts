/**
 * A JSON file with its source positions: where each JSON path (`$.steps[1].advance`) starts, so
 * a problem can be reported at `file:line:column` as editors and CI annotations expect. The
 * value itself comes from JSON.parse, exactly as the widget reads it; the positions come from a
 * small scanner over the same text. Duplicate keys (JSON.parse silently keeps the last) are
 * noted too. Iterative, so deeply nested input can't overflow the stack.
 */
import { locateJsonError, type JsonError } from "../guide/json-error";
import { formatPath, type Segment } from "../guide/problem";

export type Position = { line: number; column: number };

export type DuplicateKey = { path: string; key: string; first: Position; second: Position };

export type JsonSource =
  | {
      ok: true;
      value: unknown;
      /** The position of the key (object members) or of the value (array items, the root). */
      locate(path: string): Position;
      duplicates: DuplicateKey[];
    }
  | { ok: false; error: JsonError; position: Position };

export function parseJsonSource(raw: string): JsonSource {
  // A byte order mark is not JSON; blank it (keeping offsets) as the loader strips it.
  const text = raw.startsWith("\uFEFF") ? ` ${raw.slice(1)}` : raw;
  const toPosition = positionsOf(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const found = locateJsonError(text) ?? {
      offset: 0,
      reason: error instanceof Error ? error.message : String(error),
    };
    return { ok: false, error: found, position: toPosition(found.offset) };
  }
  const { offsets, duplicates } = scan(text);
  return {
    ok: true,
    value,
    locate(path) {
      for (let p: string | undefined = path; p !== undefined; p = parentPath(p)) {
        const offset = offsets.get(p);
        if (offset !== undefined) return toPosition(offset);
      }
      return toPosition(offsets.get("$") ?? 0);
    },
    duplicates: duplicates.map((d) => ({
      path: d.path,
      key: d.key,
      first: toPosition(d.first),
      second: toPosition(d.second),
    })),
  };
}

/** `$.steps[1].advance` → `$.steps[1]` → `$.steps` → `$` → undefined. */
export function parentPath(path: string): string | undefined {
  if (path === "$") return undefined;
  const cut = /(?:\.[A-Za-z_$][\w$]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])$/.exec(path);
  return cut ? path.slice(0, cut.index) || "$" : "$";
}

/** Offset → line and column, both from 1 (columns in UTF-16 code units, as editors count). */
function positionsOf(text: string): (offset: number) => Position {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

/** How deep paths get positions (the validator stops at 40 levels). */
const MAX_RECORDED = 64;

type Frame = {
  kind: "object" | "array";
  path: Segment[] | undefined;
  index: number;
  keys: Map<string, number>;
  key?: string;
  keyAt?: number;
};

/** Offsets of every path in valid JSON text, and keys that appear twice in one object. */
function scan(text: string) {
  const offsets = new Map<string, number>();
  const duplicates: { path: string; key: string; first: number; second: number }[] = [];
  const stack: Frame[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const skipString = () => {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };

  let expect: "value" | "key" | "after" = "value";
  for (;;) {
    skipSpace();
    const top = stack[stack.length - 1];
    if (expect === "value") {
      // Beyond MAX_RECORDED levels the validator reports "nested too deeply" at a shallower
      // path; not recording deeper paths keeps hostile nesting linear.
      const path =
        top === undefined
          ? []
          : top.path && top.path.length < MAX_RECORDED
            ? [...top.path, top.kind === "array" ? top.index : top.key!]
            : undefined;
      if (path) offsets.set(formatPath(path), top?.kind === "object" ? top.keyAt! : i);
      const c = text[i];
      expect = "after";
      if (c === "{" || c === "[") {
        stack.push({ kind: c === "{" ? "object" : "array", path, index: 0, keys: new Map() });
        i++;
        skipSpace();
        if (text[i] === "}" || text[i] === "]") {
          i++;
          stack.pop();
        } else expect = c === "{" ? "key" : "value";
      } else if (c === '"') skipString();
      else {
        const literal = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/;
        i += literal.exec(text.slice(i, i + 400))?.[0].length ?? 1;
      }
    } else if (expect === "key") {
      const at = i;
      const name = skipString();
      const earlier = top!.keys.get(name);
      if (earlier !== undefined && top!.path)
        duplicates.push({
          path: formatPath([...top!.path, name]),
          key: name,
          first: earlier,
          second: at,
        });
      else top!.keys.set(name, at);
      top!.key = name;
      top!.keyAt = at;
      skipSpace();
      i++; // ":"
      expect = "value";
    } else {
      if (!top || i >= text.length) break;
      const c = text[i++];
      if (c === "}" || c === "]") stack.pop();
      else if (top.kind === "array") {
        top.index++;
        expect = "value";
      } else expect = "key";
    }
  }
  return { offsets, duplicates };
}
