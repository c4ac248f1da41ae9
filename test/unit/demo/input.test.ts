import { describe, expect, it } from "vitest";
import {
  chooseOption,
  findOption,
  restoreField,
  setFieldValue,
  snapshotField,
  typeInto,
} from "../../../src/demo/input";

const dispatch = (target: EventTarget, event: Event) => target.dispatchEvent(event);
const instant = async () => {};

/** An input with a React-style value tracker: an own `value` property that remembers writes. */
function trackedInput(initial = "") {
  const input = document.createElement("input");
  input.value = initial;
  document.body.appendChild(input);
  const proto = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!;
  const trackerWrites: string[] = [];
  Object.defineProperty(input, "value", {
    configurable: true,
    get() {
      return proto.get!.call(this);
    },
    set(v: string) {
      trackerWrites.push(v);
      proto.set!.call(this, v);
    },
  });
  const events: string[] = [];
  for (const type of ["beforeinput", "input", "change"])
    input.addEventListener(type, (e) =>
      events.push(`${type}:${(e as InputEvent).data ?? ""}:${input.value}`),
    );
  return { input, trackerWrites, events };
}

describe("typing like a person", () => {
  it("types one character at a time through the prototype's setter, with input events and a final change", async () => {
    const { input, trackerWrites, events } = trackedInput("12");
    await typeInto(input, "250", dispatch, instant);
    expect(input.value).toBe("250");
    // The instance-level tracker (React's) never saw the writes, so React treats each input as a change.
    expect(trackerWrites).toEqual([]);
    expect(events.filter((e) => e.startsWith("input"))).toEqual([
      "input::",
      "input:2:2",
      "input:5:25",
      "input:0:250",
    ]);
    expect(events.at(-1)).toBe("change::250");
  });

  it("skips a character the page cancels in beforeinput, as the browser would", async () => {
    const { input } = trackedInput();
    input.addEventListener(
      "beforeinput",
      (e) => (e as InputEvent).data === "x" && e.preventDefault(),
    );
    await typeInto(input, "axb", dispatch, instant);
    expect(input.value).toBe("ab");
  });

  it("waits between characters with the given pause", async () => {
    const { input } = trackedInput();
    const pauses: string[] = [];
    await typeInto(input, "ab c", dispatch, async (char) => void pauses.push(char));
    expect(pauses).toEqual(["a", "b", " ", "c"]);
  });

  it("sets a whole value at once with input and change", () => {
    const { input, events } = trackedInput();
    setFieldValue(input, "hello", dispatch);
    expect(events).toEqual(["input:hello:hello", "change::hello"]);
  });
});

describe("choosing an option", () => {
  function select() {
    const el = document.createElement("select");
    for (const [value, text] of [
      ["", "Choose…"],
      ["cus_acme", "Acme Ltd"],
      ["cus_b", "Bolt GmbH"],
    ]) {
      const option = document.createElement("option");
      option.value = value!;
      option.textContent = text!;
      el.appendChild(option);
    }
    document.body.appendChild(el);
    return el;
  }

  it("finds an option by value, else by its label, ignoring case", () => {
    const el = select();
    expect(findOption(el, "cus_b")?.value).toBe("cus_b");
    expect(findOption(el, "acme ltd")?.value).toBe("cus_acme");
    expect(findOption(el, "nobody")).toBeUndefined();
  });

  it("chooses with input and change events", () => {
    const el = select();
    const events: string[] = [];
    el.addEventListener("input", () => events.push(`input:${el.value}`));
    el.addEventListener("change", () => events.push(`change:${el.value}`));
    chooseOption(el, findOption(el, "cus_acme")!, dispatch);
    expect(events).toEqual(["input:cus_acme", "change:cus_acme"]);
  });
});

describe("restoring", () => {
  it("puts back a field's value with events, and leaves an unchanged field alone", () => {
    const { input, events } = trackedInput("mine");
    const snapshot = snapshotField(input)!;
    setFieldValue(input, "demo", dispatch);
    events.length = 0;
    restoreField(snapshot, dispatch);
    expect(input.value).toBe("mine");
    expect(events).toEqual(["input:mine:mine", "change::mine"]);
    events.length = 0;
    restoreField(snapshot, dispatch);
    expect(events).toEqual([]);
  });

  it("clicks a checkbox back, as frameworks learn of checkbox changes from clicks", () => {
    const box = document.createElement("input");
    box.type = "checkbox";
    document.body.appendChild(box);
    const snapshot = snapshotField(box)!;
    box.click();
    expect(box.checked).toBe(true);
    let clicks = 0;
    box.addEventListener("click", () => clicks++);
    restoreField(snapshot, dispatch);
    expect(box.checked).toBe(false);
    expect(clicks).toBe(1);
  });
});
