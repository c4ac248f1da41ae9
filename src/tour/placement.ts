/**
 * Where a step's popover goes: next to its target on the preferred side if it fits, else the
 * opposite side, else whichever side has the most room, always kept inside the viewport.
 * Pure geometry, no DOM: the caller measures and writes once per frame.
 */

export type Side = "top" | "right" | "bottom" | "left";
export type Align = "start" | "center" | "end";

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface Position {
  x: number;
  y: number;
  side: Side | "center";
  align: Align;
}

const OPPOSITE: Record<Side, Side> = { top: "bottom", bottom: "top", left: "right", right: "left" };

/** Parses a `placement` such as `"bottom-start"`; unknown values mean "best fit". */
export function parsePlacement(placement: string | undefined): { side?: Side; align: Align } {
  if (!placement) return { align: "center" };
  const [side, align] = placement.split("-") as [string, string | undefined];
  const validSide =
    side === "top" || side === "right" || side === "bottom" || side === "left" ? side : undefined;
  const validAlign: Align = align === "start" || align === "end" ? align : "center";
  return validSide ? { side: validSide, align: validAlign } : { align: validAlign };
}

function room(side: Side, target: Rect, viewport: Size): number {
  switch (side) {
    case "top":
      return target.y;
    case "bottom":
      return viewport.height - (target.y + target.height);
    case "left":
      return target.x;
    case "right":
      return viewport.width - (target.x + target.width);
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(value, Math.max(min, max)));
}

/**
 * Computes the popover's top-left corner. With no target (a modal step), it is centred.
 * `gap` is the space between target and popover, `margin` the minimum distance to the
 * viewport's edges.
 */
export function placePopover(
  target: Rect | null,
  popover: Size,
  viewport: Size,
  placement?: string,
  gap = 12,
  margin = 8,
): Position {
  const maxX = viewport.width - popover.width - margin;
  const maxY = viewport.height - popover.height - margin;
  if (!target) {
    return {
      x: clamp((viewport.width - popover.width) / 2, margin, maxX),
      y: clamp((viewport.height - popover.height) / 2, margin, maxY),
      side: "center",
      align: "center",
    };
  }
  const { side: preferred, align } = parsePlacement(placement);
  const need = (side: Side) =>
    (side === "top" || side === "bottom" ? popover.height : popover.width) + gap + margin;
  const order: Side[] = preferred
    ? [
        preferred,
        OPPOSITE[preferred],
        ...(["bottom", "top", "right", "left"] as Side[]).filter(
          (s) => s !== preferred && s !== OPPOSITE[preferred],
        ),
      ]
    : ["bottom", "top", "right", "left"];
  let side = order.find((s) => room(s, target, viewport) >= need(s));
  // Nothing fits (a huge target or a tiny viewport): use the side with the most room; the
  // clamping below keeps the popover on screen even if it then overlaps the target.
  side ??= order.reduce((best, s) =>
    room(s, target, viewport) > room(best, target, viewport) ? s : best,
  );

  let x: number;
  let y: number;
  if (side === "top" || side === "bottom") {
    y = side === "top" ? target.y - gap - popover.height : target.y + target.height + gap;
    x =
      align === "start"
        ? target.x
        : align === "end"
          ? target.x + target.width - popover.width
          : target.x + target.width / 2 - popover.width / 2;
  } else {
    x = side === "left" ? target.x - gap - popover.width : target.x + target.width + gap;
    y =
      align === "start"
        ? target.y
        : align === "end"
          ? target.y + target.height - popover.height
          : target.y + target.height / 2 - popover.height / 2;
  }
  return { x: clamp(x, margin, maxX), y: clamp(y, margin, maxY), side, align };
}
