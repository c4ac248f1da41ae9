import { fireEvent, render, screen } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import type { ReportView } from "../../../src/state";
import { DEFAULT_LABELS } from "../../../src/ui/labels";
import { ReportPreview } from "../../../src/ui/ReportPreview";

const json = JSON.stringify(
  { schemaVersion: 1, note: "", url: "https://app.example/billing" },
  null,
  2,
);
const view = (overrides: Partial<ReportView> = {}): ReportView => ({
  json,
  note: "",
  destination: "this site",
  phase: "editing",
  ...overrides,
});

function setup(overrides: Partial<ReportView> = {}) {
  const actions = { note: vi.fn(), send: vi.fn(), cancel: vi.fn() };
  const result = render(
    <ReportPreview view={view(overrides)} labels={DEFAULT_LABELS} actions={actions} />,
  );
  return { actions, ...result };
}

describe("ReportPreview", () => {
  it("is a modal dialog named 'Report a problem' showing exactly the JSON in a read-only region", () => {
    setup();
    const dialog = screen.getByRole("dialog", { name: "Report a problem" });
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    const region = screen.getByRole("region", { name: "Report contents" });
    expect(region.textContent).toBe(json);
    expect(region.tagName).toBe("PRE");
  });

  it("says that nothing is sent yet and that Send is the user's consent, naming the destination", () => {
    setup({ destination: "support.example.com" });
    const dialog = screen.getByRole("dialog", { name: "Report a problem" });
    const intro =
      document.getElementById(dialog.getAttribute("aria-describedby") ?? "")!.textContent ?? "";
    expect(intro).toMatch(/Nothing has been sent yet/);
    expect(intro).toMatch(/support\.example\.com/);
    expect(intro).toMatch(/Pressing Send is your consent/);
  });

  it("has a labelled note field, focused first, that reports what the user types", () => {
    const { actions } = setup();
    const note = screen.getByLabelText("What happened? (optional)");
    expect(document.activeElement).toBe(note);
    fireEvent.input(note, { target: { value: "The pay button does nothing" } });
    expect(actions.note).toHaveBeenCalledWith("The pay button does nothing");
  });

  it("has Send and Cancel; Esc cancels", () => {
    const { actions } = setup();
    fireEvent.click(screen.getByRole("button", { name: "Send" }));
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    fireEvent.keyDown(screen.getByRole("dialog"), { key: "Escape" });
    expect(actions.send).toHaveBeenCalledOnce();
    expect(actions.cancel).toHaveBeenCalledTimes(2);
  });

  it("keeps Tab inside the dialog", () => {
    setup();
    const dialog = screen.getByRole("dialog");
    const send = screen.getByRole("button", { name: "Send" });
    const note = screen.getByLabelText("What happened? (optional)");
    send.focus();
    fireEvent.keyDown(dialog, { key: "Tab" });
    expect(document.activeElement).toBe(note);
    note.focus();
    fireEvent.keyDown(dialog, { key: "Tab", shiftKey: true });
    expect(document.activeElement).toBe(send);
  });

  it("while sending, says so and ignores a second Send", () => {
    const { actions } = setup({ phase: "sending" });
    expect(screen.getByRole("status").textContent).toBe("Sending…");
    fireEvent.click(screen.getByRole("button", { name: "Send" }));
    expect(actions.send).not.toHaveBeenCalled();
  });

  it("shows why sending failed", () => {
    setup({
      phase: "failed",
      message: "Your report could not be sent (HTTP 500). You can try again.",
    });
    expect(screen.getByRole("status").textContent).toMatch(/HTTP 500/);
  });
});
