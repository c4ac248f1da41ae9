import { afterEach, describe, expect, it, vi } from "vitest";
import type { Guide, Step } from "../../../src/guide/schema";
import { createDemoSession } from "../../../src/demo/session";
import { createStateStore } from "../../../src/state";
import { DEFAULT_LABELS } from "../../../src/ui/labels";

function field() {
  document.body.textContent = "";
  const input = document.createElement("input");
  input.id = "name";
  input.getBoundingClientRect = () =>
    ({
      x: 0,
      y: 0,
      left: 0,
      top: 0,
      width: 100,
      height: 20,
      right: 100,
      bottom: 20,
      toJSON() {},
    }) as DOMRect;
  (input as HTMLElement & { checkVisibility?: () => boolean }).checkVisibility = () => true;
  document.body.appendChild(input);
  return input;
}

const step: Step = {
  id: "name",
  title: "Name your key",
  demo: [
    { do: "type", target: "#name", text: "Accounting export" },
    { do: "say", text: "Done." },
  ],
};
const guide: Guide = { id: "keys", title: "Keys", steps: [step] } as Guide;

function setup() {
  const state = createStateStore();
  const record = vi.fn();
  const ended = vi.fn();
  const session = createDemoSession({
    win: window,
    state,
    labels: DEFAULT_LABELS,
    locale: () => "en",
    record,
    misuse: vi.fn(),
    fileOf: () => "keys.json",
    defaultWaitMs: 100,
    ended,
  });
  return { state, record, ended, session };
}

let destroy: (() => void) | undefined;
afterEach(() => destroy?.());

describe("a demo session", () => {
  it("puts the demo in the state, records demo.play, and stays 'playing' until the values are back", async () => {
    const input = field();
    const { state, record, ended, session } = setup();
    destroy = session.destroy;
    const playing = session.play(guide, step);
    expect(state.getState().demo).toMatchObject({
      guideId: "keys",
      stepId: "name",
      title: "Name your key",
      status: "playing",
      total: 2,
    });
    expect(record).toHaveBeenCalledWith({ type: "demo.play", guide: "keys", step: "name" });
    expect(session.playing()).toBe(true);
    await vi.waitFor(() => expect(input.value.length).toBeGreaterThan(2), { timeout: 3000 });
    session.pause();
    expect(state.getState().demo?.status).toBe("paused");
    expect(state.getState().announcement).toBe("Demo paused.");
    session.stop();
    await playing;
    expect(session.playing()).toBe(false);
    expect(input.value).toBe("");
    expect(state.getState().demo ?? null).toBeNull();
    expect(ended).toHaveBeenCalledWith(
      expect.objectContaining({ status: "stopped", restored: true }),
      guide,
      step,
      "Demo stopped. Your own values are back.",
    );
  });

  it("stops on Escape, before the tour's own Esc handling sees it", async () => {
    field();
    const { session } = setup();
    destroy = session.destroy;
    const tourEsc = vi.fn();
    window.addEventListener("keydown", tourEsc);
    const playing = session.play(guide, step);
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape" }));
    await playing;
    window.removeEventListener("keydown", tourEsc);
    expect(session.playing()).toBe(false);
    expect(tourEsc).not.toHaveBeenCalled();
  });

  it("changes speed only to the offered values", () => {
    field();
    const { state, session } = setup();
    destroy = session.destroy;
    void session.play(guide, step);
    session.setSpeed(2);
    expect(state.getState().demo?.speed).toBe(2);
    session.setSpeed(7);
    expect(state.getState().demo?.speed).toBe(2);
  });
});
