/**
 * Reading values a designer wrote (or a host passed inline): what kind of JSON value each is,
 * own-key lookups that never reach Object.prototype, and short previews for messages that
 * never throw on cycles or odd objects.
 */

export type ValueKind = "string" | "number" | "boolean" | "null" | "array" | "object" | "other";

export function kindOf(value: unknown): ValueKind {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (isPlainObject(value)) return "object";
  const t = typeof value;
  return t === "string" || t === "number" || t === "boolean" ? t : "other";
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export const hasOwn = (object: object, key: string) =>
  Object.prototype.hasOwnProperty.call(object, key);

/** Looks a user-written key up in a table without reaching Object.prototype ("__proto__"…). */
export function lookup<T>(table: Record<string, T>, key: string | undefined): T | undefined {
  return key !== undefined && hasOwn(table, key) ? table[key] : undefined;
}

export const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** A designer's word in a message: `"tagret"`, clipped to 40 characters. */
export const quote = (s: string) => JSON.stringify(clip(s, 40));

/** A short JSON-like rendering of any value; never throws on cycles or odd objects. */
export function preview(value: unknown, max = 60): string {
  return clip(render(value, 2), max);
}

function render(value: unknown, depth: number): string {
  if (typeof value === "string") return JSON.stringify(clip(value, 60));
  if (value === null || typeof value === "number" || typeof value === "boolean") {
    return String(value);
  }
  if (value === undefined) return "undefined";
  if (typeof value === "function") return "a function";
  if (typeof value !== "object") return `a ${typeof value}`;
  if (Array.isArray(value)) {
    if (depth === 0) return value.length ? "[…]" : "[]";
    const items = value.slice(0, 4).map((item) => render(item, depth - 1));
    return `[${items.join(", ")}${value.length > 4 ? ", …" : ""}]`;
  }
  if (!isPlainObject(value)) return `a ${value.constructor?.name ?? "object"}`;
  const keys = Object.keys(value);
  if (depth === 0) return keys.length ? "{…}" : "{}";
  const items = keys.slice(0, 4).map((k) => `${quote(k)}: ${render(value[k], depth - 1)}`);
  return `{${items.join(", ")}${keys.length > 4 ? ", …" : ""}}`;
}

/** "a, b or c" */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]!}`;
}
