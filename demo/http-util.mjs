// Small response and body helpers shared by the demo server's routes.
import { randomBytes } from "node:crypto";

/** Largest request body the demo accepts (1 MB); problem reports are well below this. */
export const MAX_BODY_BYTES = 1_000_000;

/** A fresh request id in the shape real APIs use, e.g. `req_3f9a0c1d2e4b5a69`. */
export function newRequestId() {
  return randomId("req_", 8);
}

export function sendJson(res, status, body, headers = {}) {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    ...headers,
  });
  res.end(text);
}

/** Errors always look like `{"error": {"code", "message", ...extra}}`. */
export function sendError(res, status, code, message, extra = {}) {
  sendJson(res, status, { error: { code, message, ...extra } });
}

export function sendText(res, status, text, headers = {}) {
  res.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    "cache-control": "no-store",
    ...headers,
  });
  res.end(text);
}

/** Reads the whole body as text; rejects with `{ status: 413 }` past the size limit. */
export function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    // Past the limit keep draining (not destroying) so the 413 can still be sent.
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => {
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error("Request body too large"), { status: 413 }));
      } else {
        resolve(Buffer.concat(chunks).toString("utf8"));
      }
    });
    req.on("error", reject);
  });
}

/**
 * Parses a request body as JSON whatever its content type: `navigator.sendBeacon` posts
 * strings as text/plain, and the reports sink must accept those too.
 * An empty body parses as `{}` so "POST with no body" behaves like "POST with no fields".
 */
export function parseJsonBody(text) {
  if (text.trim() === "") return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, value: undefined };
  }
}

/** A random id with a prefix, e.g. `rep_9c1d2e4b5a69`. */
export function randomId(prefix, bytes = 6) {
  return prefix + randomBytes(bytes).toString("hex");
}

/** Waits `ms`, unless the owning server closes first (then resolves at once). */
export function createSleeper() {
  const pending = new Set();
  return {
    sleep(ms) {
      return new Promise((resolve) => {
        const entry = { resolve, timer: setTimeout(() => done(), Math.max(0, ms)) };
        function done() {
          pending.delete(entry);
          resolve();
        }
        pending.add(entry);
      });
    },
    cancelAll() {
      for (const entry of pending) {
        clearTimeout(entry.timer);
        entry.resolve();
      }
      pending.clear();
    },
  };
}

/** Path glob as in guide files: `*` is one path segment, `**` any number of segments. */
export function pathGlobToRegExp(glob) {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === "*" && glob[i + 1] === "*") {
      source += ".*";
      i++;
    } else if (char === "*") {
      source += "[^/]*";
    } else {
      source += char.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
    }
  }
  return new RegExp("^" + source + "$");
}
