// Customers: the list and the "Add customer" form (server-side validation shown per field).
import { apiFetch, describeError } from "/app/api-client.mjs";
import { escapeHtml } from "/app/format.mjs";
import "/app/shell.mjs";

const form = document.getElementById("add-customer-form");
const status = document.getElementById("add-customer-status");
const formError = document.getElementById("add-customer-error");
const FIELD_IDS = { name: "customer-name", email: "customer-email", country: "customer-country" };

function renderCustomers(customers) {
  document.getElementById("customer-count").textContent = `${customers.length} in total`;
  document.getElementById("customer-rows").innerHTML =
    customers
      .map(
        (c) => `<tr data-customer="${escapeHtml(c.id)}">
          <td>${escapeHtml(c.name)}</td>
          <td>${c.email ? `<a href="mailto:${escapeHtml(c.email)}">${escapeHtml(c.email)}</a>` : `<span class="muted">—</span>`}</td>
          <td>${escapeHtml(c.country || "—")}</td>
          <td><a class="button small" href="/app/invoices/new?customer=${encodeURIComponent(c.id)}">New invoice</a></td>
        </tr>`,
      )
      .join("") ||
    `<tr><td colspan="4" class="muted">No customers yet. Add your first one.</td></tr>`;
}

async function loadCustomers() {
  try {
    const { customers } = await apiFetch("/api/customers");
    renderCustomers(customers);
  } catch (error) {
    const notice = document.getElementById("customers-error");
    notice.textContent = `We couldn't load your customers. ${describeError(error)}`;
    notice.hidden = false;
  }
}

/** Marks one field invalid (or clears it) with a message linked by aria-describedby. */
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
  status.hidden = true;
  formError.hidden = true;
  Object.keys(FIELD_IDS).forEach((field) => setFieldError(field, null));
  const button = document.getElementById("add-customer");
  button.disabled = true;
  try {
    const data = Object.fromEntries(new FormData(form));
    const { customer } = await apiFetch("/api/customers", { method: "POST", body: data });
    form.reset();
    status.textContent = `${customer.name} was added.`;
    status.hidden = false;
    await loadCustomers();
  } catch (error) {
    for (const [field, message] of Object.entries(error.fields || {}))
      setFieldError(field, message);
    formError.innerHTML =
      escapeHtml(describeError(error)) +
      (error.requestId
        ? `<span class="reference">Reference: <code>${escapeHtml(error.requestId)}</code></span>`
        : "");
    formError.hidden = false;
  } finally {
    button.disabled = false;
  }
});

loadCustomers();
