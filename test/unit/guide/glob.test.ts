import { describe, expect, it } from "vitest";
import { compileGlob, isValidGlob, matchGlob, matchUrl } from "../../../src/guide/glob";

describe("matchGlob", () => {
  const cases: Array<[glob: string, path: string, expected: boolean]> = [
    // literals and trailing slashes
    ["/invoices", "/invoices", true],
    ["/invoices", "/invoices/", true],
    ["/invoices/", "/invoices", true],
    ["/invoices", "/invoice", false],
    ["/invoices", "/invoices/new", false],
    ["/", "/", true],
    ["/", "", true],
    ["/", "/a", false],
    ["invoices", "/invoices", true],
    ["/Invoices", "/invoices", false],
    // * is one segment, or part of one
    ["/invoices/*", "/invoices/42", true],
    ["/invoices/*", "/invoices/42/", true],
    ["/invoices/*", "/invoices", false],
    ["/invoices/*", "/invoices/42/edit", false],
    ["/invoices/*/edit", "/invoices/42/edit", true],
    ["/invoices/*/edit", "/invoices/edit", false],
    ["/inv*", "/invoices", true],
    ["/inv*", "/inv", true],
    ["/inv*", "/inv/oices", false],
    ["/*.pdf", "/report.pdf", true],
    ["/*.pdf", "/report.pdfx", false],
    ["/a*b*c", "/aXXbYYc", true],
    ["/a*b*c", "/aXXbYY", false],
    // ** is any number of segments, including none
    ["/billing/**", "/billing", true],
    ["/billing/**", "/billing/", true],
    ["/billing/**", "/billing/a", true],
    ["/billing/**", "/billing/a/b/c", true],
    ["/billing/**", "/billingx", false],
    ["/billing/**", "/other/billing", false],
    ["/**/edit", "/edit", true],
    ["/**/edit", "/a/b/edit", true],
    ["/**/edit", "/a/b/edit/x", false],
    ["/a/**/b", "/a/b", true],
    ["/a/**/b", "/a/x/y/b", true],
    ["/a/**/b/*", "/a/x/b/b/c", true],
    ["/**", "/", true],
    ["/**", "/anything/at/all", true],
    // ? is one character
    ["/v?/items", "/v1/items", true],
    ["/v?/items", "/v10/items", false],
    ["/v?/items", "/v/items", false],
    ["/?", "/é", true],
    ["/?", "/😀", true],
    // regex metacharacters are literal
    ["/a.b", "/a.b", true],
    ["/a.b", "/axb", false],
    ["/(x)+[y]$", "/(x)+[y]$", true],
    ["/(x)+[y]$", "/xxy", false],
    ["/a|b", "/a", false],
    ["/^a\\d{2}", "/^a\\d{2}", true],
    // query strings are ignored
    ["/search", "/search?q=1", true],
    ["/search/*", "/search/x?q=a/b", true],
    // the hash counts only when the glob has #
    ["/settings", "/settings#billing", true],
    ["/settings#billing", "/settings#billing", true],
    ["/settings#billing", "/settings#profile", false],
    ["/settings#billing", "/settings", false],
    ["/app#/users/*", "/app#/users/7", true],
    ["/app#/users/*", "/app#/users/7?tab=2", true],
    ["/app#/users/*", "/app#/teams/7", false],
    ["/app#/users/**", "/app/#/users", true],
    ["#/settings", "/any/path#/settings", true],
    ["#/settings", "/any/path#/profile", false],
    ["/app#", "/app", true],
    // percent-encoding compares decoded, segment by segment
    ["/café", "/caf%C3%A9", true],
    ["/a b", "/a%20b", true],
    ["/a/b", "/a%2Fb", false],
    ["/bad%", "/bad%", true],
  ];
  it.each(cases)("%s against %s → %s", (glob, path, expected) => {
    expect(matchGlob(glob, path)).toBe(expected);
  });

  it.each([["***"], [""], ["/a**"], ["https://example.com/a"]])(
    "the unusable glob %j never matches",
    (glob) => {
      expect(matchGlob(glob, "/a")).toBe(false);
      expect(matchGlob(glob, "/")).toBe(false);
    },
  );

  it("returns the same compiled matcher for the same glob", () => {
    expect(compileGlob("/x/**")).toBe(compileGlob("/x/**"));
  });

  it("stays fast on globs and paths built to make backtracking explode", () => {
    const started = performance.now();
    const path = "/" + "a".repeat(5000);
    expect(matchGlob("/*a*a*a*a*a*a*a*a*b", path)).toBe(false);
    const deep = "/a".repeat(2000) + "/c";
    expect(matchGlob("/**/a/**/a/**/a/**/a/**/b", deep)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("matchUrl", () => {
  const base = "https://app.example.com/invoices/new";
  const cases: Array<[glob: string, url: string, expected: boolean]> = [
    ["/api/invoices", "https://app.example.com/api/invoices", true],
    ["/api/invoices", "https://app.example.com/api/invoices?page=2", true],
    ["/api/invoices", "/api/invoices", true],
    ["/api/invoices", "api/invoices", false], // resolves to /invoices/api/invoices
    ["/api/payments/**", "https://app.example.com/api/payments/pi_1/confirm", true],
    ["/api/payments/**", "https://app.example.com/api/refunds/1", false],
    // a path-only glob matches the path on any origin
    ["/api/invoices", "https://api.example.com/api/invoices", true],
    // an absolute glob pins the origin
    ["https://api.example.com/v1/**", "https://api.example.com/v1/charges", true],
    ["https://api.example.com/v1/**", "https://API.example.com:443/v1/charges", true],
    ["https://api.example.com/v1/**", "http://api.example.com/v1/charges", false],
    ["https://api.example.com/v1/**", "https://api.example.com:8443/v1/charges", false],
    ["https://api.example.com/v1/**", "https://evil.example.com/v1/charges", false],
    ["https://api.example.com/v1/**", "https://api.example.com.evil.io/v1/charges", false],
    ["https://api.example.com", "https://api.example.com/", true],
    ["https://api.example.com", "https://api.example.com/x", false],
    ["HTTPS://Api.Example.com/v1/*", "https://api.example.com/v1/x", true],
    ["https://*.example.com/**", "https://api.example.com/v1", false],
    ["/x", "http://[not a url", false],
  ];
  it.each(cases)("%s against %s → %s", (glob, url, expected) => {
    expect(matchUrl(glob, url, base)).toBe(expected);
  });
});

describe("isValidGlob", () => {
  it.each([
    "/invoices",
    "/invoices/",
    "/billing/**",
    "/**/edit",
    "/invoices/*/edit",
    "/v?/items",
    "/settings#billing",
    "#/settings",
    "https://api.example.com/v1/**",
    "http://localhost:8080/api",
    "/a.b(c)",
  ])("accepts %j", (glob) => {
    expect(isValidGlob(glob)).toBeNull();
  });

  it.each([
    ["", /empty/],
    ["   ", /empty/],
    ["/a/***", /\*\*\*/],
    ["***", /\*\*\*/],
    ["/a**", /whole segment/],
    ["/**b/c", /whole segment/],
    ["/a#b#c", /more than one "#"/],
    ["/search?q=1", /query string/],
    ["/a\tb", /control character/],
    ["//cdn.example.com/x", /starts with "\/\/"/],
    ["javascript:alert(1)", /unsupported scheme/],
    ["ftp://example.com/x", /unsupported scheme/],
    ["https://", /no valid host/],
    ["https://*.example.com/x", /wildcard in its origin/],
    ["/" + "a".repeat(3000), /limited to 2048/],
  ])("rejects %j with a helpful message", (glob, message) => {
    expect(isValidGlob(glob)).toMatch(message);
  });
});
