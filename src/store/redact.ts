import { createRedactor, type Redactor } from "../privacy/redact";
import type { WaymarkEvent } from "./records";

/**
 * Redaction of an event before it is queued, copied to sessionStorage or stored (SPEC §5),
 * with the shared rules of src/privacy. The record's own fields keep their meaning (the
 * privacy rules would take `session` or `signature` for secrets by name); `page` is reduced
 * to a path; free-text fields and every extra field go through the redactor.
 */

/** The record's structure: ids and names from guide files, never user data. */
const STRUCTURAL = new Set(["id", "v", "type", "ts", "session", "guide", "step"]);
/** Own fields that may quote what the page did (a failed request's URL in a signature). */
const FREE_TEXT = new Set(["reason", "kind", "signature"]);

export function createEventRedactor(
  extra: readonly string[] = [],
): (event: WaymarkEvent) => WaymarkEvent {
  const redactor: Redactor = createRedactor([...extra]);
  return (event) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(event)) {
      if (value === undefined) continue;
      if (STRUCTURAL.has(key)) out[key] = value;
      else if (key === "page" && typeof value === "string")
        out[key] = redactor.url(pathOnly(value));
      else if (FREE_TEXT.has(key) && typeof value === "string") out[key] = redactor.text(value);
      else out[key] = redactor.value(key, value);
    }
    return out as WaymarkEvent;
  };
}

/** `/a/b?x=1#y` → `/a/b`; a full URL → its path. */
export function pathOnly(page: string): string {
  const path = page.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "").split(/[?#]/)[0] ?? "";
  return path || "/";
}
