// Reports: a hash-routed view (#/monthly, #/yearly) over the invoice history, in EUR.
import { apiFetch, describeError } from "/app/api-client.mjs";
import { escapeHtml, formatMoney, toEur } from "/app/format.mjs";
import "/app/shell.mjs";

const VIEWS = ["monthly", "yearly"];
let monthly = [];
let yearly = [];

function currentView() {
  const view = location.hash.replace(/^#\/?/, "");
  return VIEWS.includes(view) ? view : null;
}

function showView(view) {
  for (const name of VIEWS) {
    document.getElementById(`view-${name}`).hidden = name !== view;
    const link = document.getElementById(`report-${name}`);
    if (name === view) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  document.title = `${view === "monthly" ? "Monthly" : "Yearly"} report · Ledgerly`;
}

/** Sums invoices into buckets keyed by `keyOf(invoice)`, oldest first. */
function summarize(invoices, keyOf) {
  const buckets = new Map();
  for (const invoice of [...invoices].sort((a, b) => a.issued.localeCompare(b.issued))) {
    const key = keyOf(invoice);
    const bucket = buckets.get(key) ?? { key, count: 0, invoiced: 0, paid: 0 };
    const eur = toEur(invoice.total, invoice.currency);
    bucket.count += 1;
    bucket.invoiced += eur;
    if (invoice.status === "paid") bucket.paid += eur;
    buckets.set(key, bucket);
  }
  return [...buckets.values()];
}

function monthLabel(key) {
  const [year, month] = key.split("-").map(Number);
  return new Intl.DateTimeFormat("en-US", {
    month: "short",
    year: "2-digit",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(year, month - 1, 1)));
}

function renderMonthly() {
  const last12 = monthly.slice(-12);
  const max = Math.max(1, ...last12.map((m) => m.invoiced));
  const chart = document.getElementById("monthly-chart");
  chart.setAttribute(
    "aria-label",
    `Invoiced per month for the last ${last12.length} months; the table below has the numbers.`,
  );
  chart.innerHTML = last12
    .map((m) => {
      const height = (m.invoiced / max) * 100;
      const paidShare = m.invoiced ? (m.paid / m.invoiced) * 100 : 0;
      return `<div class="bar" title="${escapeHtml(`${monthLabel(m.key)}: ${formatMoney(m.invoiced)}`)}">
        <div class="bar-area">
          <div class="bar-fill" style="height: ${height.toFixed(1)}%"><div class="bar-paid" style="height: ${paidShare.toFixed(1)}%"></div></div>
        </div>
        <span>${escapeHtml(monthLabel(m.key))}</span>
      </div>`;
    })
    .join("");
  document.querySelector("#monthly-table tbody").innerHTML = last12
    .map(
      (m) =>
        `<tr><td>${monthLabel(m.key)}</td><td class="number">${formatMoney(m.invoiced)}</td><td class="number">${formatMoney(m.paid)}</td></tr>`,
    )
    .join("");
}

function renderYearly() {
  document.querySelector("#yearly-table tbody").innerHTML = yearly
    .map(
      (y) =>
        `<tr><td>${y.key}</td><td class="number">${y.count}</td><td class="number">${formatMoney(y.invoiced)}</td><td class="number">${formatMoney(y.paid)}</td></tr>`,
    )
    .join("");
}

document.getElementById("export-csv").addEventListener("click", () => {
  const view = currentView() ?? "monthly";
  const rows = view === "monthly" ? monthly : yearly;
  const csv = [`${view === "monthly" ? "month" : "year"},invoices,invoiced_eur,paid_eur`]
    .concat(rows.map((r) => `${r.key},${r.count},${r.invoiced.toFixed(2)},${r.paid.toFixed(2)}`))
    .join("\n");
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([csv + "\n"], { type: "text/csv" }));
  link.download = `ledgerly-${view}-revenue.csv`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
});

window.addEventListener("hashchange", () => {
  const view = currentView();
  if (view) showView(view);
  else location.replace("#/monthly");
});

// The default route: /app/reports opens the monthly view (replace: no extra history entry).
if (!currentView()) location.replace("#/monthly");
showView(currentView() ?? "monthly");

try {
  const { invoices } = await apiFetch("/api/invoices");
  monthly = summarize(invoices, (i) => i.issued.slice(0, 7));
  yearly = summarize(invoices, (i) => i.issued.slice(0, 4));
  renderMonthly();
  renderYearly();
} catch (error) {
  const notice = document.getElementById("reports-error");
  notice.textContent = `We couldn't load your reports. ${describeError(error)}`;
  notice.hidden = false;
}
