/**
 * Redaction before anything is stored or shown (SPEC §5, §6): secret-looking headers, query
 * and fragment parameters, emails, card-number-like digit runs, and every input value.
 * Pure string work, no DOM, so capture, store and report can all use it.
 */

export const REDACTED = "[redacted]";

/**
 * Name fragments that mark a key (header, query parameter, data key) as secret. Matched as
 * parts of the name split on non-letters and camelCase, so `api_key`, `X-Api-Key`,
 * `accessToken` and `sessionid` are secret while `keyboard` or `monkey` are not.
 */
const SECRET_WORDS = [
  "auth",
  "authorization",
  "token",
  "secret",
  "session",
  "password",
  "passwd",
  "pwd",
  "pass",
  "key",
  "apikey",
  "jwt",
  "bearer",
  "sso",
  "saml",
  "samlresponse",
  "csrf",
  "xsrf",
  "credential",
  "credentials",
  "sid",
  "cookie",
  "signature",
  "sig",
  "otp",
];

/** Whole names that are secret even though no part of them is a secret word. */
const SECRET_NAMES = new Set([
  "set-cookie",
  "proxy-authorization",
  "x-amz-security-token",
  "sessionid",
  "phpsessid",
  "jsessionid",
  "accesstoken",
  "refreshtoken",
  "idtoken",
  "apikey",
  "sessionkey",
]);

/** Keys of data objects that always hold user input. */
const VALUE_KEYS = new Set(["value", "values", "input", "body"]);

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
// 12–19 digits, optionally grouped by spaces or dashes: card numbers, long account numbers.
const CARD = /\b\d(?:[ -]?\d){11,18}\b/g;
// Bearer / Basic credentials and JWT-shaped strings inside free text.
const AUTH_SCHEME = /\b(Bearer|Basic|Token)\s+[\w.~+/=-]+/gi;
const JWT = /\beyJ[\w-]+\.[\w-]+\.[\w-]*/g;
// key=value pairs inside free text ("token=abc", "password: hunter2").
const INLINE_PAIR = /\b([\w-]{2,40})(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&;,'"]+)/g;

function nameParts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

export interface Redactor {
  /** A URL with secret query/fragment parameters, user info, emails and card numbers redacted. */
  url(u: string): string;
  /** Free text (messages, stacks, notes) with emails, card numbers and credentials redacted. */
  text(s: string): string;
  /** Headers with credential and API-key headers redacted (names kept, lower-cased). */
  headers(h: Record<string, string>): Record<string, string>;
  /** A data value under `key`: secret keys and input values redacted, strings cleaned. */
  value(key: string, v: unknown): unknown;
  /** True when a header, parameter or data key name looks secret. */
  isSecretName(name: string): boolean;
}

/**
 * Creates a redactor. `extra` adds key names (matched like the built-in words, whole name or
 * name part) or `/regex/flags` patterns that are removed from text and URLs.
 */
export function createRedactor(extra: string[] = []): Redactor {
  const extraWords = new Set<string>();
  const extraPatterns: RegExp[] = [];
  for (const item of extra) {
    if (typeof item !== "string" || !item) continue;
    const m = /^\/(.+)\/([a-z]*)$/.exec(item);
    if (m) {
      try {
        extraPatterns.push(
          new RegExp(m[1] as string, (m[2] as string).includes("g") ? m[2] : `${m[2] ?? ""}g`),
        );
        continue;
      } catch {
        // Not a valid regex: treat it as a name.
      }
    }
    extraWords.add(item.toLowerCase());
  }
  const words = new Set([...SECRET_WORDS, ...extraWords]);

  function isSecretName(name: string): boolean {
    const lower = name.toLowerCase();
    if (SECRET_NAMES.has(lower) || words.has(lower)) return true;
    const parts = nameParts(name);
    if (parts.some((p) => words.has(p))) return true;
    // Glued words: "apikey", "sessionid", "authtoken", "xsrftoken".
    const glued = parts.join("");
    return (
      /(?:token|secret|passw|apikey|session|cookie|csrf|xsrf|signature|credential|jwt|bearer)/.test(
        glued,
      ) || [...extraWords].some((w) => glued.includes(w))
    );
  }

  function text(s: string): string {
    if (typeof s !== "string" || s === "") return s;
    let out = s
      .replace(AUTH_SCHEME, (_m, scheme: string) => `${scheme} ${REDACTED}`)
      .replace(JWT, REDACTED)
      .replace(/\bhttps?:\/\/[^\s"'<>)]+/g, (u) => url(u))
      .replace(INLINE_PAIR, (whole, name: string, sep: string, val: string) =>
        val === REDACTED || !isSecretName(name) ? whole : `${name}${sep}${REDACTED}`,
      )
      .replace(EMAIL, REDACTED)
      .replace(CARD, REDACTED);
    for (const pattern of extraPatterns) out = out.replace(pattern, REDACTED);
    return out;
  }

  function params(part: string): string {
    // Keeps the shape "a=1&b=2"; anything that is not key=value pairs is treated as text.
    return part
      .split("&")
      .map((pair) => {
        const eq = pair.indexOf("=");
        if (eq < 0) return text(pair);
        let name = pair.slice(0, eq);
        try {
          name = decodeURIComponent(name.replace(/\+/g, " "));
        } catch {
          // keep as written
        }
        if (isSecretName(name)) return `${pair.slice(0, eq)}=${REDACTED}`;
        let v = pair.slice(eq + 1);
        try {
          v = decodeURIComponent(v.replace(/\+/g, " "));
        } catch {
          // keep as written
        }
        const cleaned = text(v);
        return cleaned === v
          ? pair
          : `${pair.slice(0, eq)}=${encodeURIComponent(cleaned).replaceAll("%5Bredacted%5D", REDACTED)}`;
      })
      .join("&");
  }

  function url(u: string): string {
    if (typeof u !== "string" || u === "") return u;
    const hashAt = u.indexOf("#");
    const beforeHash = hashAt < 0 ? u : u.slice(0, hashAt);
    const hash = hashAt < 0 ? undefined : u.slice(hashAt + 1);
    const queryAt = beforeHash.indexOf("?");
    let base = queryAt < 0 ? beforeHash : beforeHash.slice(0, queryAt);
    const query = queryAt < 0 ? undefined : beforeHash.slice(queryAt + 1);
    // user:password@host
    base = base.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, `$1${REDACTED}@`);
    // Path segments: emails, card numbers and long tokens in paths ("/reset/<token>").
    base = base.replace(EMAIL, REDACTED).replace(CARD, REDACTED);
    for (const pattern of extraPatterns) base = base.replace(pattern, REDACTED);
    let out = base;
    if (query !== undefined) out += `?${params(query)}`;
    if (hash !== undefined) {
      // Fragments carry OAuth tokens ("#access_token=…") or SPA routes ("#/path?x=1").
      const q = hash.indexOf("?");
      out += `#${hash.includes("=") ? (q >= 0 && !hash.slice(0, q).includes("=") ? `${text(hash.slice(0, q))}?${params(hash.slice(q + 1))}` : params(hash)) : text(hash)}`;
    }
    return out;
  }

  function headers(h: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, v] of Object.entries(h ?? {})) {
      const lower = name.toLowerCase();
      out[lower] = isSecretName(lower) ? REDACTED : text(String(v));
    }
    return out;
  }

  function value(key: string, v: unknown): unknown {
    if (isSecretName(key) || VALUE_KEYS.has(key.toLowerCase()))
      return v === undefined || v === null ? v : REDACTED;
    if (typeof v === "string") return /url|href|link|referrer/i.test(key) ? url(v) : text(v);
    if (Array.isArray(v)) return v.map((item) => value(key, item));
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, inner] of Object.entries(v as Record<string, unknown>))
        out[k] = value(k, inner);
      return out;
    }
    return v;
  }

  return { url, text, headers, value, isSecretName };
}
