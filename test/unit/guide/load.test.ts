import { describe, expect, it } from "vitest";
import { locateJsonError } from "../../../src/guide/json-error";
import { formatProblem, loadGuides } from "../../../src/guide/load";
import type { GuideProblem } from "../../../src/guide/problem";

const BASE = "https://app.example.com/invoices/new";

type Route = { status?: number; body?: string; throws?: string };

/** A fetch that serves `routes` by absolute URL and records what was asked for. */
function fakeFetch(routes: Record<string, Route | string>) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, init });
    const route = routes[url];
    const r: Route =
      typeof route === "string" ? { body: route } : (route ?? { status: 404, body: "" });
    if (r.throws) throw new TypeError(r.throws);
    const status = r.status ?? 200;
    return new Response(r.body ?? "", { status, statusText: status === 404 ? "Not Found" : "" });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

const guide = (id: string, extra: object = {}) =>
  JSON.stringify({ id, title: id, steps: [{ id: "one", title: "One" }], ...extra }, null, 2);

const errors = (problems: GuideProblem[]) => problems.filter((p) => p.severity === "error");

describe("loadGuides from an index", () => {
  it("resolves relative entries against the index, and loads them in index order", async () => {
    const { fetch, calls } = fakeFetch({
      "https://app.example.com/guides/index.json": JSON.stringify({
        guides: ["billing.json", "../shared/help.json", "https://cdn.example.net/g/tour.json"],
      }),
      "https://app.example.com/guides/billing.json": guide("billing"),
      "https://app.example.com/shared/help.json": guide("help"),
      "https://cdn.example.net/g/tour.json": guide("tour"),
    });
    const result = await loadGuides("/guides/index.json", { fetch, baseUrl: BASE });
    expect(result.problems).toEqual([]);
    expect(result.guides.map((g) => [g.guide.id, g.file])).toEqual([
      ["billing", "/guides/billing.json"],
      ["help", "/shared/help.json"],
      ["tour", "https://cdn.example.net/g/tour.json"],
    ]);
    expect(calls.map((c) => c.url)).toEqual([
      "https://app.example.com/guides/index.json",
      "https://app.example.com/guides/billing.json",
      "https://app.example.com/shared/help.json",
      "https://cdn.example.net/g/tour.json",
    ]);
  });

  it("resolves the index itself against baseUrl", async () => {
    const { fetch } = fakeFetch({
      "https://app.example.com/invoices/guides/index.json": JSON.stringify({ guides: ["a.json"] }),
      "https://app.example.com/invoices/guides/a.json": guide("a"),
    });
    const result = await loadGuides("guides/index.json", { fetch, baseUrl: BASE });
    expect(result.guides.map((g) => g.file)).toEqual(["/invoices/guides/a.json"]);
  });

  it("keeps loading the other files when one is missing, broken or invalid", async () => {
    const { fetch } = fakeFetch({
      "https://app.example.com/guides/index.json": JSON.stringify({
        guides: ["good.json", "missing.json", "broken.json", "invalid.json", "warned.json"],
      }),
      "https://app.example.com/guides/good.json": guide("good"),
      "https://app.example.com/guides/broken.json": '{\n  "id": "broken",\n  "title": "x",,\n}',
      "https://app.example.com/guides/invalid.json": guide("invalid", { frequency: "sometimes" }),
      "https://app.example.com/guides/warned.json": guide("warned", {
        steps: [{ id: "a", title: "A", demoMayCommit: true }],
      }),
    });
    const result = await loadGuides("/guides/index.json", { fetch, baseUrl: BASE });
    expect(result.guides.map((g) => g.guide.id)).toEqual(["good", "warned"]);
    expect(result.problems.map((p) => [p.file, p.path, p.severity])).toEqual([
      ["/guides/missing.json", "$", "error"],
      ["/guides/broken.json", "$", "error"],
      ["/guides/invalid.json", "$.frequency", "error"],
      ["/guides/warned.json", "$.steps[0]", "warning"],
    ]);
    const [missing, broken] = result.problems;
    expect(missing?.message).toBe(
      "could not load https://app.example.com/guides/missing.json: HTTP 404 Not Found",
    );
    expect(missing?.suggestion).toContain("check that the file exists");
    expect(broken?.message).toBe("not valid JSON at line 3, column 16: an extra comma");
  });

  it("lists problems in index order, whichever file answers first", async () => {
    const slow = (ms: number, response: Response) =>
      new Promise<Response>((r) => setTimeout(() => r(response), ms));
    const fetch = (async (input: RequestInfo | URL) => {
      const url = String(input);
      if (url.endsWith("index.json"))
        return new Response(JSON.stringify({ guides: ["a.json", "b.json"] }));
      if (url.endsWith("a.json")) return slow(30, new Response("", { status: 500 }));
      return new Response("{");
    }) as typeof globalThis.fetch;
    const result = await loadGuides("/guides/index.json", { fetch, baseUrl: BASE });
    expect(result.problems.map((p) => p.file)).toEqual(["/guides/a.json", "/guides/b.json"]);
  });

  it("rejects a guide whose id an earlier file already uses", async () => {
    const { fetch } = fakeFetch({
      "https://app.example.com/guides/index.json": JSON.stringify({ guides: ["a.json", "b.json"] }),
      "https://app.example.com/guides/a.json": guide("same", { summary: "first" }),
      "https://app.example.com/guides/b.json": guide("same", { summary: "second" }),
    });
    const result = await loadGuides("/guides/index.json", { fetch, baseUrl: BASE });
    expect(result.guides).toHaveLength(1);
    expect(result.guides[0]?.guide.summary).toBe("first");
    expect(result.problems).toEqual([
      expect.objectContaining({
        file: "/guides/b.json",
        path: "$.id",
        message: expect.stringContaining("already used by /guides/a.json"),
      }),
    ]);
  });

  it("reports references that no loaded guide resolves", async () => {
    const { fetch } = fakeFetch({
      "https://app.example.com/guides/index.json": JSON.stringify({ guides: ["a.json"] }),
      "https://app.example.com/guides/a.json": guide("a", {
        steps: [
          {
            id: "pay",
            title: "Pay",
            advance: { request: { url: "/api/pay" } },
            onFail: { help: "declined" },
          },
        ],
      }),
    });
    const result = await loadGuides("/guides/index.json", { fetch, baseUrl: BASE });
    expect(result.guides).toHaveLength(1);
    expect(result.problems).toEqual([
      expect.objectContaining({ path: "$.steps[0].onFail.help", severity: "error" }),
    ]);
  });

  const badIndexes: [string, unknown, string, string][] = [
    ["guides not a list", { guides: "a.json" }, "$.guides", '"guides" must be a list'],
    [
      "an entry not a string",
      { guides: [{ id: "x" }] },
      "$.guides[0]",
      "each entry must be the URL of a guide file",
    ],
    [
      "an entry that is no URL",
      { guides: ["https://"] },
      "$.guides[0]",
      "each entry must be the URL of a guide file",
    ],
  ];
  it.each(badIndexes)("reports an index with %s", async (_name, index, path, message) => {
    const { fetch } = fakeFetch({
      "https://app.example.com/guides/index.json": JSON.stringify(index),
    });
    const result = await loadGuides("/guides/index.json", { fetch, baseUrl: BASE });
    expect(result.guides).toEqual([]);
    expect(errors(result.problems)).toEqual([
      expect.objectContaining({
        file: "/guides/index.json",
        path,
        message: expect.stringContaining(message),
      }),
    ]);
  });

  it("warns about unknown keys, repeats and empty indexes", async () => {
    const { fetch } = fakeFetch({
      "https://app.example.com/guides/index.json": JSON.stringify({
        guides: ["a.json", "./a.json"],
        guide: [],
      }),
      "https://app.example.com/guides/a.json": guide("a"),
      "https://app.example.com/guides/empty.json": JSON.stringify({ guides: [] }),
    });
    const result = await loadGuides("/guides/index.json", { fetch, baseUrl: BASE });
    expect(result.guides).toHaveLength(1);
    expect(result.problems.map((p) => [p.path, p.severity])).toEqual([
      ["$.guide", "warning"],
      ["$.guides[1]", "warning"],
    ]);
    const empty = await loadGuides("/guides/empty.json", { fetch, baseUrl: BASE });
    expect(empty.problems).toEqual([
      expect.objectContaining({ message: "the index lists no guide files", severity: "warning" }),
    ]);
  });

  it("does not follow an index listed in an index", async () => {
    const { fetch } = fakeFetch({
      "https://app.example.com/guides/index.json": JSON.stringify({ guides: ["more.json"] }),
      "https://app.example.com/guides/more.json": JSON.stringify({ guides: ["a.json"] }),
    });
    const result = await loadGuides("/guides/index.json", { fetch, baseUrl: BASE });
    expect(result.guides).toEqual([]);
    expect(result.problems[0]).toMatchObject({
      file: "/guides/more.json",
      message: expect.stringContaining("index"),
    });
  });
});

describe("loadGuides from one file", () => {
  it("loads a single guide file", async () => {
    const { fetch, calls } = fakeFetch({
      "https://app.example.com/guides/billing.json": guide("billing"),
    });
    const result = await loadGuides("/guides/billing.json", {
      fetch,
      baseUrl: BASE,
      locale: "de-CH",
    });
    expect(result).toEqual({
      guides: [
        {
          file: "/guides/billing.json",
          guide: { id: "billing", title: "billing", steps: [{ id: "one", title: "One" }] },
        },
      ],
      problems: [],
    });
    expect(new Headers(calls[0]?.init?.headers).get("accept-language")).toBe("de-CH");
  });

  const failures: [string, Route, string, string | undefined][] = [
    [
      "HTTP 404",
      { status: 404 },
      "could not load https://app.example.com/guides/g.json: HTTP 404 Not Found",
      "check that the file exists",
    ],
    ["HTTP 403", { status: 403 }, "HTTP 403", "readable without signing in"],
    ["HTTP 500", { status: 500, body: "oops" }, "HTTP 500", "server failed"],
    [
      "a network error",
      { throws: "Failed to fetch" },
      "could not load https://app.example.com/guides/g.json: Failed to fetch",
      "that you are online",
    ],
    ["an empty file", { body: "  \n" }, "the file is empty", undefined],
    [
      "an HTML page",
      { body: "<!doctype html><html>…" },
      "got an HTML page instead of JSON",
      "check that /guides/g.json exists",
    ],
    [
      "a list",
      { body: "[]" },
      "this file holds a list, not a guide",
      "put each guide in its own file",
    ],
    ["a string", { body: '"hello"' }, "a guide must be a JSON object", undefined],
  ];
  it.each(failures)("reports %s", async (_name, route, message, suggestion) => {
    const { fetch } = fakeFetch({ "https://app.example.com/guides/g.json": route });
    const result = await loadGuides("/guides/g.json", { fetch, baseUrl: BASE });
    expect(result.guides).toEqual([]);
    expect(result.problems).toHaveLength(1);
    const problem = result.problems[0]!;
    expect(problem).toMatchObject({ file: "/guides/g.json", path: "$", severity: "error" });
    expect(problem.message).toContain(message);
    if (suggestion) expect(problem.suggestion).toContain(suggestion);
  });

  it("names a cross-origin file by its full URL and mentions CORS when it can't be reached", async () => {
    const { fetch } = fakeFetch({
      "https://cdn.example.net/g.json": { throws: "Failed to fetch" },
    });
    const result = await loadGuides("https://cdn.example.net/g.json", { fetch, baseUrl: BASE });
    expect(result.problems[0]?.file).toBe("https://cdn.example.net/g.json");
    expect(result.problems[0]?.suggestion).toContain("CORS");
  });

  it("accepts a byte order mark", async () => {
    const { fetch } = fakeFetch({ "https://app.example.com/g.json": `\uFEFF${guide("bom")}` });
    const result = await loadGuides("/g.json", { fetch, baseUrl: BASE });
    expect(result.guides.map((g) => g.guide.id)).toEqual(["bom"]);
  });
});

describe("JSON syntax errors", () => {
  // [name, text, line, column, reason, suggestion]
  const cases: [string, string, number, number, string, string][] = [
    [
      "a trailing comma",
      '{\n  "id": "a",\n  "title": "b",\n}',
      3,
      15,
      "a comma before } is not allowed in JSON",
      "remove the last comma",
    ],
    [
      "a comment",
      '{\n  "id": "a", // the id\n  "title": "b"\n}',
      2,
      14,
      "comments are not allowed in JSON",
      "remove the comment",
    ],
    [
      "a missing comma",
      '{\n  "id": "a"\n  "title": "b"\n}',
      3,
      3,
      'expected "," or "}"',
      "a comma is probably missing",
    ],
    [
      "single quotes",
      "{\n  'id': 'a'\n}",
      2,
      3,
      "keys must be in double quotes",
      "use \"…\" instead of '…'",
    ],
    ["an unquoted key", '{\n  id: "a"\n}', 2, 3, "keys must be in double quotes", 'write "id"'],
    [
      "an unquoted value",
      '{\n  "frequency": once\n}',
      2,
      16,
      'unexpected word "once"',
      'text must be in double quotes: "once"',
    ],
    [
      "a line break in text",
      '{\n  "title": "two\nlines"\n}',
      2,
      16,
      "a line break or control character inside text",
      "\\n",
    ],
    [
      "an unclosed text",
      '{\n  "title": "oops\n',
      2,
      17,
      "a line break or control character inside text",
      "close the text",
    ],
    [
      "a cut-off file",
      '{\n  "steps": [\n    {"id": "a"}',
      3,
      16,
      "the file ends too early",
      "close the open [",
    ],
    [
      "text after the end",
      '{"id": "a"}\n{"id": "b"}',
      2,
      1,
      "unexpected text after the end of the JSON",
      "exactly one JSON value",
    ],
    [
      "a missing colon",
      '{\n  "id" "a"\n}',
      2,
      8,
      'expected ":" after the key',
      "missing comma, quote or bracket",
    ],
    ["a bad number", '{\n  "wait": 05\n}', 2, 12, 'expected "," or "}"', "comma"],
    ["a bad escape", '{"title": "C:\\windows"}', 1, 14, "an invalid escape with \\", "\\\\"],
  ];

  it.each(cases)(
    "explains %s at line:column",
    async (_name, text, line, column, reason, suggestion) => {
      expect(() => JSON.parse(text)).toThrow();
      const { fetch } = fakeFetch({ "https://app.example.com/g.json": text });
      const result = await loadGuides("/g.json", { fetch, baseUrl: BASE });
      expect(result.problems).toHaveLength(1);
      const problem = result.problems[0]!;
      expect(problem.message).toBe(`not valid JSON at line ${line}, column ${column}: ${reason}`);
      expect(problem.suggestion).toContain(suggestion);
    },
  );

  it("finds no error in valid JSON, however deep", () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    for (const text of ['{"a": [1, -2.5e3, true, false, null, "\\u00e9\\n"]}', " 0 ", deep]) {
      expect(locateJsonError(text)).toBeUndefined();
    }
  });
});

describe("loadGuides with inline guides", () => {
  it("validates each object and names it after its place in the config", async () => {
    const { fetch, calls } = fakeFetch({});
    const result = await loadGuides(
      [
        { id: "a", title: "A", steps: [{ id: "one", title: "One" }] },
        { id: "b", title: "B", steps: [{ id: "one", titel: "One" }] },
        "not a guide",
        undefined,
      ],
      { fetch, baseUrl: BASE },
    );
    expect(calls).toEqual([]);
    expect(result.guides).toEqual([
      {
        file: "config.guides[0]",
        guide: { id: "a", title: "A", steps: [{ id: "one", title: "One" }] },
      },
    ]);
    expect(result.problems.map((p) => [p.file, p.path])).toEqual([
      ["config.guides[1]", "$.steps[0].titel"],
      ["config.guides[2]", "$"],
      ["config.guides[3]", "$"],
    ]);
    expect(result.problems[1]?.message).toBe("inline guides must be guide objects, not URLs");
  });
});

describe("loadGuides never rejects", () => {
  const cases: [string, () => Promise<unknown>][] = [
    [
      "a fetch that throws synchronously",
      () =>
        loadGuides("/g.json", {
          fetch: (() => {
            throw new Error("no");
          }) as typeof fetch,
          baseUrl: BASE,
        }),
    ],
    [
      "a body that fails to read",
      () =>
        loadGuides("/g.json", {
          fetch: (async () => ({
            ok: true,
            status: 200,
            text: () => Promise.reject(new Error("aborted")),
          })) as unknown as typeof fetch,
          baseUrl: BASE,
        }),
    ],
    [
      "an unusable base URL",
      () => loadGuides("g.json", { fetch: fakeFetch({}).fetch, baseUrl: "not a url" }),
    ],
    [
      "a source of the wrong type",
      () => loadGuides(42 as unknown as string, { fetch: fakeFetch({}).fetch, baseUrl: BASE }),
    ],
    [
      "a fetch that returns garbage",
      () =>
        loadGuides("/g.json", {
          fetch: (async () => null) as unknown as typeof fetch,
          baseUrl: BASE,
        }),
    ],
  ];
  it.each(cases)("%s", async (_name, run) => {
    const result = (await run()) as { guides: unknown[]; problems: GuideProblem[] };
    expect(result.guides).toEqual([]);
    expect(errors(result.problems)).toHaveLength(1);
    expect(result.problems[0]?.message).toEqual(expect.any(String));
  });
});

describe("formatProblem", () => {
  it("prints one line with the file, path, expectation, suggestion and a docs link", () => {
    expect(
      formatProblem({
        file: "/guides/billing.json",
        path: "$.steps[1].advance",
        message: 'unknown advance "clik"',
        expected: '"next" or one of click, input, page, element, event, request',
        suggestion: 'did you mean "click"?',
        severity: "error",
      }),
    ).toBe(
      '/guides/billing.json $.steps[1].advance: unknown advance "clik" (expected "next" or one of click, input, page, element, event, request) — did you mean "click"? See https://github.com/waymark-dev/waymark/blob/main/docs/guides.md#advance',
    );
  });

  it("matches the validator's own wording for that mistake", async () => {
    const { fetch } = fakeFetch({
      "https://app.example.com/guides/billing.json": guide("billing", {
        steps: [
          { id: "a", title: "A" },
          { id: "b", title: "B", advance: { clik: "#pay" } },
        ],
      }),
    });
    const result = await loadGuides("/guides/billing.json", { fetch, baseUrl: BASE });
    expect(result.problems.map(formatProblem)).toEqual([
      '/guides/billing.json $.steps[1].advance: unknown advance "clik" (expected "next" or one of click, input, page, element, event, request) — did you mean "click"? See https://github.com/waymark-dev/waymark/blob/main/docs/guides.md#advance',
    ]);
  });

  it.each([
    ["$", "guide-file"],
    ["$.id", "guide-file"],
    ["$.start.all[0].page", "condition"],
    ["$.goal.request", "condition"],
    ["$.steps[0].target", "step"],
    ["$.steps[0].onFail.help", "step"],
    ["$.steps[0].advance.request.status", "advance"],
    ["$.steps[0].next[1].when.user", "condition"],
    ["$.steps[0].demo[2].do", "action"],
    ["$.help[0].when.request", "help"],
    ["$.help[0].actions[1].href", "help"],
  ])("links %s to #%s", (path, anchor) => {
    const line = formatProblem({ file: "f", path, message: "m", severity: "warning" });
    expect(line).toBe(
      `f ${path}: m. See https://github.com/waymark-dev/waymark/blob/main/docs/guides.md#${anchor}`,
    );
  });

  it("includes what was found", () => {
    const line = formatProblem({
      file: "f",
      path: "$.steps[0].wait",
      message: '"wait" must be a number',
      expected: "a number of milliseconds ≥ 0",
      found: '"5s"',
      suggestion: "write 5000",
      severity: "error",
    });
    expect(line).toContain(
      '(expected a number of milliseconds ≥ 0, found "5s") — write 5000. See ',
    );
  });
});
