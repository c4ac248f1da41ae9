import { useRef } from "preact/hooks";
import { safeHref } from "../guide/markdown";
import type { SupportHelpView, SupportView } from "../state";
import { useDialogFocus } from "./focus";
import type { Labels } from "./labels";
import { Markdown } from "./Markdown";

export interface SupportActions {
  close(): void;
  startGuide(id: string, step?: string): void;
  /** "Still need help?" → the report preview. */
  openReport(): void;
  /** Contact support the way the host's own link or button does, without a report. */
  continueSupport(): void;
}

let nextId = 0;

/**
 * "Before you contact us" (SPEC §4): a dialog that offers the help matching what just went
 * wrong on this page and the guides for this page, then "Still need help?" → the report
 * preview, or the host's own contact action.
 */
export function SupportPanel({
  view,
  labels,
  actions,
  inert,
}: {
  view: SupportView;
  labels: Labels;
  actions: SupportActions;
  inert?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const id = useRef(`wm-support-${++nextId}`).current;
  useDialogFocus(ref, { returnFocus: true });

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape" && !inert) {
      event.stopPropagation();
      actions.close();
    }
  };

  const empty = view.help.length === 0 && view.guides.length === 0;
  return (
    <div
      ref={ref}
      class="wm-panel"
      role="dialog"
      aria-labelledby={`${id}-title`}
      tabIndex={-1}
      onKeyDown={onKeyDown}
      data-waymark-support-panel=""
      {...(inert ? { inert: true, "aria-hidden": "true" } : {})}
    >
      <button type="button" class="wm-close" aria-label={labels.close} onClick={actions.close}>
        ×
      </button>
      <h2 class="wm-title" id={`${id}-title`}>
        {labels.supportTitle}
      </h2>
      <div class="wm-body">
        {empty ? <p>{labels.supportNothing}</p> : <p class="wm-muted">{labels.supportIntro}</p>}
        {view.help.length > 0 ? (
          <section aria-labelledby={`${id}-help`}>
            <h3 class="wm-subtitle" id={`${id}-help`}>
              {labels.supportHelpHeading}
            </h3>
            <ul class="wm-list">
              {view.help.map((help) => (
                <HelpItem key={help.id} help={help} actions={actions} />
              ))}
            </ul>
          </section>
        ) : null}
        {view.guides.length > 0 ? (
          <section aria-labelledby={`${id}-guides`}>
            <h3 class="wm-subtitle" id={`${id}-guides`}>
              {labels.supportGuidesHeading}
            </h3>
            <ul class="wm-list">
              {view.guides.map((guide) => (
                <li key={guide.id} class="wm-item">
                  <div class="wm-item-text">
                    <strong>{guide.title}</strong>
                    {guide.summary ? <span class="wm-muted"> {guide.summary}</span> : null}
                  </div>
                  <button
                    type="button"
                    class="wm-btn"
                    aria-label={`${labels.supportStartGuide}: ${guide.title}`}
                    onClick={() => actions.startGuide(guide.id)}
                  >
                    {labels.supportStartGuide}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <section aria-labelledby={`${id}-more`} class="wm-more">
          <h3 class="wm-subtitle" id={`${id}-more`}>
            {labels.supportStillNeedHelp}
          </h3>
          <div class="wm-footer">
            {view.canContinue ? (
              <button type="button" class="wm-btn" onClick={actions.continueSupport}>
                {labels.supportContinue}
              </button>
            ) : null}
            <button type="button" class="wm-btn wm-primary" onClick={actions.openReport}>
              {labels.supportReport}
            </button>
          </div>
        </section>
      </div>
    </div>
  );
}

function HelpItem({ help, actions }: { help: SupportHelpView; actions: SupportActions }) {
  return (
    <li class="wm-item wm-item-help">
      <div class="wm-item-text">
        <strong>{help.title}</strong>
        {help.body ? <Markdown source={help.body} /> : null}
      </div>
      {help.actions.length > 0 ? (
        <div class="wm-footer">
          {help.actions.map((action, i) => {
            // The schema refuses other schemes; the link re-checks, as HelpCard does.
            const href = action.kind === "href" && action.href ? safeHref(action.href) : null;
            return href ? (
              <a
                key={i}
                class="wm-btn"
                href={href}
                target={isOtherOrigin(href) ? "_blank" : undefined}
                rel="noopener noreferrer"
              >
                {action.label}
              </a>
            ) : action.kind === "href" ? null : (
              <button
                key={i}
                type="button"
                class="wm-btn"
                onClick={() =>
                  action.kind === "guide" && action.guide
                    ? actions.startGuide(action.guide, action.step)
                    : actions.openReport()
                }
              >
                {action.label}
              </button>
            );
          })}
        </div>
      ) : null}
    </li>
  );
}

function isOtherOrigin(href: string): boolean {
  try {
    return new URL(href, location.href).origin !== location.origin;
  } catch {
    return false;
  }
}
