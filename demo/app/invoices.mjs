// Invoices: every invoice, filterable by status.
import { apiFetch, describeError } from "/app/api-client.mjs";
import { escapeHtml, formatDate, formatMoney, STATUS_LABELS } from "/app/format.mjs";
import "/app/shell.mjs";

const filter = document.getElementById("status-filter");
const rows = document.getElementById("invoice-rows");
let invoices = [];

function render() {
  const shown = filter.value ? invoices.filter((i) => i.status === filter.value) : invoices;
  rows.innerHTML =
    shown
      .map(
        (invoice) => `<tr data-invoice="${escapeHtml(invoice.number)}">
          <td>${escapeHtml(invoice.number)}</td>
          <td>${escapeHtml(invoice.customerName)}</td>
          <td>${formatDate(invoice.issued)}</td>
          <td>${formatDate(invoice.due)}</td>
          <td class="number">${formatMoney(invoice.total, invoice.currency)}</td>
          <td><span class="badge ${invoice.status}">${STATUS_LABELS[invoice.status]}</span></td>
        </tr>`,
      )
      .join("") || `<tr><td colspan="6" class="muted">No invoices match this filter.</td></tr>`;
}

filter.addEventListener("change", render);

try {
  ({ invoices } = await apiFetch("/api/invoices"));
  render();
} catch (error) {
  const notice = document.getElementById("invoices-error");
  notice.textContent = `We couldn't load your invoices. ${describeError(error)}`;
  notice.hidden = false;
  rows.innerHTML = `<tr><td colspan="6" class="muted">Not available.</td></tr>`;
}
