// Dashboard: summary stats and the latest invoices.
import { apiFetch, describeError } from "/app/api-client.mjs";
import { escapeHtml, formatMoney, STATUS_LABELS, toEur } from "/app/format.mjs";
import "/app/shell.mjs";

function setStat(id, value, detail) {
  const card = document.getElementById(id);
  card.querySelector("[data-value]").textContent = value;
  card.querySelector("[data-detail]").textContent = detail;
}

function sumEur(invoices) {
  return invoices.reduce((sum, invoice) => sum + toEur(invoice.total, invoice.currency), 0);
}

function renderStats(invoices, customers) {
  const open = invoices.filter((i) => i.status !== "paid");
  const overdue = invoices.filter((i) => i.status === "overdue");
  const yearAgo = new Date();
  yearAgo.setFullYear(yearAgo.getFullYear() - 1);
  const paid = invoices.filter((i) => i.status === "paid" && new Date(i.issued) >= yearAgo);
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  setStat("stat-outstanding", formatMoney(sumEur(open)), plural(open.length, "open invoice"));
  setStat(
    "stat-overdue",
    formatMoney(sumEur(overdue)),
    overdue.length ? `${plural(overdue.length, "invoice")} past due` : "Nothing overdue",
  );
  setStat("stat-paid", formatMoney(sumEur(paid)), plural(paid.length, "paid invoice"));
  setStat("stat-customers", String(customers.length), "active this year");
}

function renderRecent(invoices) {
  const rows = invoices.slice(0, 5).map(
    (invoice) => `<tr data-invoice="${escapeHtml(invoice.number)}">
      <td>${escapeHtml(invoice.number)}</td>
      <td>${escapeHtml(invoice.customerName)}</td>
      <td class="number">${formatMoney(invoice.total, invoice.currency)}</td>
      <td><span class="badge ${invoice.status}">${STATUS_LABELS[invoice.status]}</span></td>
    </tr>`,
  );
  document.getElementById("recent-invoice-rows").innerHTML =
    rows.join("") || `<tr><td colspan="4" class="muted">No invoices yet.</td></tr>`;
}

async function load() {
  try {
    const [{ invoices }, { customers }, me] = await Promise.all([
      apiFetch("/api/invoices"),
      apiFetch("/api/customers"),
      apiFetch("/api/me"),
    ]);
    document.getElementById("greeting").textContent =
      `Welcome back, ${me.user.name.split(" ")[0]}. Here is ${me.account.name} today.`;
    renderStats(invoices, customers);
    renderRecent(invoices);
  } catch (error) {
    const notice = document.getElementById("dashboard-error");
    notice.textContent = `We couldn't load your dashboard. ${describeError(error)}`;
    notice.hidden = false;
    document.getElementById("recent-invoice-rows").innerHTML =
      `<tr><td colspan="4" class="muted">Not available.</td></tr>`;
  }
}

load();
