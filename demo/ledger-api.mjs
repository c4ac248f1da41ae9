// Ledgerly's product API (customers, invoices, API keys, payments, me), kept in memory per
// server instance. Validation errors are 422 `{"error": {"code": "validation_failed",
// "message", "fields": {name: message}}}` so the app can mark the fields involved.
import { randomBytes } from "node:crypto";
import { sendError, sendJson } from "./http-util.mjs";
import { isoDate, seedData } from "./seed.mjs";

export const CURRENCIES = ["EUR", "USD", "GBP"];

/** Test card that is always declined (the same number Stripe uses for declines). */
const DECLINED_CARD = "4000000000000002";

export function createLedgerApi() {
  let db = seedData();

  /** Invoice as the API shows it: with the customer's name, total and a derived status. */
  function presentInvoice(invoice) {
    const customer = db.customers.find((c) => c.id === invoice.customer);
    const total = Math.round(invoice.amount * (1 + invoice.tax / 100) * 100) / 100;
    let status = invoice.paid ? "paid" : "open";
    if (!invoice.paid && invoice.due < isoDate(new Date())) status = "overdue";
    const { paid: _paid, ...rest } = invoice;
    return { ...rest, customerName: customer ? customer.name : "Unknown customer", total, status };
  }

  function presentKey(key) {
    return { ...key, preview: `lk_live_…${key.last4}` };
  }

  const routes = {
    "GET /api/me": (ctx) => sendJson(ctx.res, 200, db.me),

    "GET /api/customers": (ctx) => sendJson(ctx.res, 200, { customers: db.customers }),

    "POST /api/customers": (ctx) => {
      const name = String(ctx.body.name ?? "").trim();
      const email = String(ctx.body.email ?? "").trim();
      const fields = {};
      if (!name) fields.name = "Enter the customer's name";
      else if (name.length > 80) fields.name = "Keep the name under 80 characters";
      if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
        fields.email = "Enter an email address like name@example.com";
      }
      if (invalid(ctx, fields)) return;
      const customer = {
        id: uniqueCustomerId(name),
        name,
        email,
        country: String(ctx.body.country ?? ""),
        createdAt: new Date().toISOString(),
      };
      db.customers.push(customer);
      sendJson(ctx.res, 201, { customer });
    },

    "GET /api/invoices": (ctx) => {
      const invoices = db.invoices.map(presentInvoice).reverse(); // newest first
      sendJson(ctx.res, 200, { invoices });
    },

    "POST /api/invoices": (ctx) => {
      const { customer, currency = "EUR", due, notes = "" } = ctx.body;
      const amount = Number(ctx.body.amount);
      const tax = ctx.body.tax === undefined || ctx.body.tax === "" ? 0 : Number(ctx.body.tax);
      const fields = {};
      if (!customer) fields.customer = "Choose a customer";
      else if (!db.customers.some((c) => c.id === customer)) {
        fields.customer = "That customer no longer exists";
      }
      if (ctx.body.amount === undefined || ctx.body.amount === "" || Number.isNaN(amount)) {
        fields.amount = "Enter an amount, like 120.00";
      } else if (!(amount > 0)) fields.amount = "Amount must be more than 0";
      else if (amount > 1_000_000_000) fields.amount = "Amount is too large";
      if (!CURRENCIES.includes(currency)) fields.currency = "Choose EUR, USD or GBP";
      if (!(tax >= 0 && tax <= 100)) fields.tax = "Enter a tax rate between 0 and 100";
      if (due !== undefined && due !== "" && !/^\d{4}-\d{2}-\d{2}$/.test(String(due))) {
        fields.due = "Enter a date like 2025-01-31";
      }
      if (String(notes).length > 1000) fields.notes = "Keep notes under 1000 characters";
      if (invalid(ctx, fields)) return;
      const n = db.invoices.length + 1;
      const today = new Date();
      const invoice = {
        id: `inv_${String(n).padStart(4, "0")}`,
        number: `INV-${String(n).padStart(4, "0")}`,
        customer,
        amount: Math.round(amount * 100) / 100,
        currency,
        tax,
        issued: isoDate(today),
        due: due || isoDate(new Date(today.getTime() + 14 * 86_400_000)),
        notes: String(notes),
        paid: false,
      };
      db.invoices.push(invoice);
      sendJson(ctx.res, 201, { invoice: presentInvoice(invoice) });
    },

    "GET /api/keys": (ctx) => sendJson(ctx.res, 200, { keys: db.keys.map(presentKey) }),

    "POST /api/keys": (ctx) => {
      const name = String(ctx.body.name ?? "").trim() || "Untitled key";
      if (name.length > 60) return void invalid(ctx, { name: "Keep the name under 60 characters" });
      const secret = "lk_live_" + randomBytes(16).toString("hex");
      const key = {
        id: "key_" + randomBytes(4).toString("hex"),
        name,
        last4: secret.slice(-4),
        createdAt: new Date().toISOString(),
        lastUsedAt: null,
      };
      db.keys.push(key);
      // The full secret is returned once, at creation, as real APIs do.
      sendJson(ctx.res, 201, { key: presentKey(key), secret });
    },

    "DELETE /api/keys/:id": (ctx) => {
      const index = db.keys.findIndex((k) => k.id === ctx.params.id);
      if (index === -1) {
        return sendError(ctx.res, 404, "not_found", `No API key with id "${ctx.params.id}".`);
      }
      const [key] = db.keys.splice(index, 1);
      sendJson(ctx.res, 200, { deleted: true, key: presentKey(key) });
    },

    "POST /api/payments": (ctx) => {
      const number = String(ctx.body.cardNumber ?? "").replace(/[\s-]/g, "");
      const expiry = String(ctx.body.cardExpiry ?? "").replace(/\s/g, "");
      const cvc = String(ctx.body.cardCvc ?? "").trim();
      const amount = Number(ctx.body.amount ?? 29);
      const fields = {};
      if (!/^\d{12,19}$/.test(number) || !passesLuhn(number)) {
        fields.cardNumber = "That card number doesn't look right";
      }
      if (!isFutureExpiry(expiry)) fields.cardExpiry = "Enter a future expiry date as MM/YY";
      if (!/^\d{3,4}$/.test(cvc)) fields.cardCvc = "Enter the 3 or 4 digits on the back";
      if (invalid(ctx, fields)) return;
      if (number === DECLINED_CARD) {
        return sendError(ctx.res, 402, "card_declined", "Your card was declined.", {
          decline_code: "generic_decline",
        });
      }
      const payment = {
        id: "pay_" + randomBytes(6).toString("hex"),
        status: "succeeded",
        amount,
        currency: CURRENCIES.includes(ctx.body.currency) ? ctx.body.currency : "EUR",
        last4: number.slice(-4),
        createdAt: new Date().toISOString(),
      };
      db.payments.push(payment);
      sendJson(ctx.res, 201, { payment });
    },
  };

  function uniqueCustomerId(name) {
    const slug = name
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-");
    const base = "cus_" + (slug.replace(/^-+|-+$/g, "").split("-")[0] || "customer");
    let id = base;
    for (let i = 2; db.customers.some((c) => c.id === id); i++) id = `${base}-${i}`;
    return id;
  }

  return {
    routes,
    reset() {
      db = seedData();
    },
  };
}

/** Sends the 422 and returns true when any field has a problem. */
function invalid(ctx, fields) {
  if (Object.keys(fields).length === 0) return false;
  sendError(ctx.res, 422, "validation_failed", "Please fix the highlighted fields.", { fields });
  return true;
}

function passesLuhn(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function isFutureExpiry(expiry) {
  const match = /^(\d{2})\/(\d{2})$/.exec(expiry);
  if (!match) return false;
  const month = Number(match[1]);
  const year = 2000 + Number(match[2]);
  if (month < 1 || month > 12) return false;
  const now = new Date();
  return (
    year > now.getUTCFullYear() || (year === now.getUTCFullYear() && month >= now.getUTCMonth() + 1)
  );
}
