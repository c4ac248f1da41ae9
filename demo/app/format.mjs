// Display formats used across the demo app. Fixed locale so pages read the same everywhere.

const LOCALE = "en-US";

/** Rough fixed rates to show mixed-currency totals in EUR (this is a demo, not a bank). */
const EUR_RATES = { EUR: 1, USD: 0.92, GBP: 1.17 };

export function formatMoney(amount, currency = "EUR") {
  const value = Number(amount);
  if (!Number.isFinite(value)) return "—";
  return new Intl.NumberFormat(LOCALE, { style: "currency", currency }).format(value);
}

export function toEur(amount, currency) {
  return amount * (EUR_RATES[currency] ?? 1);
}

/** "2025-03-14" → "Mar 14, 2025" (read as a calendar date, not shifted by time zone). */
export function formatDate(isoDate) {
  if (!isoDate) return "—";
  const [year, month, day] = String(isoDate).slice(0, 10).split("-").map(Number);
  return new Intl.DateTimeFormat(LOCALE, { dateStyle: "medium", timeZone: "UTC" }).format(
    new Date(Date.UTC(year, month - 1, day)),
  );
}

/** Today plus `days`, as the `YYYY-MM-DD` value a date input expects, in local time. */
export function localIsoDate(days = 0) {
  const date = new Date();
  date.setDate(date.getDate() + days);
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export const STATUS_LABELS = { open: "Open", overdue: "Overdue", paid: "Paid" };

/** Escapes text for the few places that build HTML strings. */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
