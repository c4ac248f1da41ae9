import { describe, expect, it } from "vitest";
import { matchRequestOutcome, matchRequestTarget } from "../../../src/guide/request";

const base = "https://app.example.com/invoices/new";
const req = (status: number, method = "POST", url = "https://app.example.com/api/invoices") => ({
  method,
  url,
  status,
  network: status === 0,
});

describe("request matching", () => {
  it("matches url globs and methods case-insensitively", () => {
    expect(matchRequestTarget({ url: "/api/invoices", method: "post" }, req(201), base)).toBe(true);
    expect(matchRequestTarget({ url: "/api/invoices", method: "GET" }, req(201), base)).toBe(false);
    expect(matchRequestTarget({ url: "/api/**" }, req(201), base)).toBe(true);
    expect(matchRequestTarget({ url: "/api/customers" }, req(201), base)).toBe(false);
  });

  it.each([
    [{ url: "/x", status: "2xx" as const }, 201, true],
    [{ url: "/x", status: "2xx" as const }, 422, false],
    [{ url: "/x", status: [402, "5xx"] as const }, 503, true],
    [{ url: "/x", status: [402, "5xx"] as const }, 404, false],
    [{ url: "/x", status: 402 }, 402, true],
  ])("status %j against %i → %s", (match, status, expected) => {
    expect(matchRequestOutcome(match as never, req(status), undefined)).toBe(expected);
  });

  it("uses the default status when the rule gives none", () => {
    expect(matchRequestOutcome({ url: "/x" }, req(200), "2xx")).toBe(true);
    expect(matchRequestOutcome({ url: "/x" }, req(500), "2xx")).toBe(false);
  });

  it("matches requests that got no response only with network: true", () => {
    expect(matchRequestOutcome({ url: "/x", network: true }, req(0), "2xx")).toBe(true);
    expect(matchRequestOutcome({ url: "/x" }, req(0), "2xx")).toBe(false);
    expect(matchRequestOutcome({ url: "/x", network: true }, req(500), undefined)).toBe(false);
  });
});
