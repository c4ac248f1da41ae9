// Billing: pay the Ledgerly subscription with a card. The server declines
// 4000 0000 0000 0002 with 402 card_declined, like payment providers' test cards.
import { apiFetch, describeError } from "/app/api-client.mjs";
import { escapeHtml, formatMoney } from "/app/format.mjs";
import "/app/shell.mjs";

const PLAN_PRICE = { amount: 29, currency: "EUR" };
const FIELD_IDS = { cardNumber: "card-number", cardExpiry: "card-expiry", cardCvc: "card-cvc" };

const form = document.getElementById("card-form");
const errorNotice = document.getElementById("payment-error");
const result = document.getElementById("payment-result");

function setFieldError(field, message) {
  const input = document.getElementById(FIELD_IDS[field]);
  if (!input) return;
  const errorId = `${input.id}-error`;
  document.getElementById(errorId)?.remove();
  if (!message) {
    input.removeAttribute("aria-invalid");
    input.removeAttribute("aria-describedby");
    return;
  }
  input.setAttribute("aria-invalid", "true");
  input.setAttribute("aria-describedby", errorId);
  input.insertAdjacentHTML(
    "afterend",
    `<p class="field-error" id="${errorId}">${escapeHtml(message)}</p>`,
  );
}

form.addEventListener("input", (event) => {
  const field = Object.keys(FIELD_IDS).find((key) => FIELD_IDS[key] === event.target.id);
  if (field) setFieldError(field, null);
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const button = document.getElementById("pay");
  errorNotice.hidden = true;
  result.hidden = true;
  Object.keys(FIELD_IDS).forEach((field) => setFieldError(field, null));
  button.disabled = true;
  try {
    const body = { ...PLAN_PRICE, ...Object.fromEntries(new FormData(form)) };
    const { payment } = await apiFetch("/api/payments", { method: "POST", body });
    result.textContent = `Thank you! We charged ${formatMoney(payment.amount, payment.currency)} to the card ending ${payment.last4}.`;
    result.hidden = false;
    form.reset();
  } catch (error) {
    for (const [field, message] of Object.entries(error.fields || {}))
      setFieldError(field, message);
    errorNotice.innerHTML =
      escapeHtml(describeError(error)) +
      (error.requestId
        ? `<span class="reference">Reference: <code>${escapeHtml(error.requestId)}</code></span>`
        : "");
    errorNotice.hidden = false;
  } finally {
    button.disabled = false;
  }
});
