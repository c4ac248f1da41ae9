/**
 * Developer diagnostics. Waymark never throws into the host page: its own failures and the
 * integrating developer's mistakes end up here instead, as plain-language messages that say
 * what happened, why, and what to do. Problems that silently break the product for users
 * (a guide that cannot load, an internal error) are always printed; misuse hints only with
 * `debug: true`.
 */

export const DOCS = "https://github.com/waymark-dev/waymark/blob/main/docs";

export type Diagnostic = {
  level: "error" | "warning" | "info";
  code: string;
  message: string;
};

export function createDiagnostics(isDebug: () => boolean) {
  const seen = new Set<string>();
  const list: Diagnostic[] = [];
  function push(d: Diagnostic, always: boolean) {
    // The same misuse reported from a loop must not flood the console.
    const key = `${d.code}:${d.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    list.push(d);
    if (list.length > 200) list.shift();
    if (always || isDebug()) {
      const print =
        d.level === "error" ? console.error : d.level === "warning" ? console.warn : console.info;
      print.call(console, `[Waymark] ${d.message}`);
    }
  }
  return {
    /** A problem users would otherwise never notice (broken guide, internal error): always printed. */
    problem(code: string, message: string) {
      push({ level: "warning", code, message }, true);
    },
    /** A hint for the integrating developer: printed with `debug: true`. */
    misuse(code: string, message: string) {
      push({ level: "warning", code, message }, false);
    },
    info(code: string, message: string) {
      push({ level: "info", code, message }, false);
    },
    /** Waymark's own bug or an unexpected browser failure, caught before it reached the page. */
    internal(where: string, error: unknown) {
      const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      push(
        {
          level: "error",
          code: "internal",
          message: `An internal error in ${where} was caught so that your page keeps working (${detail}). Please report it with this message at https://github.com/waymark-dev/waymark/issues.`,
        },
        true,
      );
    },
    list(): readonly Diagnostic[] {
      return list;
    },
  };
}

export type Diagnostics = ReturnType<typeof createDiagnostics>;

/** Runs `fn`, turning any exception into an internal diagnostic and a fallback value. */
export function guard<T>(diagnostics: Diagnostics, where: string, fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (error) {
    diagnostics.internal(where, error);
    return fallback;
  }
}
