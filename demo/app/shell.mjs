// The page shell every Ledgerly page shares: "Help" and other buttons that start a Waymark
// guide, plus a small message area. Pages work without the widget; the buttons then say so.

const message = document.getElementById("shell-message");

function showShellMessage(text) {
  if (!message) return;
  message.textContent = text;
  message.hidden = false;
  clearTimeout(showShellMessage.timer);
  showShellMessage.timer = setTimeout(() => (message.hidden = true), 6000);
}

/** Starts a guide if the widget is on the page; returns whether it was. */
export function startGuide(guideId) {
  if (!window.Waymark || typeof window.Waymark.start !== "function") return false;
  window.Waymark.start(guideId);
  return true;
}

document.addEventListener("click", (event) => {
  const button =
    event.target instanceof Element ? event.target.closest("[data-start-guide]") : null;
  if (!button) return;
  if (!startGuide(button.getAttribute("data-start-guide"))) {
    showShellMessage(
      "Guided help isn't available right now. Reload the page, or use Contact support.",
    );
  }
});
