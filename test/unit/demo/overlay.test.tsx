import { fireEvent, render, screen } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import type { DemoView } from "../../../src/state";
import { DemoOverlay } from "../../../src/ui/DemoOverlay";
import { DEFAULT_LABELS } from "../../../src/ui/labels";

const view = (overrides: Partial<DemoView> = {}): DemoView => ({
  guideId: "g",
  stepId: "amount",
  title: "Enter the amount",
  status: "playing",
  index: 2,
  total: 4,
  pointer: { x: 40, y: 60 },
  glideMs: 650,
  presses: 0,
  targetRect: { x: 10, y: 50, width: 200, height: 30 },
  caption: "The preview **updates**.",
  speed: 1,
  reducedMotion: false,
  ...overrides,
});

function setup(overrides: Partial<DemoView> = {}) {
  const actions = {
    pause: vi.fn(),
    resume: vi.fn(),
    stop: vi.fn(),
    replay: vi.fn(),
    setSpeed: vi.fn(),
  };
  const result = render(
    <DemoOverlay view={view(overrides)} labels={DEFAULT_LABELS} actions={actions} />,
  );
  return { actions, ...result };
}

describe("DemoOverlay", () => {
  it('has a toolbar "Demo controls" with Pause, Stop, Replay and the speeds; Pause has focus', () => {
    const { actions } = setup();
    const toolbar = screen.getByRole("toolbar", { name: "Demo controls" });
    expect(toolbar).toBeTruthy();
    expect(document.activeElement?.textContent).toBe("Pause");
    fireEvent.click(screen.getByRole("button", { name: "Pause" }));
    fireEvent.click(screen.getByRole("button", { name: "Stop" }));
    fireEvent.click(screen.getByRole("button", { name: "Replay" }));
    fireEvent.click(screen.getByRole("button", { name: "2×" }));
    expect(actions.pause).toHaveBeenCalledOnce();
    expect(actions.stop).toHaveBeenCalledOnce();
    expect(actions.replay).toHaveBeenCalledOnce();
    expect(actions.setSpeed).toHaveBeenCalledWith(2);
    expect(screen.getByRole("button", { name: "1×" }).getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByRole("group", { name: "Speed" })).toBeTruthy();
  });

  it('offers "Resume" while paused', () => {
    const { actions } = setup({ status: "paused" });
    fireEvent.click(screen.getByRole("button", { name: "Resume" }));
    expect(actions.resume).toHaveBeenCalledOnce();
  });

  it("draws the pointer at its place, hidden from assistive technology, and the caption as Markdown", () => {
    const { container } = setup();
    const pointer = container.querySelector<HTMLElement>(".wm-demo-pointer")!;
    expect(pointer.getAttribute("aria-hidden")).toBe("true");
    expect(pointer.style.transform).toBe("translate(40px, 60px)");
    expect(pointer.style.transitionDuration).toBe("650ms");
    expect(container.querySelector(".wm-demo-caption strong")?.textContent).toBe("updates");
    expect(screen.getByText("Showing how: Enter the amount")).toBeTruthy();
    expect(screen.getByText("Action 2 of 4")).toBeTruthy();
  });

  it("does not glide with reduced motion", () => {
    const { container } = setup({ reducedMotion: true });
    expect(container.querySelector<HTMLElement>(".wm-demo-pointer")!.style.transitionDuration).toBe(
      "0ms",
    );
  });

  it("moves between its buttons with the arrow keys", () => {
    setup();
    const pause = screen.getByRole("button", { name: "Pause" });
    pause.focus();
    fireEvent.keyDown(pause, { key: "ArrowRight" });
    expect(document.activeElement?.textContent).toBe("Stop");
    fireEvent.keyDown(document.activeElement!, { key: "ArrowLeft" });
    fireEvent.keyDown(document.activeElement!, { key: "ArrowLeft" });
    expect(document.activeElement?.textContent).toBe("2×");
  });
});
