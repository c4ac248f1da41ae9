import { fireEvent, render, screen } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import type { SupportView } from "../../../src/state";
import { DEFAULT_LABELS } from "../../../src/ui/labels";
import { SupportPanel } from "../../../src/ui/SupportPanel";

const view = (overrides: Partial<SupportView> = {}): SupportView => ({
  help: [
    {
      id: "card-declined",
      title: "Your card was declined",
      body: "Try **another** card.",
      actions: [
        { label: "Show me how", kind: "guide", guide: "update-card" },
        { label: "Payment docs", kind: "href", href: "https://docs.example.com/billing" },
      ],
    },
  ],
  guides: [{ id: "first-invoice", title: "Send your first invoice", summary: "Two minutes." }],
  canContinue: true,
  ...overrides,
});

function setup(overrides: Partial<SupportView> = {}) {
  const actions = {
    close: vi.fn(),
    startGuide: vi.fn(),
    openReport: vi.fn(),
    continueSupport: vi.fn(),
  };
  render(<SupportPanel view={view(overrides)} labels={DEFAULT_LABELS} actions={actions} />);
  return actions;
}

describe("SupportPanel", () => {
  it("is a dialog named 'Before you contact us' that takes focus", () => {
    setup();
    const dialog = screen.getByRole("dialog", { name: "Before you contact us" });
    expect(document.activeElement).toBe(dialog);
  });

  it("offers the matching help first, then the guides for this page", () => {
    const actions = setup();
    const headings = screen.getAllByRole("heading").map((h) => h.textContent);
    expect(headings).toEqual([
      "Before you contact us",
      "About what just happened",
      "Guides for this page",
      "Still need help?",
    ]);
    expect(screen.getByText("another").tagName).toBe("STRONG");
    fireEvent.click(screen.getByRole("button", { name: "Show me how" }));
    expect(actions.startGuide).toHaveBeenCalledWith("update-card", undefined);
    expect(screen.getByRole("link", { name: "Payment docs" }).getAttribute("href")).toBe(
      "https://docs.example.com/billing",
    );
    fireEvent.click(screen.getByRole("button", { name: "Start: Send your first invoice" }));
    expect(actions.startGuide).toHaveBeenLastCalledWith("first-invoice");
  });

  it("'Still need help?' leads to the report preview or to the site's own contact action", () => {
    const actions = setup();
    fireEvent.click(screen.getByRole("button", { name: "Report a problem" }));
    fireEvent.click(screen.getByRole("button", { name: "Contact support" }));
    expect(actions.openReport).toHaveBeenCalledOnce();
    expect(actions.continueSupport).toHaveBeenCalledOnce();
  });

  it("has no 'Contact support' when opened by Waymark.support(), and says when there is nothing to offer", () => {
    setup({ help: [], guides: [], canContinue: false });
    expect(screen.queryByRole("button", { name: "Contact support" })).toBeNull();
    expect(screen.getByText("We found no help for this page yet.")).toBeTruthy();
  });

  it("closes with Esc and with Close", () => {
    const actions = setup();
    fireEvent.keyDown(screen.getByRole("dialog"), { key: "Escape" });
    fireEvent.click(screen.getByRole("button", { name: "Close" }));
    expect(actions.close).toHaveBeenCalledTimes(2);
  });
});
