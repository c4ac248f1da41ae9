import { fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { aggregateInsights } from "../../../src/insights/aggregate";
import type { WaymarkEvent } from "../../../src/store/records";
import { Insights } from "../../../src/ui/Insights";
import { DEFAULT_LABELS } from "../../../src/ui/labels";

const e = (
  session: string,
  ts: number,
  type: WaymarkEvent["type"],
  extra: Partial<WaymarkEvent> = {},
): WaymarkEvent => ({ id: `${session}${ts}${type}`, v: 1, session, ts, type, ...extra });
const events = [
  e("s1", 0, "step.show", { guide: "g", step: "a" }),
  e("s1", 1000, "step.done", { guide: "g", step: "a" }),
  e("s1", 1000, "step.show", { guide: "g", step: "b" }),
  e("s1", 1500, "stall", { guide: "g", step: "b", reason: "dwell" }),
  e("s2", 0, "step.show", { guide: "g", step: "a" }),
  e("s2", 10, "failure", { kind: "request", signature: "request:POST /api/pay 402" }),
];

function setup() {
  const onClose = vi.fn();
  const onDelete = vi.fn(() => Promise.resolve());
  render(
    <Insights
      data={aggregateInsights(events, { stepOrder: { g: ["a", "b"] } })}
      titles={{ g: "Guide G" }}
      labels={DEFAULT_LABELS}
      onClose={onClose}
      onDelete={onDelete}
    />,
  );
  return { onClose, onDelete };
}

describe("Insights panel", () => {
  it("is a modal dialog named Insights with its actions", () => {
    setup();
    const dialog = screen.getByRole("dialog", { name: "Insights" });
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    for (const name of ["Close", "Export JSON", "Export CSV", "Delete my data"])
      expect(screen.getByRole("button", { name })).toBeTruthy();
  });

  it("draws each chart as a named image with a table of the same numbers", () => {
    setup();
    expect(screen.getByRole("heading", { name: "Guide G" })).toBeTruthy();
    const funnel = screen.getAllByRole("img", { name: "Sessions reaching each step" })[0]!;
    expect([...funnel.querySelectorAll("rect")].map((r) => r.getAttribute("data-value"))).toEqual([
      "2",
      "1",
    ]);
    expect(screen.getByRole("img", { name: "Stalls per step, by reason" })).toBeTruthy();
    expect(
      screen.getByRole("img", {
        name: "Help for each failure: shown, followed, resolved, reported",
      }),
    ).toBeTruthy();
    const table = screen.getAllByRole("table")[0]!;
    expect(table.textContent).toContain("a2");
  });

  it("asks before deleting, then deletes and says so", async () => {
    const { onDelete } = setup();
    fireEvent.click(screen.getByRole("button", { name: "Delete my data" }));
    expect(onDelete).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("button", { name: "Delete" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Delete my data" }));
    fireEvent.click(screen.getByRole("button", { name: "Delete" }));
    expect(onDelete).toHaveBeenCalledOnce();
    await waitFor(() => expect(screen.getByText("Your data was deleted.")).toBeTruthy());
  });

  it("closes with Close and with Escape", () => {
    const { onClose } = setup();
    fireEvent.click(screen.getByRole("button", { name: "Close" }));
    fireEvent.keyDown(screen.getByRole("dialog", { name: "Insights" }), { key: "Escape" });
    expect(onClose).toHaveBeenCalledTimes(2);
  });
});
