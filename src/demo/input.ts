/**
 * Changing form fields the way a person does, so that the host framework's own state follows.
 *
 * React, Preact and Vue keep a controlled field's value in their state and only learn of a
 * change from `input`/`change` events. React also remembers the last value it saw in a tracker
 * defined on the element *instance*, and ignores an `input` event whose value equals it; setting
 * `el.value = …` updates that tracker too, so React would drop the event. Calling the setter
 * from the element's prototype writes the DOM value without touching the tracker, and the
 * events that follow are then seen as a real change by every framework.
 *
 * Every event is created with `dispatch`, so the caller (the demo's commit guard) can tell the
 * demo's events from the user's.
 */

export type Dispatch = (target: EventTarget, event: Event) => boolean;

/** What a field held before the demo changed it, to put back afterwards. */
export interface FieldSnapshot {
  element: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
  value: string;
  checked?: boolean;
}

/** The element's own (prototype) setter for `property`, skipping instance-level overrides. */
function nativeSetter(
  el: Element,
  property: "value" | "checked",
): ((v: unknown) => void) | undefined {
  let proto: object | null = Object.getPrototypeOf(el);
  while (proto) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, property);
    if (descriptor?.set) return descriptor.set as (v: unknown) => void;
    proto = Object.getPrototypeOf(proto);
  }
  return undefined;
}

function setNative(el: Element, property: "value" | "checked", value: unknown): void {
  const setter = nativeSetter(el, property);
  if (setter) setter.call(el, value);
  else (el as unknown as Record<string, unknown>)[property] = value;
}

function win(el: Element): Window & typeof globalThis {
  return (el.ownerDocument.defaultView ?? window) as Window & typeof globalThis;
}

const TEXT_TYPES = new Set([
  "",
  "text",
  "search",
  "email",
  "url",
  "tel",
  "password",
  "number",
  "date",
  "time",
  "datetime-local",
  "month",
  "week",
  "color",
  "range",
]);

/** A field the demo can type into: a textarea or a text-like input. */
export function isTypable(el: Element): el is HTMLInputElement | HTMLTextAreaElement {
  const w = win(el);
  if (el instanceof w.HTMLTextAreaElement) return true;
  return el instanceof w.HTMLInputElement && TEXT_TYPES.has(el.type);
}

export function isSelect(el: Element): el is HTMLSelectElement {
  return el instanceof win(el).HTMLSelectElement;
}

export function isDisabled(el: Element): boolean {
  return (el as HTMLInputElement).disabled === true || (el as HTMLInputElement).readOnly === true;
}

export function snapshotField(el: Element): FieldSnapshot | null {
  const w = win(el);
  if (el instanceof w.HTMLInputElement && el.type === "radio" && el.name && !el.checked) {
    // Clicking a radio unchecks its group's checked one: remember that one, to click it back.
    const scope = el.form ?? el.ownerDocument;
    const checked = [...scope.querySelectorAll<HTMLInputElement>("input[type=radio]")].find(
      (r) => r.name === el.name && r.checked,
    );
    if (checked) return { element: checked, value: checked.value, checked: true };
  }
  if (el instanceof w.HTMLInputElement && (el.type === "checkbox" || el.type === "radio"))
    return { element: el, value: el.value, checked: el.checked };
  if (isTypable(el) || isSelect(el)) return { element: el, value: el.value };
  return null;
}

function inputEvent(el: Element, inputType: string, data: string | null): Event {
  const w = win(el);
  return typeof w.InputEvent === "function"
    ? new w.InputEvent("input", { bubbles: true, composed: true, inputType, data })
    : new w.Event("input", { bubbles: true, composed: true });
}

function changeEvent(el: Element): Event {
  return new (win(el).Event)("change", { bubbles: true });
}

/** Sets a field's whole value at once, then `input` and `change`, as pasting and leaving would. */
export function setFieldValue(
  el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement,
  value: string,
  dispatch: Dispatch,
): void {
  setNative(el, "value", value);
  dispatch(el, inputEvent(el, "insertReplacementText", value));
  dispatch(el, changeEvent(el));
}

/**
 * Types `text` one character at a time (after clearing the field), waiting `pause(char)`
 * between characters. Each character: a cancelable `beforeinput`, the value through the native
 * setter, an `input`; a `change` at the end. No key events: a synthetic Enter or shortcut key
 * must never reach the page's own key handlers.
 */
export async function typeInto(
  el: HTMLInputElement | HTMLTextAreaElement,
  text: string,
  dispatch: Dispatch,
  pause: (char: string) => Promise<void>,
): Promise<void> {
  const w = win(el);
  if (el.value !== "") {
    setNative(el, "value", "");
    dispatch(el, inputEvent(el, "deleteContentBackward", null));
  }
  let typed = "";
  for (const char of text) {
    await pause(char);
    const before =
      typeof w.InputEvent === "function"
        ? new w.InputEvent("beforeinput", {
            bubbles: true,
            cancelable: true,
            composed: true,
            inputType: "insertText",
            data: char,
          })
        : null;
    if (before && !dispatch(el, before)) continue; // The page refused this character, as it could for a person.
    typed += char;
    setNative(el, "value", typed);
    // A number field holds "" while the text is not yet a number ("99."): a person's browser
    // sends no value either, so wait for the next character.
    if (el.value !== typed && el.value === "") continue;
    dispatch(el, inputEvent(el, "insertText", char));
  }
  dispatch(el, changeEvent(el));
}

/** The option of `select` whose value is `wanted`, else whose visible label is (ignoring case). */
export function findOption(
  select: HTMLSelectElement,
  wanted: string,
): HTMLOptionElement | undefined {
  const options = [...select.options];
  const lower = wanted.trim().toLowerCase();
  return (
    options.find((o) => o.value === wanted) ??
    options.find(
      (o) =>
        (o.label ?? "").trim().toLowerCase() === lower ||
        (o.textContent ?? "").trim().toLowerCase() === lower,
    )
  );
}

/** Picks an option as a person does with the dropdown: value, then `input` and `change`. */
export function chooseOption(
  select: HTMLSelectElement,
  option: HTMLOptionElement,
  dispatch: Dispatch,
): void {
  setNative(select, "value", option.value);
  dispatch(select, new (win(select).Event)("input", { bubbles: true, composed: true }));
  dispatch(select, changeEvent(select));
}

/** Puts back what the field held, with the same events, so the framework's state follows. */
export function restoreField(snapshot: FieldSnapshot, dispatch: Dispatch): void {
  const el = snapshot.element;
  if (!el.isConnected) return;
  if (snapshot.checked !== undefined) {
    const box = el as HTMLInputElement;
    if (box.checked === snapshot.checked) return;
    if (box.type === "checkbox" || snapshot.checked) {
      // A click, as a person would: React learns of checkbox and radio changes from clicks.
      dispatch(
        box,
        new (win(box).MouseEvent)("click", { bubbles: true, cancelable: true, composed: true }),
      );
    } else {
      setNative(box, "checked", false); // A radio cannot be clicked off.
      dispatch(box, new (win(box).Event)("input", { bubbles: true, composed: true }));
      dispatch(box, changeEvent(box));
    }
    return;
  }
  if (el.value === snapshot.value) return;
  setFieldValue(el, snapshot.value, dispatch);
}
