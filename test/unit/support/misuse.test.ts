import { afterEach, describe, expect, it } from "vitest";
import { resolveConfig, type WaymarkConfig } from "../../../src/config";
import { createDiagnostics } from "../../../src/diagnostics";
import { checkConfigMisuse, checkStepTarget } from "../../../src/misuse";

function misuse(config: WaymarkConfig, page = "https://app.example/") {
  const diagnostics = createDiagnostics(() => false);
  checkConfigMisuse(config, resolveConfig(config, page), page, diagnostics);
  return diagnostics.list().map((d) => d.code);
}

describe("config misuse", () => {
  it("says when consent is asked for but no report destination is configured", () => {
    expect(misuse({ consent: "ask" })).toEqual(["consent-without-destination"]);
    expect(misuse({ consent: "ask", report: { endpoint: "/support/reports" } })).toEqual([]);
    expect(misuse({})).toEqual([]);
  });

  it("says when consent has an unknown value", () => {
    expect(misuse({ consent: "yes" as never })).toEqual(["consent-invalid"]);
  });

  it("says when both report destinations are set", () => {
    expect(misuse({ report: { endpoint: "/r", email: "help@example.com" } })).toEqual([
      "report-both",
    ]);
  });

  it("says when the endpoint would be blocked as mixed content, or is not http(s)", () => {
    expect(
      misuse({ report: { endpoint: "http://reports.example/r" } }, "https://app.example/"),
    ).toEqual(["report-endpoint-insecure"]);
    expect(
      misuse({ report: { endpoint: "http://reports.example/r" } }, "http://app.example/"),
    ).toEqual([]);
    expect(misuse({ report: { endpoint: "javascript:alert(1)" } })).toEqual([
      "report-endpoint-invalid",
    ]);
  });

  it("says when the report email is not an address", () => {
    expect(misuse({ report: { email: "support" } })).toEqual(["report-email-invalid"]);
  });

  it("explains each misuse with the fix and a docs link", () => {
    const diagnostics = createDiagnostics(() => false);
    const config = { consent: "ask" as const };
    checkConfigMisuse(
      config,
      resolveConfig(config, "https://app.example/"),
      "https://app.example/",
      diagnostics,
    );
    const message = diagnostics.list()[0]?.message ?? "";
    expect(message).toMatch(/data-report-endpoint=/);
    expect(message).toMatch(
      /https:\/\/github\.com\/waymark-dev\/waymark\/blob\/main\/docs\/reports\.md/,
    );
  });
});

describe("step target misuse", () => {
  afterEach(() => {
    document.body.innerHTML = "";
  });

  it("says when a step's target matches several visible elements", () => {
    document.body.innerHTML = `<button class="pay" id="a">Pay</button><button class="pay">Pay</button>`;
    // happy-dom has no layout: give the elements a box.
    for (const el of document.querySelectorAll(".pay"))
      (el as HTMLElement).getClientRects = () => [{}] as unknown as DOMRectList;
    const diagnostics = createDiagnostics(() => false);
    checkStepTarget(
      { guide: "g", step: "pay", file: "guides/billing.json" },
      ".pay",
      document,
      diagnostics,
    );
    expect(diagnostics.list()).toHaveLength(1);
    expect(diagnostics.list()[0]?.message).toMatch(
      /target "\.pay" matches 2 visible elements \(button#a\.pay, button\.pay\)/,
    );
    expect(diagnostics.list()[0]?.message).toMatch(/guides\/billing\.json/);
  });

  it("is quiet for one match and for invalid selectors", () => {
    document.body.innerHTML = `<button id="pay">Pay</button>`;
    const diagnostics = createDiagnostics(() => false);
    checkStepTarget({ guide: "g", step: "s", file: "f" }, "#pay", document, diagnostics);
    checkStepTarget({ guide: "g", step: "s", file: "f" }, "##", document, diagnostics);
    expect(diagnostics.list()).toEqual([]);
  });
});
