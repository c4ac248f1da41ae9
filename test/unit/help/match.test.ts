import { describe, expect, it } from "vitest";
import type { ObservedRequest } from "../../../src/capture/requests";
import {
  failureSignature,
  matchFailure,
  matchJson,
  normalizePath,
  type Failure,
} from "../../../src/help/match";

const here = { path: "/app/billing", hash: "", href: "https://app.test/app/billing" };
const request = (over: Partial<ObservedRequest> = {}): Failure => ({
  kind: "request",
  request: {
    method: "POST",
    url: "https://app.test/api/payments",
    status: 402,
    network: false,
    aborted: false,
    startedAt: 0,
    duration: 5,
    header: () => null,
    transport: "fetch",
    ...over,
  },
});

describe("failure matchers", () => {
  it("matches requests by url, method, status patterns and network, scoped by page", () => {
    expect(
      matchFailure(
        { request: { url: "/api/payments", method: "POST", status: [402] }, page: "/app/billing" },
        request(),
        here,
      ),
    ).toBe(true);
    expect(matchFailure({ request: { url: "/api/**", status: ["4xx"] } }, request(), here)).toBe(
      true,
    );
    expect(matchFailure({ request: { url: "/api/**", status: ["5xx"] } }, request(), here)).toBe(
      false,
    );
    expect(
      matchFailure(
        { request: { url: "/api/payments" }, page: "/app/settings/**" },
        request(),
        here,
      ),
    ).toBe(false);
    expect(
      matchFailure(
        { request: { url: "/api/**", network: true } },
        request({ status: 0, network: true }),
        here,
      ),
    ).toBe(true);
    expect(matchFailure({ request: { url: "/api/**" } }, request({ status: 200 }), here)).toBe(
      false,
    );
    expect(
      matchFailure(
        { request: { url: "/api/**", network: true } },
        request({ status: 0, network: true, aborted: true }),
        here,
      ),
    ).toBe(false);
  });

  it("matches json fields by dotted path", () => {
    expect(matchJson({ "error.code": "card_declined" }, { error: { code: "card_declined" } })).toBe(
      true,
    );
    expect(matchJson({ "error.code": "card_declined" }, { error: {} })).toBe(false);
    expect(matchJson({ "errors.0.code": 1 }, { errors: [{ code: 1 }] })).toBe(true);
  });

  it("matches errors, invalid fields, host failures, stalls and rage clicks", () => {
    const error: Failure = {
      kind: "error",
      error: {
        message: "TypeError: x is undefined",
        source: "https://app.test/app.js",
        ts: 0,
        kind: "error",
      },
    };
    expect(
      matchFailure({ error: { message: "x is undefined", source: "app\\.js" } }, error, here),
    ).toBe(true);
    expect(matchFailure({ error: { message: "(" } }, error, here)).toBe(false);
    document.body.innerHTML =
      '<form><input id="amount"><button id="pay"><span>Pay</span></button></form>';
    const amount = document.getElementById("amount")!;
    expect(matchFailure({ invalid: "#amount" }, { kind: "invalid", element: amount }, here)).toBe(
      true,
    );
    expect(matchFailure({ invalid: "#other" }, { kind: "invalid", element: amount }, here)).toBe(
      false,
    );
    expect(
      matchFailure(
        { rage: "#pay" },
        { kind: "rage", element: document.querySelector("#pay span")! },
        here,
      ),
    ).toBe(true);
    expect(
      matchFailure(
        { event: "export", code: "quota" },
        { kind: "event", name: "export", code: "quota" },
        here,
      ),
    ).toBe(true);
    expect(
      matchFailure({ event: "export", code: "quota" }, { kind: "event", name: "export" }, here),
    ).toBe(false);
    expect(
      matchFailure({ stall: { guide: "g" } }, { kind: "stall", guide: "g", step: "s" }, here),
    ).toBe(true);
    expect(matchFailure({ request: { url: "/**" } }, { kind: "event", name: "x" }, here)).toBe(
      false,
    );
  });

  it("gives stable signatures without ids, queries or secrets", () => {
    expect(
      failureSignature(
        request({
          url: "https://app.test/api/keys/key_8f3a91?token=abc",
          method: "DELETE",
          status: 401,
        }),
      ),
    ).toBe("request:DELETE /api/keys/:id 401");
    expect(
      failureSignature(
        request({ url: "https://app.test/api/invoices/42", status: 0, network: true }),
      ),
    ).toBe("request:POST /api/invoices/:id network");
    expect(normalizePath("/api/users/3fa85f64-5717-4562-b3fc-2c963f66afa6/orders")).toBe(
      "/api/users/:id/orders",
    );
    const error: Failure = {
      kind: "error",
      error: { message: 'Error: item 1234 "jane@x.io" missing', ts: 0, kind: "error" },
    };
    expect(failureSignature(error)).toBe('error:Error: item # "…" missing');
  });
});
