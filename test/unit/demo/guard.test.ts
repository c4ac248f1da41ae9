import { afterEach, describe, expect, it } from "vitest";
import { commitsOnClick, createCommitGuard } from "../../../src/demo/guard";

function page() {
  document.body.textContent = "";
  const form = document.createElement("form");
  const field = document.createElement("input");
  const submit = document.createElement("button");
  submit.textContent = "Send";
  const plain = document.createElement("button");
  plain.type = "button";
  const link = document.createElement("a");
  link.href = "/elsewhere";
  const inner = document.createElement("span");
  link.appendChild(inner);
  form.append(field, submit, plain);
  document.body.append(form, link);
  const submitted: string[] = [];
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    submitted.push("submit");
  });
  return { form, field, submit, plain, link, inner, submitted };
}

let dispose: (() => void) | undefined;
afterEach(() => dispose?.());

describe("the commit guard", () => {
  it("knows which clicks would commit: links and submit controls in a form", () => {
    const { field, submit, plain, link, inner } = page();
    expect(commitsOnClick(submit)).toBe(submit);
    expect(commitsOnClick(inner)).toBe(link);
    expect(commitsOnClick(plain)).toBeNull();
    expect(commitsOnClick(field)).toBeNull();
  });

  it("cancels a submission the demo's own event causes before the page's handler runs", () => {
    const { form, field, submitted } = page();
    const guard = createCommitGuard(window, { mayCommit: false });
    dispose = guard.dispose;
    // A page that submits from an input handler (form.requestSubmit on Enter-less typing).
    field.addEventListener("input", () =>
      form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true })),
    );
    guard.dispatch(field, new Event("input", { bubbles: true }));
    expect(submitted).toEqual([]);
    expect(guard.blocked()).toBe(1);
  });

  it("never touches the user's own events", () => {
    const { form, submitted } = page();
    const guard = createCommitGuard(window, { mayCommit: false });
    dispose = guard.dispose;
    form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
    expect(submitted).toEqual(["submit"]);
    expect(guard.blocked()).toBe(0);
  });

  it("cancels a demo click on a link, but lets a demo click on an ordinary button through", () => {
    const { inner, plain } = page();
    const guard = createCommitGuard(window, { mayCommit: false });
    dispose = guard.dispose;
    const linkClick = new MouseEvent("click", { bubbles: true, cancelable: true });
    guard.dispatch(inner, linkClick);
    expect(linkClick.defaultPrevented).toBe(true);
    let clicked = 0;
    plain.addEventListener("click", () => clicked++);
    guard.dispatch(plain, new MouseEvent("click", { bubbles: true, cancelable: true }));
    expect(clicked).toBe(1);
  });

  it('lets everything through when the step sets "demoMayCommit"', () => {
    const { form, field, submitted } = page();
    const guard = createCommitGuard(window, { mayCommit: true });
    dispose = guard.dispose;
    field.addEventListener("input", () =>
      form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true })),
    );
    guard.dispatch(field, new Event("input", { bubbles: true }));
    expect(submitted).toEqual(["submit"]);
  });
});
