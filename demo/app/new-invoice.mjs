// New invoice: a Preact + htm *controlled* form, like most React-era product forms. Every
// field's value comes from state and changes only through input/change events, so a script
// that sets `input.value` without dispatching events is overwritten on the next render.
import { h, render } from "preact";
import { useEffect, useState } from "preact/hooks";
import htm from "htm";
import { apiFetch, describeError } from "/app/api-client.mjs";
import { formatDate, formatMoney, localIsoDate } from "/app/format.mjs";
import "/app/shell.mjs";

const html = htm.bind(h);
const CURRENCIES = ["EUR", "USD", "GBP"];

function initialForm() {
  const preselected = new URLSearchParams(location.search).get("customer") || "";
  return {
    customer: preselected,
    amount: "",
    currency: "EUR",
    tax: "",
    due: localIsoDate(14),
    notes: "",
  };
}

/** What the API receives; sales tax only applies to USD invoices. */
function toPayload(form) {
  return {
    customer: form.customer,
    amount: form.amount === "" ? "" : Number(form.amount),
    currency: form.currency,
    tax: form.currency === "USD" && form.tax !== "" ? Number(form.tax) : 0,
    due: form.due,
    notes: form.notes,
  };
}

function Field({ id, label, error, hint, wide, children }) {
  return html`
    <div class=${wide ? "field wide" : "field"}>
      <label for=${id}>${label}</label>
      ${children} ${hint && html`<p class="hint" id=${`${id}-hint`}>${hint}</p>`}
      ${error && html`<p class="field-error" id=${`${id}-error`}>${error}</p>`}
    </div>
  `;
}

/** Props that tie a control to its error message, the way screen readers expect. */
function invalidProps(id, error, hint) {
  const describedBy = [error && `${id}-error`, hint && `${id}-hint`].filter(Boolean).join(" ");
  return {
    "aria-invalid": error ? "true" : undefined,
    "aria-describedby": describedBy || undefined,
  };
}

function Preview({ form, customers }) {
  const customer = customers?.find((c) => c.id === form.customer);
  const amount = form.amount === "" ? NaN : Number(form.amount);
  const taxRate = form.currency === "USD" && form.tax !== "" ? Number(form.tax) : 0;
  const total = amount * (1 + (Number.isFinite(taxRate) ? taxRate : 0) / 100);
  return html`
    <aside
      class="card preview"
      id="invoice-preview"
      aria-labelledby="preview-heading"
      data-customer=${form.customer}
      data-amount=${form.amount}
      data-currency=${form.currency}
    >
      <h2 id="preview-heading">Preview</h2>
      <dl class="details">
        <dt>Bill to</dt>
        <dd id="preview-customer">${customer ? customer.name : "No customer yet"}</dd>
        <dt>Amount</dt>
        <dd id="preview-amount">${formatMoney(amount, form.currency)}</dd>
        <dt>Currency</dt>
        <dd id="preview-currency">${form.currency}</dd>
        ${
          form.currency === "USD" &&
          html`<dt>Sales tax</dt>
            <dd id="preview-tax">${taxRate || 0}%</dd>`
        }
        <dt>Due</dt>
        <dd id="preview-due">${formatDate(form.due)}</dd>
        <dt>Total</dt>
        <dd id="preview-total" class="total">${formatMoney(total, form.currency)}</dd>
      </dl>
    </aside>
  `;
}

function InvoiceForm() {
  const [customers, setCustomers] = useState(null); // null while loading
  const [loadError, setLoadError] = useState(null);
  const [form, setForm] = useState(initialForm);
  const [errors, setErrors] = useState({});
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState(null);
  const [sent, setSent] = useState(null);

  useEffect(() => {
    apiFetch("/api/customers")
      .then((data) => setCustomers(data.customers))
      .catch((error) => {
        setCustomers([]);
        setLoadError(error);
      });
  }, []);

  /** onInput/onChange handler for one field: update state, clear that field's error. */
  const update = (field) => (event) => {
    const value = event.currentTarget.value;
    setForm((current) => ({ ...current, [field]: value }));
    setErrors((current) => {
      if (!current[field]) return current;
      const { [field]: _cleared, ...rest } = current;
      return rest;
    });
  };

  async function submit(event) {
    event.preventDefault();
    setSending(true);
    setFailure(null);
    setSent(null);
    try {
      const { invoice } = await apiFetch("/api/invoices", {
        method: "POST",
        body: toPayload(form),
      });
      setSent(invoice);
      setErrors({});
      setForm({ ...initialForm(), customer: "" });
    } catch (error) {
      setErrors(error.fields || {});
      setFailure(error);
    } finally {
      setSending(false);
    }
  }

  const field = (id) => ({
    id,
    value: form[id],
    onInput: update(id),
    ...invalidProps(id, errors[id]),
  });
  // Selects update on both events: "input" from people, "change" from scripts that only send it.
  const selectField = (id) => ({ ...field(id), onChange: update(id) });

  return html`
    <div class="grid-2">
      <form
        class="card"
        id="invoice-form"
        data-currency=${form.currency}
        onSubmit=${submit}
        aria-labelledby="invoice-form-heading"
      >
        <h2 id="invoice-form-heading" class="visually-hidden">Invoice details</h2>
        ${
          sent &&
          html`<div class="notice success" id="invoice-sent" role="status">
            <p>
              Invoice <strong>${sent.number}</strong> for ${formatMoney(sent.total, sent.currency)}
              is on its way to ${" "}${sent.customerName}.
              <a href="/app/invoices">See all invoices</a>
            </p>
          </div>`
        }
        ${
          failure &&
          html`<div class="notice error" id="form-error" role="alert">
            <p>
              ${describeError(failure)}
              ${failure.requestId && html`<span class="reference">Reference: <code>${failure.requestId}</code></span>`}
            </p>
          </div>`
        }
        ${
          loadError &&
          html`<p class="notice error" role="alert">
            We couldn't load your customers. ${describeError(loadError)}
          </p>`
        }

        <div class="form-grid">
          <${Field} id="customer" label="Customer" error=${errors.customer} wide>
            <select name="customer" ...${selectField("customer")}>
              <option value="">${customers ? "Choose a customer…" : "Loading customers…"}</option>
              ${(customers || []).map((c) => html`<option key=${c.id} value=${c.id}>${c.name}</option>`)}
            </select>
          <//>

          <${Field} id="amount" label="Amount" error=${errors.amount}>
            <input
              name="amount"
              type="number"
              inputmode="decimal"
              required
              min="0.01"
              step="0.01"
              placeholder="0.00"
              ...${field("amount")}
            />
          <//>

          <${Field} id="currency" label="Currency" error=${errors.currency}>
            <select name="currency" ...${selectField("currency")}>
              ${CURRENCIES.map((code) => html`<option key=${code} value=${code}>${code}</option>`)}
            </select>
          <//>

          ${
            form.currency === "USD" &&
            html`<${Field}
              id="tax"
              label="Sales tax (%)"
              error=${errors.tax}
              hint="Leave empty if no US sales tax applies."
            >
              <input
                name="tax"
                type="number"
                inputmode="decimal"
                min="0"
                max="100"
                step="0.01"
                placeholder="0"
                ...${field("tax")}
                ...${invalidProps("tax", errors.tax, true)}
              />
            <//>`
          }

          <${Field} id="due" label="Due date" error=${errors.due}>
            <input name="due" type="date" ...${field("due")} />
          <//>

          <${Field}
            id="notes"
            label="Notes"
            error=${errors.notes}
            hint="Shown on the invoice, e.g. a PO number."
            wide
          >
            <textarea
              name="notes"
              rows="3"
              maxlength="1000"
              ...${field("notes")}
              ...${invalidProps("notes", errors.notes, true)}
            ></textarea>
          <//>
        </div>

        <div class="form-actions">
          <button class="button primary" id="send-invoice" type="submit" disabled=${sending}>
            ${sending ? "Sending…" : "Send invoice"}
          </button>
          <a class="button ghost" href="/app/invoices">Cancel</a>
        </div>
      </form>

      <${Preview} form=${form} customers=${customers} />
    </div>
  `;
}

const root = document.getElementById("invoice-app");
root.textContent = "";
render(html`<${InvoiceForm} />`, root);
