// Seed data for the Ledgerly demo. Ids and amounts are fixed so tests and guides can rely on
// them (`cus_acme`, `INV-0014`…); dates are relative to "today" so overdue and monthly
// reports always look current.

/** Customers every fresh server starts with; guides' demos pick `cus_acme`. */
const CUSTOMERS = [
  ["cus_acme", "Acme Ltd", "billing@acme.example", "GB"],
  ["cus_globex", "Globex GmbH", "accounts@globex.example", "DE"],
  ["cus_initech", "Initech Inc.", "ap@initech.example", "US"],
  ["cus_harbor", "Blue Harbor Café", "hello@blueharbor.example", "IE"],
  ["cus_kanto", "Studio Kanto", "finance@kanto.example", "GB"],
];

// [months ago, customer, amount, currency, paid?]
const INVOICES = [
  [13, "cus_acme", 1800, "EUR", true],
  [12, "cus_globex", 2400, "EUR", true],
  [11, "cus_initech", 950, "USD", true],
  [10, "cus_acme", 1800, "EUR", true],
  [9, "cus_harbor", 420, "EUR", true],
  [8, "cus_globex", 3100, "EUR", true],
  [7, "cus_kanto", 1250, "GBP", true],
  [6, "cus_acme", 1800, "EUR", true],
  [5, "cus_initech", 2200, "USD", true],
  [4, "cus_globex", 2600, "EUR", true],
  [3, "cus_harbor", 380, "EUR", true],
  [2, "cus_acme", 1800, "EUR", false],
  [1, "cus_kanto", 1500, "GBP", false],
  [0, "cus_globex", 2750, "EUR", false],
];

/** `YYYY-MM-DD` in UTC. */
export function isoDate(date) {
  return date.toISOString().slice(0, 10);
}

export function addDays(date, days) {
  const copy = new Date(date);
  copy.setUTCDate(copy.getUTCDate() + days);
  return copy;
}

function addMonths(date, months) {
  const copy = new Date(date);
  copy.setUTCMonth(copy.getUTCMonth() + months);
  return copy;
}

/** A fresh copy of all demo data, as of `now`. */
export function seedData(now = new Date()) {
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const customers = CUSTOMERS.map(([id, name, email, country], i) => ({
    id,
    name,
    email,
    country,
    createdAt: addDays(today, -420 + i * 30).toISOString(),
  }));
  const invoices = INVOICES.map(([monthsAgo, customer, amount, currency, paid], i) => {
    const issued = addDays(addMonths(today, -monthsAgo), -2);
    return {
      id: `inv_${String(i + 1).padStart(4, "0")}`,
      number: `INV-${String(i + 1).padStart(4, "0")}`,
      customer,
      amount,
      currency,
      tax: 0,
      issued: isoDate(issued),
      due: isoDate(addDays(issued, 14)),
      notes: "",
      paid,
    };
  });
  return {
    me: {
      user: { id: "usr_dana", name: "Dana Reyes", email: "dana@northwind.example", role: "Owner" },
      account: { id: "acct_northwind", name: "Northwind Studio", plan: "Starter", currency: "EUR" },
      team: [
        { name: "Dana Reyes", email: "dana@northwind.example", role: "Owner" },
        { name: "Sam Okafor", email: "sam@northwind.example", role: "Admin" },
        { name: "Lea Fischer", email: "lea@northwind.example", role: "Accountant" },
      ],
    },
    customers,
    invoices,
    keys: [
      {
        id: "key_checkout",
        name: "Website checkout",
        last4: "9f3a",
        createdAt: addDays(today, -40).toISOString(),
        lastUsedAt: addDays(today, -1).toISOString(),
      },
    ],
    payments: [],
    today,
  };
}
