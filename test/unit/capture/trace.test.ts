import { describe, expect, it } from "vitest";
import { createRequestTrace, mayPropagate, newTraceparent } from "../../../src/capture/trace";

const entry = (i: number, status = 200) => ({
  method: "GET",
  url: `https://x.test/${i}`,
  status,
  network: false,
  duration: 1,
  ts: i,
});

describe("request trace", () => {
  it("keeps the last `limit` requests, oldest first", () => {
    const trace = createRequestTrace({ limit: 3 });
    for (let i = 1; i <= 5; i++) trace.add(entry(i, i === 4 ? 500 : 200));
    expect(trace.recent().map((e) => e.ts)).toEqual([3, 4, 5]);
    expect(trace.failed().map((e) => e.ts)).toEqual([4]);
  });

  it("makes valid W3C traceparents, each different", () => {
    // Several times the random block a batch of ids is cut from.
    const made = Array.from({ length: 500 }, () => newTraceparent());
    for (const tp of made) {
      expect(tp).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(tp).not.toMatch(/^00-0{32}-|-0{16}-01$/);
    }
    expect(new Set(made).size).toBe(made.length);
  });

  it("propagates to the same origin and allowlisted origins or prefixes only", () => {
    const page = "https://app.test";
    expect(mayPropagate("https://app.test/api/x", page, [])).toBe(true);
    expect(mayPropagate("https://api.test/v1/x", page, [])).toBe(false);
    expect(mayPropagate("https://api.test/v1/x", page, ["https://api.test"])).toBe(true);
    expect(mayPropagate("https://api.test/v2/x", page, ["https://api.test/v1/"])).toBe(false);
    expect(mayPropagate("https://api.test/v1/x", page, ["https://api.test/v1/"])).toBe(true);
    expect(mayPropagate("https://evil.test/x", page, ["https://api.test"])).toBe(false);
    expect(mayPropagate("data:text/plain,x", page, [])).toBe(false);
    // Look-alikes of the page's origin.
    expect(mayPropagate("https://app.test.evil.test/x", page, [])).toBe(false);
    expect(mayPropagate("https://app.test@evil.test/x", page, [])).toBe(false);
    expect(mayPropagate("https://app.test:8443/x", page, [])).toBe(false);
    expect(mayPropagate("http://app.test/x", page, [])).toBe(false);
    expect(mayPropagate("https://app.test:443/x", page, [])).toBe(true);
    expect(mayPropagate("https://app.test/x", "null", [])).toBe(false);
  });
});
