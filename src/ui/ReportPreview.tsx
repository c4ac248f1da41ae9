import { useRef } from "preact/hooks";
import type { ReportView } from "../state";
import { label, type Labels } from "./labels";
import { trapTab, useDialogFocus } from "./focus";

export interface ReportActions {
  note(text: string): void;
  send(): void;
  cancel(): void;
}

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
  useDialogFocus(ref, { initial: noteRef, modal: true, returnFocus: true });

  const sending = view.phase === "sending";

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      actions.cancel();
      return;
    }
    if (ref.current) trapTab(event, ref.current);
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
