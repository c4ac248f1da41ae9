import { describe, expect, it } from "vitest";
import { parseMarkdown, safeHref, type Block, type Inline } from "../../../src/guide/markdown";

const text = (value: string): Inline => ({ type: "text", value });
const strong = (...children: Inline[]): Inline => ({ type: "strong", children });
const em = (...children: Inline[]): Inline => ({ type: "em", children });
const code = (value: string): Inline => ({ type: "code", value });
const link = (href: string, ...children: Inline[]): Inline => ({ type: "link", href, children });
const p = (...children: Inline[]): Block => ({ type: "paragraph", children });

/** The inlines of a single-paragraph source. */
function inlines(src: string): Inline[] {
  const blocks = parseMarkdown(src);
  expect(blocks).toHaveLength(1);
  const [block] = blocks;
  if (block?.type !== "paragraph") throw new Error(`expected one paragraph for ${src}`);
  return block.children;
}

function allInlines(blocks: readonly Block[]): Inline[] {
  const out: Inline[] = [];
  const walk = (nodes: readonly Inline[]) => {
    for (const node of nodes) {
      out.push(node);
      if ("children" in node) walk(node.children);
    }
  };
  for (const block of blocks) {
    if (block.type === "paragraph") walk(block.children);
    else block.items.forEach(walk);
  }
  return out;
}

/** What a reader sees, with all formatting dropped. */
function plainText(blocks: readonly Block[]): string {
  const flat = (nodes: readonly Inline[]): string =>
    nodes.map((n) => ("children" in n ? flat(n.children) : n.value)).join("");
  return blocks
    .map((b) => (b.type === "paragraph" ? flat(b.children) : b.items.map(flat).join("\n")))
    .join("\n\n");
}

describe("parseMarkdown: blocks", () => {
  it.each<[string, Block[]]>([
    ["", []],
    ["  \n\n \t ", []],
    ["One line.", [p(text("One line."))]],
    ["First.\n\nSecond.", [p(text("First.")), p(text("Second."))]],
    ["Soft\nbreak", [p(text("Soft\nbreak"))]],
    ["Windows\r\nlines\r\n\r\nend", [p(text("Windows\nlines")), p(text("end"))]],
    ["- one\n- two", [{ type: "list", items: [[text("one")], [text("two")]] }]],
    [
      "Try:\n- another card\n- your bank",
      [p(text("Try:")), { type: "list", items: [[text("another card")], [text("your bank")]] }],
    ],
    [
      "- one\n  more of one\n- two\nAfter.",
      [{ type: "list", items: [[text("one\nmore of one")], [text("two")]] }, p(text("After."))],
    ],
    [
      "- a\n\n- b",
      [
        { type: "list", items: [[text("a")]] },
        { type: "list", items: [[text("b")]] },
      ],
    ],
    ["- **bold** item", [{ type: "list", items: [[strong(text("bold")), text(" item")]] }]],
    ["-not a list", [p(text("-not a list"))]],
    ["* not a list either", [p(text("* not a list either"))]],
    ["# Not a heading", [p(text("# Not a heading"))]],
    ["> not a quote", [p(text("> not a quote"))]],
    ["-", [{ type: "list", items: [[]] }]],
  ])("%j", (src, expected) => {
    expect(parseMarkdown(src)).toEqual(expected);
  });
});

describe("parseMarkdown: inlines", () => {
  it.each<[string, Inline[]]>([
    [
      "Choose **who** you are billing.",
      [text("Choose "), strong(text("who")), text(" you are billing.")],
    ],
    ["*italic* and _also_", [em(text("italic")), text(" and "), em(text("also"))]],
    ["`a * b`", [code("a * b")]],
    ["`` a `tick` ``", [code("a `tick`")]],
    ["**bold *and italic***", [strong(text("bold "), em(text("and italic")))]],
    ["***both***", [strong(em(text("both")))]],
    ["*a **b** c*", [em(text("a "), strong(text("b")), text(" c"))]],
    ["**a `code` b**", [strong(text("a "), code("code"), text(" b"))]],
    ["[Docs](https://docs.example.com)", [link("https://docs.example.com", text("Docs"))]],
    ["[**Bold** docs](/help)", [link("/help", strong(text("Bold")), text(" docs"))]],
    ["*[a](/b)*", [em(link("/b", text("a")))]],
    ["[a](/x_(y))", [link("/x_(y)", text("a"))]],
    ['[a](https://a.example "Title")', [link("https://a.example", text("a"))]],
    ["[a](<https://a.example/x>)", [link("https://a.example/x", text("a"))]],
    ["[a [b](/c)", [text("[a "), link("/c", text("b"))]],
    ["see [1] and [x]", [text("see [1] and [x]")]],
    ["[no url]()", [text("no url")]],
    // unclosed and unmatched markers stay text
    ["**never closed", [text("**never closed")]],
    ["*never closed", [text("*never closed")]],
    ["closed never**", [text("closed never**")]],
    ["`never closed", [text("`never closed")]],
    ["[label](never closed", [text("[label](never closed")]],
    ["[label] (/space)", [text("[label] (/space)")]],
    ["**a *b**", [text("**a "), em(text("b")), text("*")]], // the nearest opener wins
    ["*a**", [em(text("a")), text("*")]],
    ["****", [text("****")]],
    // flanking rules keep arithmetic and identifiers literal
    ["2 * 3 * 4", [text("2 * 3 * 4")]],
    ["snake_case_name", [text("snake_case_name")]],
    ["a ** b ** c", [text("a ** b ** c")]],
    ["in*tra*word", [text("in"), em(text("tra")), text("word")]],
    // backslash escapes
    ["\\*not em\\*", [text("*not em*")]],
    ["\\[not](/a link)", [text("[not](/a link)")]],
    ["C:\\path\\file", [text("C:\\path\\file")]],
    ["`code \\`", [code("code \\")]],
    // HTML is never interpreted
    ["<b>bold?</b>", [text("<b>bold?</b>")]],
    ["&lt;b&gt; &amp;", [text("&lt;b&gt; &amp;")]],
    ["**<i>x</i>**", [strong(text("<i>x</i>"))]],
  ])("%j", (src, expected) => {
    expect(inlines(src)).toEqual(expected);
  });
});

describe("safeHref", () => {
  it.each([
    ["https://docs.example.com/billing", "https://docs.example.com/billing"],
    ["http://example.com", "http://example.com"],
    ["HTTPS://EXAMPLE.COM", "HTTPS://EXAMPLE.COM"],
    ["mailto:help@example.com", "mailto:help@example.com"],
    ["MailTo:help@example.com", "MailTo:help@example.com"],
    ["/billing", "/billing"],
    ["./guide", "./guide"],
    ["../up", "../up"],
    ["#section", "#section"],
    ["?tab=2", "?tab=2"],
    ["page.html", "page.html"],
    ["/a:b", "/a:b"],
    ["  /padded \n", "/padded"],
    ["/a\tb", "/ab"],
  ])("allows %j", (href, expected) => {
    expect(safeHref(href)).toBe(expected);
  });

  it.each([
    "",
    "   ",
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "ftp://example.com/",
    "tel:+123",
    "blob:https://example.com/uuid",
    "custom-app:open",
    "java\u0000script:alert(1)",
    "&#106;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "%6Aavascript:alert(1)",
    "javascript\\:alert(1)",
    "java\u200bscript:alert(1)",
    "http://[broken",
  ])("refuses %j", (href) => {
    expect(safeHref(href)).toBeNull();
  });
});

describe("parseMarkdown never produces a dangerous link or HTML", () => {
  const attacks = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=javascript:alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](java\nscript:alert(1))",
    "[x](java\rscript:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](\u0001javascript:alert(1))",
    "[x](\u00a0javascript:alert(1))",
    "[x](java\u00a0script:alert(1))",
    "[x](java\u200bscript:alert(1))",
    "[x](java\u202escript:alert(1))",
    "[x](javascript :alert(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](DATA:image/svg+xml,<svg onload=alert(1)>)",
    "[x](vbscript:msgbox(1))",
    "[x](VBScript:msgbox(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](&#0000106;avascript:alert(1))",
    "[x](&#x6a&#x61&#x76&#x61script:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](&amp;#106;avascript:alert(1))",
    "[x](java&Tab;script:alert(1))",
    "[x](java&NewLine;script:alert(1))",
    "[x](%6A%61%76%61%73%63%72%69%70%74:alert(1))",
    "[x](javascript\\:alert(1))",
    "[x](<javascript:alert(1)>)",
    '[x](javascript:alert(1) "title")',
    "[x](javascript:alert(document.cookie))",
    "[x](  JaVa\tScRiPt  :alert(1))",
    "[x](file:///etc/passwd)",
    "[x](livescript:alert(1))",
    "[x](jar:https://example.com!/)",
    "**[x](javascript:alert(1))**",
    "- [x](javascript:alert(1))",
    "[<img src=x onerror=alert(1)>](javascript:alert(1))",
    "[x](javascript:alert('[y](https://ok.example)'))",
    "`<script>`[x](javascript:alert(1))",
    "[x](javascript:/*(*/alert(1)//)",
  ];

  it(`covers at least 30 attacks (${attacks.length})`, () => {
    expect(attacks.length).toBeGreaterThanOrEqual(30);
  });

  it.each(attacks)("%j", (src) => {
    const blocks = parseMarkdown(src);
    for (const node of allInlines(blocks)) {
      if (node.type !== "link") continue;
      // eslint-disable-next-line no-control-regex -- control characters are what browsers strip
      const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(node.href.replace(/[\s\u0000-\u001f]/g, ""));
      expect(scheme ? ["http", "https", "mailto"] : []).toContain(scheme?.[1]?.toLowerCase());
      expect(new URL(node.href, "https://app.example/").protocol).toMatch(/^(https?|mailto):$/);
    }
    // Markup is shown as the characters it is made of.
    if (!src.includes("](")) expect(plainText(blocks)).toBe(src);
    for (const node of allInlines(blocks)) {
      expect(["text", "strong", "em", "code", "link"]).toContain(node.type);
    }
  });

  it("turns a refused link into its label, formatting kept", () => {
    expect(inlines("Go [**there**](javascript:alert(1)) now")).toEqual([
      text("Go "),
      strong(text("there")),
      text(" now"),
    ]);
  });
});

describe("parseMarkdown on hostile sizes", () => {
  it.each([
    ["unclosed brackets", "[".repeat(100_000)],
    ["unclosed link destinations", "[a](".repeat(50_000)],
    ["bracket-paren soup", "](".repeat(100_000)],
    ["stars", "*a ".repeat(100_000)],
    ["nested stars", "*".repeat(50_000) + "a"],
    ["alternating markers", "*a _b ".repeat(50_000)],
    [
      "backticks of every length",
      Array.from({ length: 400 }, (_, i) => "`".repeat(i + 1) + "x").join(" "),
    ],
    ["backslashes", "\\".repeat(100_000) + "*"],
    ["many paragraphs", "a\n\n".repeat(50_000)],
    ["deep emphasis", "*a **b ".repeat(5_000) + "c" + "** d*".repeat(5_000)],
  ])("%s stay linear-ish and lose no text", (_name, src) => {
    const started = performance.now();
    const blocks = parseMarkdown(src);
    expect(performance.now() - started).toBeLessThan(2000);
    const visible = plainText(blocks).replace(/\s+/g, "");
    expect(visible.length).toBeGreaterThan(0);
  });
});
