import { describe, expect, it } from "vitest";
import { parsePlacement, placePopover } from "../../../src/tour/placement";

const viewport = { width: 1000, height: 800 };
const popover = { width: 300, height: 150 };

describe("placePopover", () => {
  it("centres a step without a target", () => {
    expect(placePopover(null, popover, viewport)).toEqual({
      x: 350,
      y: 325,
      side: "center",
      align: "center",
    });
  });

  it.each([
    ["bottom", { x: 400, y: 300, width: 200, height: 40 }, { side: "bottom", x: 350, y: 352 }],
    ["top", { x: 400, y: 300, width: 200, height: 40 }, { side: "top", x: 350, y: 138 }],
    ["right", { x: 100, y: 300, width: 200, height: 40 }, { side: "right", x: 312, y: 245 }],
    ["left", { x: 600, y: 300, width: 200, height: 40 }, { side: "left", x: 288, y: 245 }],
  ])("puts the popover on the preferred side %s when it fits", (placement, target, expected) => {
    expect(placePopover(target, popover, viewport, placement)).toMatchObject(expected);
  });

  it("flips to the opposite side when the preferred one has no room", () => {
    const nearTop = { x: 400, y: 20, width: 200, height: 40 };
    expect(placePopover(nearTop, popover, viewport, "top").side).toBe("bottom");
  });

  it("uses best fit (bottom first) without a placement", () => {
    expect(placePopover({ x: 10, y: 700, width: 50, height: 40 }, popover, viewport).side).toBe(
      "top",
    );
  });

  it("aligns start and end edges", () => {
    const target = { x: 400, y: 300, width: 200, height: 40 };
    expect(placePopover(target, popover, viewport, "bottom-start").x).toBe(400);
    expect(placePopover(target, popover, viewport, "bottom-end").x).toBe(300);
  });

  it("keeps the popover inside a 320 px viewport", () => {
    const small = { width: 320, height: 640 };
    const pos = placePopover(
      { x: 250, y: 100, width: 60, height: 30 },
      { width: 304, height: 200 },
      small,
      "right",
    );
    expect(pos.x).toBeGreaterThanOrEqual(8);
    expect(pos.x + 304).toBeLessThanOrEqual(320 - 8 + 0.001);
  });

  it("parses placements and ignores nonsense", () => {
    expect(parsePlacement("left-end")).toEqual({ side: "left", align: "end" });
    expect(parsePlacement("middle")).toEqual({ align: "center" });
    expect(parsePlacement(undefined)).toEqual({ align: "center" });
  });
});
