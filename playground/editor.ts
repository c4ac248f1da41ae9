/**
 * The guide editor: a plain textarea with a line-number gutter, and problems shown inline at
 * their line (a marker in the gutter, the line tinted, the message after the line's text, as
 * editors' "error lens" does). A backdrop behind the transparent textarea draws the tint and
 * the messages; both scroll together.
 */
import type { LocatedProblem } from "../src/cli/check-sources";

export type Editor = {
  readonly textarea: HTMLTextAreaElement;
  value(): string;
  setValue(text: string): void;
  setProblems(problems: readonly LocatedProblem[]): void;
  /** Puts the caret at a line (and column) and scrolls it into view. */
  reveal(line: number, column?: number): void;
};

export function createEditor(root: HTMLElement, onInput: () => void): Editor {
  const doc = root.ownerDocument;
  const textarea = root.querySelector("textarea")!;
  const gutter = root.querySelector<HTMLElement>(".gutter")!;
  const backdrop = root.querySelector<HTMLElement>(".backdrop")!;
  let problems: readonly LocatedProblem[] = [];

  const render = () => {
    const lines = textarea.value.split("\n");
    const byLine = new Map<number, LocatedProblem[]>();
    for (const p of problems) byLine.set(p.line, [...(byLine.get(p.line) ?? []), p]);
    gutter.replaceChildren(
      ...lines.map((_, i) => {
        const n = i + 1;
        const here = byLine.get(n);
        const cell = doc.createElement("div");
        cell.className = `line-number${here ? ` has-${severityOf(here)}` : ""}`;
        cell.dataset["line"] = String(n);
        cell.textContent = String(n);
        if (here) cell.title = here.map((p) => `${p.severity}: ${p.message}`).join("\n");
        return cell;
      }),
    );
    backdrop.replaceChildren(
      ...lines.map((text, i) => {
        const n = i + 1;
        const here = byLine.get(n);
        const row = doc.createElement("div");
        row.className = `line${here ? ` has-${severityOf(here)}` : ""}`;
        row.dataset["line"] = String(n);
        const code = doc.createElement("span");
        code.className = "code";
        code.textContent = text || " ";
        row.append(code);
        if (here) {
          const message = doc.createElement("span");
          message.className = "inline-problem";
          message.textContent = here
            .map((p) => `${p.severity === "error" ? "✖" : "⚠"} ${p.message}`)
            .join("   ");
          row.append(message);
        }
        return row;
      }),
    );
    sync();
  };

  const sync = () => {
    gutter.scrollTop = textarea.scrollTop;
    backdrop.scrollTop = textarea.scrollTop;
    backdrop.scrollLeft = textarea.scrollLeft;
  };

  textarea.addEventListener("scroll", sync);
  textarea.addEventListener("input", () => {
    render();
    onInput();
  });
  textarea.addEventListener("keydown", (event) => {
    // Enter keeps the indentation of the line above, as code editors do.
    if (event.key !== "Enter" || event.isComposing || event.shiftKey || event.altKey) return;
    const { selectionStart, selectionEnd, value } = textarea;
    const lineStart = value.lastIndexOf("\n", selectionStart - 1) + 1;
    const indent = /^[ \t]*/.exec(value.slice(lineStart))?.[0] ?? "";
    const opens = /[{[]\s*$/.test(value.slice(lineStart, selectionStart));
    event.preventDefault();
    const insert = `\n${indent}${opens ? "  " : ""}`;
    textarea.setRangeText(insert, selectionStart, selectionEnd, "end");
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  });

  return {
    textarea,
    value: () => textarea.value,
    setValue(text) {
      textarea.value = text;
      render();
      onInput();
    },
    setProblems(next) {
      problems = next;
      render();
    },
    reveal(line, column = 1) {
      const lines = textarea.value.split("\n");
      const offset =
        lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0) + column - 1;
      textarea.focus();
      textarea.setSelectionRange(offset, offset);
      const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 20;
      textarea.scrollTop = Math.max(0, (line - 4) * lineHeight);
      sync();
    },
  };
}

const severityOf = (problems: readonly LocatedProblem[]) =>
  problems.some((p) => p.severity === "error") ? "error" : "warning";
