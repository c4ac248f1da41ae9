// What end-to-end tests drive: failure injection, the request log, the status feed, an echo
// and a slow endpoint, and the problem-report sink. Control routes (`/api/__reset`,
// `/api/__fail`, `/api/__log`, `/api/__status`, reading/clearing `/support/reports`) are
// neither logged nor failable, so a test's own bookkeeping never shows up in what it asserts.
import { pathGlobToRegExp, randomId, sendError, sendJson } from "./http-util.mjs";

/** Statuspage indicators and their stock descriptions. */
const STATUS_DESCRIPTIONS = {
  none: "All Systems Operational",
  minor: "Minor Service Outage",
  major: "Partial System Outage",
  critical: "Major System Outage",
  maintenance: "Service Under Maintenance",
};

/** Default body for an injected failure: `[code, message]`, plus 422 `fields` below. */
const FAILURE_BODIES = {
  400: ["bad_request", "The request could not be understood."],
  401: ["invalid_api_key", "Your session has expired or the API key is not valid."],
  402: ["card_declined", "Your card was declined."],
  403: ["forbidden", "You don't have permission to do that."],
  404: ["not_found", "That item no longer exists."],
  409: ["conflict", "Someone else changed this item. Reload and try again."],
  422: ["validation_failed", "Please fix the highlighted fields."],
  429: ["rate_limited", "Too many requests. Try again in a moment."],
  500: ["internal", "Something went wrong on our side."],
  502: ["bad_gateway", "An upstream service did not answer."],
  503: ["unavailable", "Ledgerly is temporarily unavailable."],
  504: ["gateway_timeout", "An upstream service took too long to answer."],
};

/**
 * An OpenTelemetry Collector stand-in: `POST /v1/logs` stores OTLP/HTTP JSON bodies, `GET`
 * lists them, `DELETE` clears them. Failures are injected like any route
 * (`POST /api/__fail {"route": "/v1/logs", "status": 503, "retryAfter": 1}`).
 */
export const OTLP_LOGS_PATH = "/v1/logs";

const CONTROL_PATHS = new Set(["/api/__reset", "/api/__fail", "/api/__log", "/api/__status"]);

/** True for routes tests use to steer the server (not logged, never failed on purpose). */
export function isControlRequest(method, path) {
  return (
    CONTROL_PATHS.has(path) ||
    ((path === "/support/reports" || path === OTLP_LOGS_PATH) && method !== "POST")
  );
}

export function createTestControls({ sleeper, resetData, baseUrl }) {
  let rules = [];
  /** Every logged request, oldest first; the array object stays the same across resets. */
  const log = [];
  /** Every received problem report, oldest first. */
  const reports = [];
  /** Every OTLP logs export received at /v1/logs, oldest first. */
  const otlpLogs = [];
  let status = freshStatus();

  function freshStatus() {
    return {
      indicator: "none",
      description: STATUS_DESCRIPTIONS.none,
      updatedAt: new Date().toISOString(),
    };
  }

  function reset() {
    resetData();
    rules = [];
    log.length = 0;
    reports.length = 0;
    otlpLogs.length = 0;
    status = freshStatus();
  }

  /** Adds a log entry for a request; status and duration are filled in when it ends. */
  function record(req, url, requestId, res) {
    const started = Date.now();
    const entry = {
      id: requestId,
      time: new Date(started).toISOString(),
      method: req.method,
      path: url.pathname,
      query: url.search,
      headers: { ...req.headers },
      status: null,
      dropped: false,
      durationMs: null,
    };
    log.push(entry);
    res.on("finish", () => {
      entry.status = res.statusCode;
      entry.durationMs = Date.now() - started;
    });
    return entry;
  }

  /**
   * The failure to apply to this request, if any: a `?__fail=` query override first, then
   * the first matching rule with tries left (which uses up one try).
   */
  function takeFailure(method, path, query) {
    if (query.has("__fail") || query.has("__delay")) {
      const raw = query.get("__fail");
      return {
        status: raw === null || raw === "" ? null : raw === "drop" ? "drop" : Number(raw),
        delayMs: Number(query.get("__delay") ?? 0) || 0,
        retryAfter: query.get("__retryAfter") ?? undefined,
      };
    }
    const search = query.toString();
    const rule = rules.find(
      (r) =>
        r.remaining > 0 &&
        (!r.method || r.method === method) &&
        r.pattern.test(path) &&
        (!r.query || search.includes(r.query)),
    );
    if (!rule) return null;
    rule.remaining -= 1;
    rule.used += 1;
    return rule;
  }

  function failureBody(status, path) {
    const [code, message] = FAILURE_BODIES[status] ?? [
      `http_${status}`,
      `The request failed with status ${status}.`,
    ];
    const error = { code, message };
    if (status === 422) {
      error.fields = path === "/api/invoices" ? { amount: "Amount must be more than 0" } : {};
    }
    return { error };
  }

  /** Sends (or drops) the injected failure; returns false for delay-only rules. */
  function respondWithFailure(req, res, path, failure, entry) {
    if (failure.status === null || failure.status === undefined) return false;
    if (failure.status === "drop") {
      if (entry) entry.dropped = true;
      req.socket.destroy();
      return true;
    }
    const headers = {};
    if (failure.retryAfter !== undefined) headers["retry-after"] = String(failure.retryAfter);
    sendJson(res, failure.status, failure.body ?? failureBody(failure.status, path), headers);
    return true;
  }

  function parseRule(input) {
    if (!input || typeof input !== "object")
      return 'Send a JSON object like {"route": "/api/invoices", "status": 500}.';
    const { route, method, status, times = 1, delayMs = 0, retryAfter, body, query } = input;
    if (typeof route !== "string" || !route.startsWith("/")) {
      return '"route" must be a path starting with "/", e.g. "/api/invoices" (globs: * and ** allowed).';
    }
    const statusOk =
      status === "drop" ||
      (Number.isInteger(status) && status >= 100 && status <= 599) ||
      status == null;
    if (!statusOk) return '"status" must be an HTTP status code (e.g. 500) or "drop".';
    if (status == null && !(delayMs > 0)) return 'Give a "status", a "delayMs", or both.';
    if (query !== undefined && typeof query !== "string")
      return '"query" must be a string the query must contain, e.g. "run=abc".';
    if (!Number.isInteger(times) || times < 1)
      return '"times" must be a whole number of 1 or more.';
    if (typeof delayMs !== "number" || delayMs < 0 || delayMs > 60_000) {
      return '"delayMs" must be between 0 and 60000.';
    }
    return {
      id: randomId("fail_"),
      route,
      pattern: pathGlobToRegExp(route.split("?")[0]),
      method: method ? String(method).toUpperCase() : undefined,
      status: status ?? null,
      times,
      remaining: times,
      used: 0,
      delayMs,
      retryAfter,
      body,
      // Only requests whose query string contains this (lets parallel tests fail their own requests).
      query,
    };
  }

  const publicRule = ({ pattern: _pattern, ...rule }) => rule;

  function statusDocument() {
    return {
      page: {
        id: "ledgerly-demo",
        name: "Ledgerly",
        url: baseUrl(),
        time_zone: "Etc/UTC",
        updated_at: status.updatedAt,
      },
      status: { indicator: status.indicator, description: status.description },
    };
  }

  const routes = {
    "POST /api/__reset": (ctx) => {
      reset();
      sendJson(ctx.res, 200, { reset: true });
    },

    "GET /api/__fail": (ctx) => sendJson(ctx.res, 200, rules.map(publicRule)),
    "POST /api/__fail": (ctx) => {
      const rule = parseRule(ctx.body);
      if (typeof rule === "string") return sendError(ctx.res, 400, "invalid_rule", rule);
      rules.push(rule);
      sendJson(ctx.res, 201, { rule: publicRule(rule), rules: rules.map(publicRule) });
    },
    "DELETE /api/__fail": (ctx) => {
      const cleared = rules.length;
      rules = [];
      sendJson(ctx.res, 200, { cleared });
    },

    // ?path=/api/invoices and ?method=POST narrow the list.
    "GET /api/__log": (ctx) => {
      const path = ctx.url.searchParams.get("path");
      const method = ctx.url.searchParams.get("method");
      const entries = log.filter(
        (e) => (!path || e.path === path) && (!method || e.method === method.toUpperCase()),
      );
      sendJson(ctx.res, 200, entries);
    },
    "DELETE /api/__log": (ctx) => {
      const cleared = log.length;
      log.length = 0;
      sendJson(ctx.res, 200, { cleared });
    },

    "GET /api/__status": (ctx) => sendJson(ctx.res, 200, statusDocument()),
    "POST /api/__status": (ctx) => {
      const indicator = ctx.body.indicator ?? "none";
      if (!(indicator in STATUS_DESCRIPTIONS)) {
        return sendError(
          ctx.res,
          400,
          "invalid_status",
          `"indicator" must be one of: ${Object.keys(STATUS_DESCRIPTIONS).join(", ")}.`,
        );
      }
      status = {
        indicator,
        description: String(ctx.body.description || STATUS_DESCRIPTIONS[indicator]),
        updatedAt: new Date().toISOString(),
      };
      sendJson(ctx.res, 200, statusDocument());
    },
    "DELETE /api/__status": (ctx) => {
      status = freshStatus();
      sendJson(ctx.res, 200, statusDocument());
    },

    // Like a hosted status page, readable from any origin.
    "GET /status.json": (ctx) => {
      const corsSet = ctx.res.hasHeader("access-control-allow-origin");
      sendJson(
        ctx.res,
        200,
        statusDocument(),
        corsSet ? {} : { "access-control-allow-origin": "*" },
      );
    },

    // Any method; ?delay=ms waits before answering.
    "* /api/__echo": async (ctx) => {
      await sleeper.sleep(Math.min(Number(ctx.url.searchParams.get("delay")) || 0, 60_000));
      sendJson(ctx.res, 200, {
        method: ctx.req.method,
        path: ctx.url.pathname,
        query: Object.fromEntries(ctx.url.searchParams),
        headers: ctx.req.headers,
        body: ctx.text === "" ? null : ctx.bodyParsed ? ctx.body : ctx.text,
      });
    },

    "GET /api/__slow": async (ctx) => {
      const ms = Math.min(Number(ctx.url.searchParams.get("ms") ?? 1000) || 0, 60_000);
      await sleeper.sleep(ms);
      sendJson(ctx.res, 200, { ok: true, ms });
    },

    "POST /support/reports": (ctx) => {
      if (!ctx.bodyParsed)
        return sendError(ctx.res, 400, "invalid_json", "The report body must be JSON.");
      const report = {
        id: randomId("rep_"),
        receivedAt: new Date().toISOString(),
        contentType: ctx.req.headers["content-type"] ?? null,
        query: ctx.url.search,
        body: ctx.body,
      };
      reports.push(report);
      sendJson(ctx.res, 201, { id: report.id, received: true });
    },
    "GET /support/reports": (ctx) => sendJson(ctx.res, 200, reports),

    [`POST ${OTLP_LOGS_PATH}`]: (ctx) => {
      if (!ctx.bodyParsed)
        return sendError(
          ctx.res,
          400,
          "invalid_json",
          "Send OTLP/HTTP JSON (ExportLogsServiceRequest).",
        );
      otlpLogs.push({
        receivedAt: new Date().toISOString(),
        contentType: ctx.req.headers["content-type"] ?? null,
        body: ctx.body,
      });
      // An empty ExportLogsServiceResponse: everything accepted.
      sendJson(ctx.res, 200, {});
    },
    [`GET ${OTLP_LOGS_PATH}`]: (ctx) => sendJson(ctx.res, 200, otlpLogs),
    [`DELETE ${OTLP_LOGS_PATH}`]: (ctx) => {
      const cleared = otlpLogs.length;
      otlpLogs.length = 0;
      sendJson(ctx.res, 200, { cleared });
    },
    "DELETE /support/reports": (ctx) => {
      const cleared = reports.length;
      reports.length = 0;
      sendJson(ctx.res, 200, { cleared });
    },
  };

  return { routes, log, reports, reset, record, takeFailure, respondWithFailure };
}
