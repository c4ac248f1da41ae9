import { useEffect, useLayoutEffect, useRef } from "preact/hooks";
import { safeHref } from "../guide/markdown";
import type { StepView } from "../state";
import { placePopover, type Rect } from "../tour/placement";
import { label, type Labels } from "./labels";
import { Markdown } from "./Markdown";

export interface StepActions {
  next(): void;
  back(): void;
  close(): void;
  showMe(): void;
}

export interface StepDialogProps {
  view: StepView;
  labels: Labels;
  actions: StepActions;
  /** The target's current box in viewport coordinates, or null for a centred step. */
  targetRect(): Rect | null;
  /** Gives the tour a way to ask for re-positioning (scroll, resize, target moved). */
  onPositioner(reposition: (() => void) | null): void;
}

let nextId = 0;

/**
 * One tour step: a dialog named by the step title, with Back / Next (Done) / Show me / Close.
 * Guide text is rendered as text and the Markdown subset, never as HTML.
 */
export function StepDialog({ view, labels, actions, targetRect, onPositioner }: StepDialogProps) {
  const ref = useRef<HTMLDivElement>(null);
  const ids = useRef(`wm-${++nextId}`);
  const titleId = `${ids.current}-title`;
  const bodyId = `${ids.current}-body`;

  // Position next to the target: measure (read) first, then write once.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const reposition = () => {
      const box = el.getBoundingClientRect();
      const win = el.ownerDocument.defaultView!;
      const target = view.mode === "anchored" ? targetRect() : null;
      const pos = placePopover(
        target,
        { width: box.width, height: box.height },
        { width: win.innerWidth, height: win.innerHeight },
        view.placement,
      );
      el.style.transform = `translate(${Math.round(pos.x)}px, ${Math.round(pos.y)}px)`;
      el.dataset.side = pos.side;
      el.setAttribute("data-placed", "");
    };
    reposition();
    onPositioner(reposition);
    return () => onPositioner(null);
  }, [view]);

  // Move focus into the step when it changes, so keyboard and screen-reader users follow along
  // (in the same commit that shows it, so it never shows without focus).
  useLayoutEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, [view.guideId, view.stepId]);

  // A stall nudge emphasises "Show me"; it takes focus only from the step itself, never from
  // the field the user is working in.
  const showMeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!view.nudge || !dialog) return;
    const active = (dialog.getRootNode() as ShadowRoot).activeElement;
    const pageActive = dialog.ownerDocument.activeElement;
    const onPage =
      pageActive && pageActive !== dialog.ownerDocument.body && !(pageActive as Element).shadowRoot;
    if ((active === null || dialog.contains(active)) && !onPage)
      showMeRef.current?.focus({ preventScroll: true });
  }, [view.nudge]);

  const primary = view.isLast ? labels.done : labels.next;
  return (
    <div
      ref={ref}
      class="wm-step"
      role="dialog"
      aria-modal={view.mode === "centered" ? "true" : undefined}
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      tabIndex={-1}
      data-waymark-step={view.stepId}
      data-mode={view.mode}
    >
      <button type="button" class="wm-close" aria-label={labels.close} onClick={actions.close}>
        ×
      </button>
      <h2 class="wm-title" id={titleId}>
        {view.title}
      </h2>
      <div class="wm-body" id={bodyId}>
        {view.body ? <Markdown source={view.body} /> : null}
        {view.notice ? <p class="wm-notice">{view.notice}</p> : null}
        {view.mode === "elsewhere" && view.pageLink && safeHref(view.pageLink) ? (
          <p>
            {/* The validator refuses other schemes in `page`; the link re-checks, as HelpCard does. */}
            <a class="wm-link" href={safeHref(view.pageLink) ?? undefined}>
              {labels.goToPage}
            </a>
          </p>
        ) : null}
      </div>
      <div class="wm-footer">
        <span class="wm-progress">
          {label(labels.progress, { current: view.index, total: view.total })}
        </span>
        {view.canGoBack ? (
          <button type="button" class="wm-btn" onClick={actions.back}>
            {labels.back}
          </button>
        ) : null}
        {view.hasDemo ? (
          <button
            ref={showMeRef}
            type="button"
            class={view.nudge ? "wm-btn wm-primary wm-nudge" : "wm-btn"}
            onClick={actions.showMe}
          >
            {labels.showMe}
          </button>
        ) : null}
        {view.usesNext ? (
          <button type="button" class="wm-btn wm-primary" onClick={actions.next}>
            {primary}
          </button>
        ) : null}
      </div>
    </div>
  );
}
