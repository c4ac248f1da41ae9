import { useLayoutEffect, useRef } from "preact/hooks";
import { safeHref } from "../guide/markdown";
import type { HelpView } from "../state";
import { placePopover, type Rect } from "../tour/placement";
import type { Labels } from "./labels";
import { Markdown } from "./Markdown";

export interface HelpActions {
  act(index: number): void;
  dismiss(): void;
}

export interface HelpCardProps {
  view: HelpView;
  labels: Labels;
  actions: HelpActions;
  /** The box of the element the help is about, viewport pixels, or null (corner card). */
  anchorRect(): Rect | null;
}

let nextId = 0;
const MARGIN = 16;

const overlaps = (a: Rect, b: Rect) =>
  a.x < b.x + b.width && a.x + a.width > b.x && a.y < b.y + b.height && a.y + a.height > b.y;

/**
 * Where the card goes: beside its anchor (preferring the right, then below, above, left),
 * never over it; if no side has room, the viewport corner farthest from the anchor.
 */
export function placeHelpCard(
  anchor: Rect | null,
  card: { width: number; height: number },
  viewport: { width: number; height: number },
): { x: number; y: number; side: string } {
  const corner = (c: "bottom-right" | "bottom-left" | "top-right" | "top-left") => ({
    x: c.endsWith("right") ? viewport.width - card.width - MARGIN : MARGIN,
    y: c.startsWith("bottom") ? viewport.height - card.height - MARGIN : MARGIN,
    side: c,
  });
  if (!anchor) return corner("bottom-right");
  for (const side of ["right", "bottom", "top", "left"] as const) {
    const pos = placePopover(anchor, card, viewport, `${side}-start`);
    if (pos.side === side && !overlaps({ ...pos, ...card }, anchor))
      return { x: pos.x, y: pos.y, side };
  }
  const corners = (["bottom-right", "bottom-left", "top-right", "top-left"] as const).map(corner);
  return corners.find((c) => !overlaps({ ...c, ...card }, anchor)) ?? corners[0]!;
}

/**
 * A help card: a non-modal dialog named by the help title, with the help's actions as buttons
 * (guide, report) or links (href) named by their labels, and a "Dismiss" button. It does not
 * take focus (the user may be typing in the field it is about); the live region announces it.
 */
export function HelpCard({ view, labels, actions, anchorRect }: HelpCardProps) {
  const ref = useRef<HTMLDivElement>(null);
  const ringRef = useRef<HTMLDivElement>(null);
  const ids = useRef(`wm-help-${++nextId}`);
  const titleId = `${ids.current}-title`;
  const bodyId = `${ids.current}-body`;

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const win = el.ownerDocument.defaultView!;
    let frame = 0;
    const reposition = () => {
      frame = 0;
      const anchor = view.mode === "anchored" ? anchorRect() : null;
      const box = el.getBoundingClientRect();
      const pos = placeHelpCard(
        anchor,
        { width: box.width, height: box.height },
        { width: win.innerWidth, height: win.innerHeight },
      );
      el.style.transform = `translate(${Math.round(pos.x)}px, ${Math.round(pos.y)}px)`;
      el.dataset.side = pos.side;
      el.setAttribute("data-placed", "");
      const ring = ringRef.current;
      if (ring) {
        ring.hidden = !anchor;
        if (anchor) {
          ring.style.transform = `translate(${Math.round(anchor.x - 4)}px, ${Math.round(anchor.y - 4)}px)`;
          ring.style.width = `${Math.round(anchor.width + 8)}px`;
          ring.style.height = `${Math.round(anchor.height + 8)}px`;
        }
      }
    };
    const schedule = () => {
      if (!frame) frame = win.requestAnimationFrame(reposition);
    };
    reposition();
    win.addEventListener("scroll", schedule, { capture: true, passive: true });
    win.addEventListener("resize", schedule, { passive: true });
    // The page may re-render around the anchor (errors appear under fields): follow it.
    const timer = win.setInterval(schedule, 250);
    return () => {
      win.removeEventListener("scroll", schedule, { capture: true });
      win.removeEventListener("resize", schedule);
      win.clearInterval(timer);
      if (frame) win.cancelAnimationFrame(frame);
    };
  }, [view.key]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape") {
      event.stopPropagation();
      actions.dismiss();
    }
  };

  return (
    <>
      {view.highlight ? <div ref={ringRef} class="wm-help-ring" aria-hidden="true" hidden /> : null}
      <div
        ref={ref}
        class="wm-help"
        role="dialog"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        data-waymark-help={view.id}
        data-mode={view.mode}
        data-incident={view.incident ? "" : undefined}
        onKeyDown={onKeyDown}
      >
        <h2 class="wm-title" id={titleId}>
          {view.title}
        </h2>
        <div class="wm-body" id={bodyId}>
          {view.body ? <Markdown source={view.body} /> : null}
        </div>
        <div class="wm-footer">
          {view.actions.map((action, index) => {
            const href = action.kind === "href" && action.href ? safeHref(action.href) : null;
            return href ? (
              <a
                key={index}
                class="wm-btn"
                href={href}
                target="_blank"
                rel="noopener noreferrer"
                onClick={() => actions.act(index)}
              >
                {action.label}
              </a>
            ) : action.kind === "href" ? null : (
              <button
                key={index}
                type="button"
                class={index === 0 ? "wm-btn wm-primary" : "wm-btn"}
                onClick={() => actions.act(index)}
              >
                {action.label}
              </button>
            );
          })}
          <button type="button" class="wm-btn wm-dismiss" onClick={actions.dismiss}>
            {labels.dismiss}
          </button>
        </div>
      </div>
    </>
  );
}
