/**
 * The form the user just used: the last form submitted, or the last button clicked, so help
 * for a failed request can sit next to the field or button involved. Reads only which element
 * was used, never a value.
 */

export interface Involved {
  form: Element | null;
  control: Element | null;
}

export function observeInteractions(
  doc: Document,
  withinMs = 15_000,
): { involved(): Involved | null; stop(): void } {
  let last: (Involved & { t: number }) | null = null;
  const onSubmit = (event: SubmitEvent) => {
    try {
      const form = event.target instanceof Element ? event.target : null;
      const control =
        event.submitter instanceof Element
          ? event.submitter
          : last?.form === form
            ? last.control
            : null;
      last = { form, control, t: Date.now() };
    } catch {
      // never disturb the page
    }
  };
  const onClick = (event: MouseEvent) => {
    try {
      const el =
        event.target instanceof Element
          ? event.target.closest("button, [role=button], a, input[type=submit], input[type=button]")
          : null;
      if (!el || el.closest("[data-waymark-host]")) return;
      last = {
        form: (el as HTMLButtonElement).form ?? el.closest("form"),
        control: el,
        t: Date.now(),
      };
    } catch {
      // never disturb the page
    }
  };
  doc.addEventListener("submit", onSubmit as EventListener, { capture: true, passive: true });
  doc.addEventListener("click", onClick, { capture: true, passive: true });
  return {
    involved: () =>
      last && Date.now() - last.t <= withinMs ? { form: last.form, control: last.control } : null,
    stop() {
      doc.removeEventListener("submit", onSubmit as EventListener, { capture: true });
      doc.removeEventListener("click", onClick, { capture: true });
    },
  };
}
