/**
 * Waymark's configuration: the shape users pass to `init()` (or as `data-*` attributes on the
 * script tag), its defaults, and the reading of those attributes. See SPEC §2.
 */

/** A Waymark configuration. Every key is optional except `guides`. */
export interface WaymarkConfig {
  /** URL of one guide file, of an index file `{"guides": [...]}`, or an array of guide objects. */
  guides?: string | unknown[];
  /** BCP 47 tag used to pick localized text. Default: `navigator.language`. */
  locale?: string;
  /** Where problem reports go. Default: none (listen with `Waymark.on("report", fn)`). */
  report?: { endpoint?: string; email?: string };
  /** Whether data may leave the device: ask the user, or decided by the host. Default: `"ask"`. */
  consent?: "ask" | "granted" | "denied";
  /** Export consented events as OTLP/HTTP JSON logs to this collector URL. Default: off. */
  telemetry?: { otlp?: string };
  /** URL of a Statuspage-compatible `status.json`, for incident awareness. Default: off. */
  status?: string;
  /** Trace propagation: origins or URL prefixes that get `traceparent`, and request-id headers. Default: same origin only. */
  trace?: { propagate?: string[]; requestIdHeaders?: string[] };
  /** Extra key names or patterns to redact, on top of the built-in list. Default: none. */
  redact?: string[];
  /** Local event retention. Default: `{ days: 30, maxEvents: 10000 }`. */
  retention?: { days?: number; maxEvents?: number };
  /** Print developer diagnostics (misuse warnings) to the console. Default: `false`. */
  debug?: boolean;
  /** Replacement labels for Waymark's own buttons and messages, by label key. Default: English. */
  labels?: Partial<Record<string, string>>;
  /**
   * CSP nonce for the `<style>` element Waymark adds where constructable stylesheets are
   * missing (hosts whose `style-src` lists `'nonce-…'`). Default: none.
   */
  nonce?: string;
}

/** The configuration with every default filled in. */
export interface ResolvedConfig {
  guides: string | unknown[] | undefined;
  locale: string;
  report: { endpoint?: string; email?: string };
  consent: "ask" | "granted" | "denied";
  telemetry: { otlp?: string };
  status: string | undefined;
  trace: { propagate: string[]; requestIdHeaders: string[] };
  redact: string[];
  retention: { days: number; maxEvents: number };
  debug: boolean;
  labels: Partial<Record<string, string>>;
  nonce: string | undefined;
  /** Base URL that relative guide URLs resolve against (the page, or the script for data-guides). */
  baseUrl: string;
}

export const DEFAULT_REQUEST_ID_HEADERS = ["x-request-id", "x-correlation-id", "request-id"];

export function resolveConfig(config: WaymarkConfig, baseUrl: string): ResolvedConfig {
  const nav = typeof navigator === "undefined" ? undefined : navigator;
  return {
    guides: config.guides,
    locale: config.locale || nav?.language || "en",
    report: { ...config.report },
    consent: config.consent ?? "ask",
    telemetry: { ...config.telemetry },
    status: config.status,
    trace: {
      propagate: config.trace?.propagate ?? [],
      requestIdHeaders: config.trace?.requestIdHeaders ?? DEFAULT_REQUEST_ID_HEADERS,
    },
    redact: config.redact ?? [],
    retention: {
      days: config.retention?.days ?? 30,
      maxEvents: config.retention?.maxEvents ?? 10_000,
    },
    debug: config.debug ?? false,
    labels: config.labels ?? {},
    nonce: typeof config.nonce === "string" && config.nonce !== "" ? config.nonce : undefined,
    baseUrl,
  };
}

/** Config keys whose attribute value is a comma-separated list. */
const LIST_KEYS = new Set(["redact", "trace.propagate", "trace.requestIdHeaders"]);
/** Config keys whose attribute is a flag (present = true, "false" = false). */
const FLAG_KEYS = new Set(["debug"]);
/** Config keys whose attribute value is a number. */
const NUMBER_KEYS = new Set(["retention.days", "retention.maxEvents"]);
/** Nested keys written in kebab-case on the tag: `data-report-endpoint` → `report.endpoint`. */
const NESTED = ["report", "telemetry", "trace", "retention"];

/**
 * Reads the `data-*` attributes of the script tag into a config (SPEC §2): the attribute is
 * the kebab-case of the config key, nested keys joined by `-`, lists comma-separated:
 * `data-report-endpoint="/x"` → `{ report: { endpoint: "/x" } }`. Unknown attributes are
 * returned in `unknown`, for a debug warning.
 */
export function configFromAttributes(attributes: Iterable<{ name: string; value: string }>): {
  config: WaymarkConfig;
  unknown: string[];
} {
  const config: Record<string, unknown> = {};
  const unknown: string[] = [];
  for (const { name, value: raw } of attributes) {
    if (!name.startsWith("data-")) continue;
    const [first = "", ...rest] = name.slice(5).split("-");
    const camel = (parts: string[]) =>
      parts.map((p, i) => (i === 0 ? p : p.charAt(0).toUpperCase() + p.slice(1))).join("");
    const parent = NESTED.includes(first) && rest.length > 0 ? first : undefined;
    const path = parent ? `${parent}.${camel(rest)}` : camel([first, ...rest]);
    if (!KNOWN_PATHS.has(path)) {
      unknown.push(name);
      continue;
    }
    let value: unknown = raw;
    if (FLAG_KEYS.has(path)) value = raw !== "false";
    else if (NUMBER_KEYS.has(path)) value = Number(raw);
    else if (LIST_KEYS.has(path))
      value = raw
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
    if (parent) {
      const obj = (config[parent] ??= {}) as Record<string, unknown>;
      obj[path.slice(parent.length + 1)] = value;
    } else {
      config[path] = value;
    }
  }
  return { config: config as WaymarkConfig, unknown };
}

const KNOWN_PATHS = new Set([
  "guides",
  "locale",
  "report.endpoint",
  "report.email",
  "consent",
  "telemetry.otlp",
  "status",
  "trace.propagate",
  "trace.requestIdHeaders",
  "redact",
  "retention.days",
  "retention.maxEvents",
  "debug",
  "nonce",
]);
