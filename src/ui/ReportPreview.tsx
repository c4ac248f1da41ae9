import { useEffect, useRef } from "preact/hooks";
import type { ReportView } from "../state";
import { label, type Labels } from "./labels";
import { useReturnFocus } from "./SupportPanel";

export interface ReportActions {
  note(text: string): void;
  send(): void;
  cancel(): void;
}

const FOCUSABLE = 'button, textarea, a[href], input, select, [tabindex]:not([tabindex="-1"])';

let nextId = 0;

/**
 * "Report a problem" (SPEC §4, §6): a modal dialog showing exactly the JSON that Send will
 * deliver, in a read-only region, with a labelled note field, Send and Cancel. Focus stays in
 * the dialog (Tab wraps), Esc cancels, and focus returns where it was when it closes.
 */
export function ReportPreview({
  view,
  labels,
  actions,
}: {
  view: ReportView;
  labels: Labels;
  actions: ReportActions;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const id = useRef(`wm-report-${++nextId}`).current;
  useReturnFocus(ref);
  useEffect(() => {
    noteRef.current?.focus({ preventScroll: true });
  }, []);

  const sending = view.phase === "sending";

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      actions.cancel();
      return;
    }
    if (event.key !== "Tab" || !ref.current) return;
    const items = Array.from(ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
      (el) => !(el as HTMLButtonElement).disabled,
    );
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    const active = (ref.current.getRootNode() as ShadowRoot | Document).activeElement;
    if (event.shiftKey && (active === first || active === ref.current)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  }

  return (
    <div class="wm-backdrop" data-waymark-report-backdrop="">
      <div
        ref={ref}
        class="wm-modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-intro`}
        tabIndex={-1}
        onKeyDown={onKeyDown}
        data-waymark-report=""
      >
        <h2 class="wm-title" id={`${id}-title`}>
          {labels.reportTitle}
        </h2>
        <p class="wm-intro" id={`${id}-intro`}>
          {label(labels.reportIntro, { destination: view.destination })}
        </p>
        <label class="wm-label" for={`${id}-note`}>
          {labels.reportNoteLabel}
        </label>
        <textarea
          ref={noteRef}
          id={`${id}-note`}
          class="wm-note"
          rows={3}
          maxLength={2000}
          value={view.note}
          readOnly={sending}
          onInput={(event) => actions.note((event.currentTarget as HTMLTextAreaElement).value)}
        />
        <pre
          class="wm-json"
          role="region"
          aria-label={labels.reportContents}
          tabIndex={0}
          data-waymark-report-json=""
        >
          {view.json}
        </pre>
        <p class="wm-status" role="status" aria-live="polite">
          {view.phase === "failed" && view.message
            ? view.message
            : sending
              ? labels.reportSending
              : ""}
        </p>
        <div class="wm-footer">
          <button type="button" class="wm-btn" onClick={actions.cancel}>
            {labels.reportCancel}
          </button>
          <button
            type="button"
            class="wm-btn wm-primary"
            aria-disabled={sending ? "true" : undefined}
            onClick={() => {
              if (!sending) actions.send();
            }}
          >
            {labels.reportSend}
          </button>
        </div>
      </div>
    </div>
  );
}
