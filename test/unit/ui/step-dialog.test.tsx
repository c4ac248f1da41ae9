import { fireEvent, render, screen } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import type { StepView } from "../../../src/state";
import { DEFAULT_LABELS } from "../../../src/ui/labels";
import { StepDialog } from "../../../src/ui/StepDialog";

const view = (overrides: Partial<StepView> = {}): StepView => ({
  guideId: "g",
  stepId: "customer",
  title: "Pick a customer",
  body: "Choose **who** you are billing.",
  index: 2,
  total: 5,
  canGoBack: true,
  usesNext: true,
  isLast: false,
  hasDemo: false,
  mode: "anchored",
  ...overrides,
});

function setup(overrides: Partial<StepView> = {}) {
  const actions = { next: vi.fn(), back: vi.fn(), close: vi.fn(), showMe: vi.fn() };
  render(
    <StepDialog
      view={view(overrides)}
      labels={DEFAULT_LABELS}
      actions={actions}
      targetRect={() => null}
      onPositioner={() => {}}
    />,
  );
  return actions;
}

describe("StepDialog", () => {
  it("is a dialog named by the step title, described by its body", () => {
    setup();
    const dialog = screen.getByRole("dialog", { name: "Pick a customer" });
    const description = document.getElementById(dialog.getAttribute("aria-describedby") ?? "");
    expect(description?.textContent).toBe("Choose who you are billing.");
    expect(screen.getByText("who").tagName).toBe("STRONG");
    expect(screen.getByText("2 of 5")).toBeTruthy();
  });

  it("has Back, Next and Close buttons that do what they say", () => {
    const actions = setup();
    fireEvent.click(screen.getByRole("button", { name: "Next" }));
    fireEvent.click(screen.getByRole("button", { name: "Back" }));
    fireEvent.click(screen.getByRole("button", { name: "Close" }));
    expect(actions.next).toHaveBeenCalledOnce();
    expect(actions.back).toHaveBeenCalledOnce();
    expect(actions.close).toHaveBeenCalledOnce();
  });

  it('says "Done" on the last step and has no Back on the first', () => {
    setup({ isLast: true, canGoBack: false });
    expect(screen.getByRole("button", { name: "Done" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Back" })).toBeNull();
  });

  it('offers "Show me" only when the step has a demo', () => {
    setup({ hasDemo: true });
    expect(screen.getByRole("button", { name: "Show me" })).toBeTruthy();
  });

  it("hides Next when the user must act on the page, and says so", () => {
    setup({ usesNext: false, notice: DEFAULT_LABELS.doTheAction });
    expect(screen.queryByRole("button", { name: "Next" })).toBeNull();
    expect(screen.getByText(DEFAULT_LABELS.doTheAction)).toBeTruthy();
  });

  it("shows HTML in guide text as characters, never as markup", () => {
    setup({ title: "<img src=x onerror=alert(1)> Hi", body: "<b>bold?</b>" });
    expect(screen.getByRole("dialog", { name: "<img src=x onerror=alert(1)> Hi" })).toBeTruthy();
    expect(document.querySelector("img")).toBeNull();
    expect(document.querySelector("b")).toBeNull();
    expect(screen.getByText("<b>bold?</b>")).toBeTruthy();
  });

  it("links to the step's page when it lives elsewhere", () => {
    setup({ mode: "elsewhere", pageLink: "/app/customers", notice: DEFAULT_LABELS.elsewhere });
    expect(screen.getByRole("link", { name: DEFAULT_LABELS.goToPage }).getAttribute("href")).toBe(
      "/app/customers",
    );
  });

  it("uses localized labels", () => {
    const actions = { next: vi.fn(), back: vi.fn(), close: vi.fn(), showMe: vi.fn() };
    render(
      <StepDialog
        view={view()}
        labels={{ ...DEFAULT_LABELS, next: "Weiter", back: "Zurück", close: "Schließen" }}
        actions={actions}
        targetRect={() => null}
        onPositioner={() => {}}
      />,
    );
    expect(screen.getByRole("button", { name: "Weiter" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Schließen" })).toBeTruthy();
  });
});
