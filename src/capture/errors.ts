/**
 * Uncaught errors and unhandled rejections, observed with ordinary listeners: they chain with
 * the page's own handlers, never call `preventDefault`, and never stop propagation, so the
 * browser still reports the error exactly as it would without Waymark. Messages and stacks are
 * redacted before they are kept.
 */
import type { Redactor } from "../privacy/redact";

export interface CapturedError {
  /** Redacted message. */
  message: string;
  /** Redacted stack, when the thrown value had one. */
  stack?: string;
  /** Redacted script URL the error came from, when known. */
  source?: string;
  ts: number;
  kind: "error" | "rejection";
}

export interface ErrorCapture {
  /** Recent errors, oldest first (at most `limit`). */
  recent(): CapturedError[];
  stop(): void;
}

const MAX_TEXT = 2000;

/** A message for any thrown value: Errors, strings, numbers, plain objects, null. */
export function describeThrown(value: unknown): { message: string; stack?: string } {
  try {
    if (
      value instanceof Error ||
      (value &&
        typeof value === "object" &&
        "message" in value &&
        typeof (value as Error).message === "string")
    ) {
      const error = value as Error;
      const name = typeof error.name === "string" && error.name ? error.name : "Error";
      const message = error.message ? `${name}: ${error.message}` : name;
      return typeof error.stack === "string" ? { message, stack: error.stack } : { message };
    }
    if (typeof value === "string") return { message: value };
    if (value === undefined || value === null || typeof value !== "object")
      return { message: String(value) };
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch {
      json = undefined;
    }
    return { message: json ?? Object.prototype.toString.call(value) };
  } catch {
    return { message: "(an unreadable value was thrown)" };
  }
}

export function observeErrors(options: {
  win: Window;
  redactor: Redactor;
  limit?: number;
  onError?(error: CapturedError): void;
}): ErrorCapture {
  const { win, redactor, limit = 20 } = options;
  const errors: CapturedError[] = [];
  const keep = (
    kind: CapturedError["kind"],
    thrown: unknown,
    fallbackMessage: string,
    source?: string,
  ) => {
    const { message, stack } =
      thrown === undefined && fallbackMessage
        ? { message: fallbackMessage, stack: undefined }
        : describeThrown(thrown);
    const entry: CapturedError = {
      message: redactor.text(message.slice(0, MAX_TEXT)),
      ...(stack ? { stack: redactor.text(stack.slice(0, MAX_TEXT)) } : {}),
      ...(source ? { source: redactor.url(source) } : {}),
      ts: Date.now(),
      kind,
    };
    errors.push(entry);
    if (errors.length > limit) errors.shift();
    try {
      options.onError?.(entry);
    } catch {
      // never disturb the page
    }
  };
  const onError = (event: ErrorEvent) => {
    try {
      // Resource load errors (img, script) arrive here too in the capture phase only; this
      // listener is on the bubble phase of window, so only script errors reach it.
      keep(
        "error",
        event.error ?? undefined,
        event.message || "Script error.",
        event.filename || undefined,
      );
    } catch {
      // never disturb the page
    }
  };
  const onRejection = (event: PromiseRejectionEvent) => {
    try {
      keep("rejection", event.reason, "");
    } catch {
      // never disturb the page
    }
  };
  win.addEventListener("error", onError);
  win.addEventListener("unhandledrejection", onRejection);
  return {
    recent: () => errors.slice(),
    stop() {
      win.removeEventListener("error", onError);
      win.removeEventListener("unhandledrejection", onRejection);
    },
  };
}
