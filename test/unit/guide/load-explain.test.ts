/**
 * The explainer is a lazy part (src/parts/explain.ts): loadGuides asks for it only when a guide
 * is broken, and when it can't be had (offline, blocked), the broken guide is still rejected in
 * valibot's words, with a note, and the good guides still load.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadExplainPart } from "../../../src/lazy";
import { formatProblem, loadGuides } from "../../../src/guide/load";
import { validateGuide } from "../../../src/guide/validate";

vi.mock("../../../src/lazy", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../../src/lazy")>();
  return { ...actual, loadExplainPart: vi.fn(actual.loadExplainPart) };
});

const BASE = "https://app.example.com/";
const guide = (id: string, extra: object = {}) => ({
  id,
  title: id,
  steps: [{ id: "one", title: "One" }],
  ...extra,
});
const invalid = guide("invalid", {
  steps: [
    { id: "a", title: "A" },
    { id: "b", title: "B", advance: { clik: "#pay" } },
  ],
});
const BROKEN_JSON = '{\n  "id": "broken",\n  "title": "x",,\n}';

/** Serves an index of a good, an invalid and a broken (not JSON) guide file. */
const fetch = (async (input: RequestInfo | URL) => {
  const body: Record<string, string> = {
    "/guides/index.json": JSON.stringify({ guides: ["good.json", "invalid.json", "broken.json"] }),
    "/guides/good.json": JSON.stringify(guide("good")),
    "/guides/invalid.json": JSON.stringify(invalid),
    "/guides/broken.json": BROKEN_JSON,
  };
  const text = body[new URL(String(input)).pathname];
  return new Response(text ?? "", { status: text === undefined ? 404 : 200 });
}) as typeof globalThis.fetch;

const load = () => loadGuides("/guides/index.json", { fetch, baseUrl: BASE });

afterEach(() => vi.mocked(loadExplainPart).mockClear());

describe("the explainer part", () => {
  it("is not loaded when every guide is valid, inline or fetched", async () => {
    const inline = await loadGuides([guide("a"), guide("b")], { fetch, baseUrl: BASE });
    const fetched = await loadGuides("/guides/good.json", { fetch, baseUrl: BASE });
    expect([...inline.guides, ...fetched.guides].map((g) => g.guide.id)).toEqual([
      "a",
      "b",
      "good",
    ]);
    expect([...inline.problems, ...fetched.problems]).toEqual([]);
    expect(loadExplainPart).not.toHaveBeenCalled();
  });

  it("explains a broken guide in full, as validateGuide does, once loaded", async () => {
    const result = await load();
    expect(result.guides.map((g) => g.guide.id)).toEqual(["good"]);
    expect(result.problems).toEqual([
      ...validateGuide(invalid, "/guides/invalid.json").problems,
      {
        file: "/guides/broken.json",
        path: "$",
        message: "not valid JSON at line 3, column 16: an extra comma",
        found: '"title": "x",,',
        suggestion: "remove it",
        severity: "error",
      },
    ]);
    expect(result.problems.map(formatProblem)[0]).toBe(
      '/guides/invalid.json $.steps[1].advance: unknown advance "clik" (expected "next" or one of click, input, page, element, event, request) — did you mean "click"? See https://github.com/waymark-dev/waymark/blob/main/docs/guides.md#advance',
    );
    expect(loadExplainPart).toHaveBeenCalledTimes(1);
  });

  it("explains inline guides the same way", async () => {
    const result = await loadGuides([guide("a"), invalid], { fetch, baseUrl: BASE });
    expect(result.guides.map((g) => g.guide.id)).toEqual(["a"]);
    expect(result.problems).toEqual(validateGuide(invalid, "config.guides[1]").problems);
  });

  it("when it can't be loaded, still rejects broken guides, says why, and loads the good ones", async () => {
    const offline = new TypeError(
      "Failed to fetch dynamically imported module: https://app.example.com/waymark-explain.js",
    );
    vi.mocked(loadExplainPart).mockRejectedValueOnce(offline);
    const result = await load();
    expect(result.guides.map((g) => g.guide.id)).toEqual(["good"]);
    const note = `the full explanation could not be loaded (${offline.message}); run \`npx waymark validate\` on this guide for it`;
    expect(result.problems).toEqual([
      {
        file: "/guides/invalid.json",
        path: "$.steps[1].advance",
        message: expect.stringMatching(/^Invalid /),
        suggestion: note,
        severity: "error",
      },
      {
        file: "/guides/broken.json",
        path: "$",
        message: expect.stringMatching(/^not valid JSON: ./),
        suggestion: note,
        severity: "error",
      },
    ]);
    // Two broken files, one attempt.
    expect(loadExplainPart).toHaveBeenCalledTimes(1);
  });
});
