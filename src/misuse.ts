/**
 * Misuse detection for the integrating developer (printed with `debug: true`): mistakes in the
 * config and in how guides meet the page that would otherwise fail silently. Each message says
 * what is wrong, what Waymark does about it, how to fix it, and where to read more.
 */
import type { ResolvedConfig, WaymarkConfig } from "./config";
import { DOCS, type Diagnostics } from "./diagnostics";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks the report, consent and related settings once, when Waymark starts. */
export function checkConfigMisuse(
  given: WaymarkConfig,
  config: ResolvedConfig,
  pageUrl: string,
  diagnostics: Diagnostics,
): void {
  const { endpoint, email } = config.report;
  const consent: unknown = given.consent;
  if (consent !== undefined && consent !== "ask" && consent !== "granted" && consent !== "denied") {
    diagnostics.misuse(
      "consent-invalid",
      `consent is ${JSON.stringify(consent)}, which Waymark does not know, so it asks the user ("ask"). Use "ask", "granted" or "denied" (data-consent="granted"). See ${DOCS}/embedding.md#consent.`,
    );
  }
  if (consent === "ask" && !endpoint && !email && !config.telemetry.otlp) {
    diagnostics.misuse(
      "consent-without-destination",
      `consent is "ask", but no report destination is configured, so nothing would ever leave the device and there is nothing to ask about: problem reports only reach Waymark.on("report") listeners. Set report.endpoint (data-report-endpoint="/support/reports") or report.email (data-report-email="help@example.com"), or drop the consent setting. See ${DOCS}/reports.md.`,
    );
  }
  if (endpoint && email) {
    diagnostics.misuse(
      "report-both",
      `Both report.endpoint and report.email are set; reports go to the endpoint ${endpoint} and the email address is never used. Keep one of them. See ${DOCS}/reports.md.`,
    );
  }
  if (endpoint) {
    let url: URL | undefined;
    try {
      url = new URL(endpoint, pageUrl);
    } catch {
      diagnostics.misuse(
        "report-endpoint-invalid",
        `report.endpoint "${endpoint}" is not a URL, so reports fall back to ${email ? "the email address" : 'Waymark.on("report") listeners'}. Use an absolute URL or a path such as "/support/reports". See ${DOCS}/reports.md.`,
      );
    }
    if (url && url.protocol !== "https:" && url.protocol !== "http:") {
      diagnostics.misuse(
        "report-endpoint-invalid",
        `report.endpoint "${endpoint}" is a ${url.protocol} URL; reports are sent with an HTTP POST, so use an https: URL or a path such as "/support/reports". See ${DOCS}/reports.md.`,
      );
    } else if (url && url.protocol === "http:" && pageUrl.startsWith("https:")) {
      diagnostics.misuse(
        "report-endpoint-insecure",
        `report.endpoint "${endpoint}" is plain http: on an https: page; the browser blocks it as mixed content, so reports would never arrive. Use an https: URL. See ${DOCS}/reports.md.`,
      );
    }
  }
  if (email && !EMAIL.test(email)) {
    diagnostics.misuse(
      "report-email-invalid",
      `report.email "${email}" does not look like an email address, so the mail client would open with a broken "To". Use an address such as "help@example.com". See ${DOCS}/reports.md.`,
    );
  }
}

/** A short, readable description of an element: `button#pay.primary`. */
function describeElement(el: Element): string {
  const id = el.id ? `#${el.id}` : "";
  // The highlight's own classes (driver-*, waymark-*) are not the author's.
  const classes = Array.from(el.classList)
    .filter((c) => !/^(driver|waymark)-/.test(c))
    .slice(0, 2)
    .map((c) => `.${c}`)
    .join("");
  return `${el.tagName.toLowerCase()}${id}${classes}`;
}

const isVisible = (el: Element) => el.getClientRects().length > 0;

/**
 * Says so when a step's target selector matches several visible elements: Waymark points at
 * the first, which may not be the one the guide's author meant (a list row, a duplicated
 * mobile/desktop button).
 */
export function checkStepTarget(
  where: { guide: string; step: string; file: string },
  selector: string,
  doc: Document,
  diagnostics: Diagnostics,
): void {
  let matches: Element[];
  try {
    matches = Array.from(doc.querySelectorAll(selector)).filter(isVisible);
  } catch {
    return; // An invalid selector is reported by the guide validator.
  }
  if (matches.length < 2) return;
  diagnostics.misuse(
    "target-ambiguous",
    `Step "${where.step}" of guide "${where.guide}": target "${selector}" matches ${matches.length} visible elements (${matches.slice(0, 3).map(describeElement).join(", ")}${matches.length > 3 ? ", …" : ""}); Waymark points at the first one. Make the selector match one element, e.g. with an id or a data-tour="…" attribute, in ${where.file}. See ${DOCS}/guides.md#step.`,
  );
}
