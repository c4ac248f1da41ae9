import { afterEach, describe, expect, it, vi } from "vitest";
import { interceptSupportClicks } from "../../../src/support/intercept";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const fn of cleanups.splice(0)) fn();
  document.body.innerHTML = "";
});

function page() {
  document.body.innerHTML = `<a id="support" href="#contacted" data-waymark-support><span id="inner">Contact support</span></a><button id="plain">Other</button>`;
  const hostHandler = vi.fn();
  document.getElementById("support")!.addEventListener("click", hostHandler);
  const onSupport = vi.fn();
  const interceptor = interceptSupportClicks(window, onSupport);
  cleanups.push(() => interceptor.stop());
  return { hostHandler, onSupport, interceptor, link: document.getElementById("support")! };
}

describe("interceptSupportClicks", () => {
  it("holds back a support link's click (default action and the host's handlers) and opens support", () => {
    const { hostHandler, onSupport, interceptor, link } = page();
    const event = new MouseEvent("click", { bubbles: true, cancelable: true, button: 0 });
    document.getElementById("inner")!.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    expect(hostHandler).not.toHaveBeenCalled();
    expect(onSupport).toHaveBeenCalledWith(link, event);
    interceptor.stop();
  });

  it("continues the original action when asked: the host's handler runs and the click is not prevented", () => {
    const { hostHandler, onSupport, interceptor, link } = page();
    let prevented: boolean | undefined;
    const record = (e: Event) => ((prevented = e.defaultPrevented), e.preventDefault());
    document.addEventListener("click", record);
    cleanups.push(() => document.removeEventListener("click", record));
    interceptor.continueWith(link);
    expect(hostHandler).toHaveBeenCalledOnce();
    expect(prevented).toBe(false);
    expect(onSupport).not.toHaveBeenCalled();
    interceptor.stop();
  });

  it("leaves other elements, modifier clicks and middle clicks alone", () => {
    const { onSupport, interceptor, link } = page();
    document.getElementById("plain")!.click();
    for (const init of [{ ctrlKey: true }, { metaKey: true }, { shiftKey: true }, { button: 1 }]) {
      const event = new MouseEvent("click", { bubbles: true, cancelable: true, ...init });
      link.dispatchEvent(event);
      expect(event.defaultPrevented).toBe(false);
    }
    expect(onSupport).not.toHaveBeenCalled();
    interceptor.stop();
  });

  it("stops intercepting after stop()", () => {
    const { hostHandler, onSupport, interceptor, link } = page();
    interceptor.stop();
    link.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true }));
    expect(onSupport).not.toHaveBeenCalled();
    expect(hostHandler).toHaveBeenCalledOnce();
  });
});
