/**
 * The playground (root index.html): write a guide for the demo app, see its problems at their
 * line as you type (the same checks and messages as `waymark validate`), play it from any step
 * in the demo app beside it, and download or copy the result.
 */
import { checkSources, type LocatedProblem, type SourceFile } from "../src/cli/check-sources";
import type { Guide } from "../src/guide/schema";
import { createEditor } from "./editor";
import { createPreview } from "./preview";

const STORAGE_KEY = "waymark-playground";
const NEW_GUIDE = "new";

/** What a designer starts from: a two-step guide for the demo app's dashboard. */
const TEMPLATE = `{
  "$schema": "../dist/guide.schema.json",
  "id": "my-guide",
  "title": "My first guide",
  "steps": [
    {
      "id": "hello",
      "page": "/app/",
      "title": "Hello!",
      "body": "This step has no **target**, so it shows in the middle of the page."
    },
    {
      "id": "customers",
      "page": "/app/",
      "target": "#nav-customers",
      "placement": "bottom",
      "title": "Your customers",
      "body": "Click **Customers** to see everyone you bill.",
      "advance": { "page": "/app/customers" }
    }
  ]
}
`;

const $ = <T extends Element>(selector: string) => document.querySelector<T>(selector)!;

const editor = createEditor($("#editor"), () => scheduleCheck());
const problemsList = $<HTMLOListElement>("#problems");
const summary = $<HTMLElement>("#problems-summary");
const stepSelect = $<HTMLSelectElement>("#play-step");
const playButton = $<HTMLButtonElement>("#play");
const status = $<HTMLElement>("#preview-status");
const templateSelect = $<HTMLSelectElement>("#template");
const preview = createPreview(
  $<HTMLIFrameElement>("#preview"),
  (text) => (status.textContent = text),
);

/** The demo app's own guides: context for references (help ids, guide ids) and templates. */
let context: SourceFile[] = [];
let fileName = "guides/my-guide.json";
let loadedText = "";
let current: Guide | undefined;
let timer = 0;

function scheduleCheck() {
  clearTimeout(timer);
  timer = window.setTimeout(check, 120);
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ file: fileName, text: editor.value() }));
  } catch {
    // Private mode or full storage: the editor still works, it just won't survive a reload.
  }
}

function check() {
  const text = editor.value();
  // The edited file goes last, so an id it shares with another guide is reported on it.
  const others = context.filter((s) => s.file !== fileName);
  const result = checkSources([...others, { file: fileName, text }]);
  const mine = result.problems.filter((p) => p.file === fileName);
  editor.setProblems(mine);
  renderProblems(mine);
  current = result.guides.find((g) => g.file === fileName)?.guide;
  preview.setGuide(current);
  renderSteps(current);
}

function renderProblems(problems: readonly LocatedProblem[]) {
  const errors = problems.filter((p) => p.severity === "error").length;
  const warnings = problems.length - errors;
  summary.textContent =
    problems.length === 0
      ? "No problems. Press Play to try the guide."
      : `${plural(errors, "error")}, ${plural(warnings, "warning")}${errors ? ": fix the errors to play the guide." : "."}`;
  summary.className = errors
    ? "summary has-error"
    : warnings
      ? "summary has-warning"
      : "summary ok";
  problemsList.replaceChildren(
    ...problems.map((p) => {
      const item = document.createElement("li");
      item.className = `problem ${p.severity}`;
      const button = document.createElement("button");
      button.type = "button";
      button.dataset["line"] = String(p.line);
      button.textContent = `Line ${p.line}, column ${p.column}: ${p.severity}: ${p.message}`;
      button.addEventListener("click", () => editor.reveal(p.line, p.column));
      const details = document.createElement("dl");
      const add = (term: string, value: string | undefined) => {
        if (value === undefined) return;
        const dt = document.createElement("dt");
        dt.textContent = term;
        const dd = document.createElement("dd");
        dd.textContent = value;
        details.append(dt, dd);
      };
      add("at", p.path);
      add("expected", p.expected);
      add("found", p.found);
      add("fix", p.suggestion);
      const docs = document.createElement("a");
      docs.href = p.docs;
      docs.target = "_blank";
      docs.rel = "noopener";
      docs.textContent = "docs";
      item.append(button, details, docs);
      return item;
    }),
  );
}

function renderSteps(guide: Guide | undefined) {
  const chosen = stepSelect.value;
  const steps = guide?.steps ?? [];
  stepSelect.replaceChildren(
    ...steps.map((step, i) => {
      const option = document.createElement("option");
      option.value = step.id;
      const title =
        typeof step.title === "string" ? step.title : (Object.values(step.title)[0] ?? "");
      option.textContent = `${i + 1}. ${step.id} — ${title}`;
      return option;
    }),
  );
  if (steps.some((s) => s.id === chosen)) stepSelect.value = chosen;
  playButton.disabled = !guide || steps.length === 0;
  stepSelect.disabled = playButton.disabled;
}

/** The page a step lives on: its own, else the nearest earlier step's, else the start page. */
function pageOf(guide: Guide, stepId: string): string | undefined {
  const steps = guide.steps ?? [];
  const concrete = (page: string | undefined) =>
    page !== undefined && !/[*?]/.test(page) ? page : undefined;
  for (let i = steps.findIndex((s) => s.id === stepId); i >= 0; i--) {
    const page = concrete(steps[i]!.page);
    if (page) return page;
  }
  return concrete(guide.start?.page);
}

playButton.addEventListener("click", () => {
  if (!current) return;
  const step = stepSelect.value || current.steps?.[0]?.id;
  if (step) preview.play(current, step, pageOf(current, step));
});
$("#stop").addEventListener("click", () => preview.stop());
$("#reset").addEventListener("click", () => void preview.reset());

$("#download").addEventListener("click", () => {
  clearTimeout(timer);
  check();
  const url = URL.createObjectURL(new Blob([editor.value()], { type: "application/json" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = current ? `${current.id}.json` : fileName.slice(fileName.lastIndexOf("/") + 1);
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
});
$("#copy").addEventListener("click", async () => {
  const copied = $<HTMLElement>("#copy-status");
  try {
    await navigator.clipboard.writeText(editor.value());
    copied.textContent = "Copied.";
  } catch {
    editor.textarea.select();
    copied.textContent = document.execCommand("copy")
      ? "Copied."
      : "Select the text and copy it with Ctrl+C / ⌘C.";
  }
});

templateSelect.addEventListener("change", () => {
  const choice = templateSelect.value;
  if (
    editor.value() !== loadedText &&
    !confirm(
      "Replace the guide in the editor? Your changes are lost unless you downloaded or copied them.",
    )
  ) {
    templateSelect.value = "";
    return;
  }
  open(choice);
  templateSelect.value = "";
});

function open(choice: string) {
  const source = context.find((s) => s.file === choice);
  fileName = source ? source.file : "guides/my-guide.json";
  loadedText = source ? source.text : TEMPLATE;
  $("#file-name").textContent = fileName;
  editor.setValue(loadedText);
}

/** Fetches the demo app's guides (guides/index.json), for templates and cross-references. */
async function loadContext(): Promise<void> {
  try {
    const index = (await (await fetch("/guides/index.json")).json()) as { guides?: unknown };
    const names = Array.isArray(index.guides)
      ? index.guides.filter((n): n is string => typeof n === "string")
      : [];
    context = await Promise.all(
      names.map(async (name) => ({
        file: `guides/${name}`,
        text: await (await fetch(`/guides/${name}`)).text(),
      })),
    );
  } catch {
    context = [];
  }
  for (const source of context) {
    const option = document.createElement("option");
    option.value = source.file;
    option.textContent = source.file;
    templateSelect.append(option);
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

async function boot() {
  templateSelect.value = "";
  const saved = (() => {
    try {
      return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null") as {
        file?: string;
        text?: string;
      } | null;
    } catch {
      return null;
    }
  })();
  if (saved?.text) {
    fileName = saved.file ?? fileName;
    loadedText = saved.text;
    $("#file-name").textContent = fileName;
    editor.setValue(saved.text);
  } else open(NEW_GUIDE);
  await loadContext();
  check();
  preview.show((current && pageOf(current, current.steps?.[0]?.id ?? "")) ?? "/app/");
  document.body.dataset["ready"] = "true";
}

void boot();
