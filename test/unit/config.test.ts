import { describe, expect, it } from "vitest";
import { configFromAttributes, resolveConfig } from "../../src/config";

describe("configFromAttributes", () => {
  it("maps kebab-case data attributes to nested config keys (SPEC §2)", () => {
    const el = document.createElement("script");
    el.setAttribute("data-guides", "/guides/index.json");
    el.setAttribute("data-locale", "de");
    el.setAttribute("data-report-endpoint", "/support/reports");
    el.setAttribute("data-report-email", "help@example.com");
    el.setAttribute("data-telemetry-otlp", "https://otel.example.com/v1/logs");
    el.setAttribute("data-status", "/status.json");
    el.setAttribute("data-trace-propagate", "https://api.example.com, https://b.example.com");
    el.setAttribute("data-consent", "granted");
    el.setAttribute("data-retention-days", "7");
    el.setAttribute("data-debug", "");
    const { config, unknown } = configFromAttributes(el.attributes);
    expect(unknown).toEqual([]);
    expect(config).toEqual({
      guides: "/guides/index.json",
      locale: "de",
      report: { endpoint: "/support/reports", email: "help@example.com" },
      telemetry: { otlp: "https://otel.example.com/v1/logs" },
      status: "/status.json",
      trace: { propagate: ["https://api.example.com", "https://b.example.com"] },
      consent: "granted",
      retention: { days: 7 },
      debug: true,
    });
  });

  it("reports unknown attributes instead of guessing", () => {
    expect(configFromAttributes([{ name: "data-gudes", value: "/x.json" }]).unknown).toEqual([
      "data-gudes",
    ]);
  });

  it("fills in the defaults of SPEC §2", () => {
    const resolved = resolveConfig({ guides: "/g.json" }, "https://app.example.com/");
    expect(resolved.consent).toBe("ask");
    expect(resolved.retention).toEqual({ days: 30, maxEvents: 10000 });
    expect(resolved.debug).toBe(false);
    expect(resolved.trace.requestIdHeaders).toContain("x-request-id");
  });
});
