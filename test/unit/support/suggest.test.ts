import { describe, expect, it } from "vitest";
import type { Guide } from "../../../src/guide/schema";
import { findHelp, guidesForPage, helpView } from "../../../src/support/suggest";

const guides: Guide[] = [
  {
    id: "first-invoice",
    title: { en: "Send your first invoice", de: "Erste Rechnung" },
    summary: "Two minutes.",
    start: { page: "/invoices" },
    steps: [{ id: "a", title: "A" }],
  },
  {
    id: "update-card",
    title: "Update your card",
    start: { all: [{ page: "/billing/**" }, { event: "x" }] },
    steps: [{ id: "a", title: "A" }],
  },
  {
    id: "on-request",
    title: "Customers tour",
    steps: [{ id: "a", title: "A", page: "/customers" }],
  },
  {
    id: "billing-help",
    title: "Billing help",
    help: [
      {
        id: "card-declined",
        when: { request: { url: "/api/payments/**", status: [402] } },
        title: { en: "Your card was declined" },
        body: "Try **another** card.",
        actions: [
          { label: "Show me how", guide: "update-card", step: "a" },
          { label: "Payment docs", href: "https://docs.example.com/billing" },
          { label: "Still stuck? Report it", report: true },
        ],
      },
    ],
  },
];

describe("guidesForPage", () => {
  it("offers tours whose start or first step belongs to this page, localized", () => {
    expect(guidesForPage(guides, "/invoices", "de")).toEqual([
      { id: "first-invoice", title: "Erste Rechnung", summary: "Two minutes." },
    ]);
    expect(guidesForPage(guides, "/billing/cards", "en").map((g) => g.id)).toEqual(["update-card"]);
    expect(guidesForPage(guides, "/customers", "en").map((g) => g.id)).toEqual(["on-request"]);
    expect(guidesForPage(guides, "/settings", "en")).toEqual([]);
  });
});

describe("helpView", () => {
  it("localizes a help entry and keeps its actions", () => {
    const help = findHelp(guides, "card-declined");
    expect(help).toBeDefined();
    expect(helpView(help!, "en")).toEqual({
      id: "card-declined",
      title: "Your card was declined",
      body: "Try **another** card.",
      actions: [
        { label: "Show me how", kind: "guide", guide: "update-card", step: "a" },
        { label: "Payment docs", kind: "href", href: "https://docs.example.com/billing" },
        { label: "Still stuck? Report it", kind: "report" },
      ],
    });
    expect(findHelp(guides, "nope")).toBeUndefined();
  });
});
