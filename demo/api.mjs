// Dispatches the demo server's dynamic routes (`/api/*`, `/support/*`, `/status.json`):
// request id, CORS for loopback origins, request log, failure injection, then the route.
import { newRequestId, parseJsonBody, readBody, sendError } from "./http-util.mjs";
import { createLedgerApi } from "./ledger-api.mjs";
import { createTestControls, isControlRequest } from "./test-controls.mjs";

const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Routes that take any body (or none) rather than a JSON object. */
const ANY_BODY_ROUTES = new Set(["* /api/__echo", "POST /support/reports"]);

export function isApiPath(path) {
  return (
    path.startsWith("/api/") ||
    path.startsWith("/support/") ||
    path === "/status.json" ||
    path === "/v1/logs"
  );
}

/**
 * @param {{ sleeper: ReturnType<import("./http-util.mjs").createSleeper>, baseUrl: () => string }} options
 */
export function createApi({ sleeper, baseUrl }) {
  const ledger = createLedgerApi();
  const controls = createTestControls({ sleeper, baseUrl, resetData: () => ledger.reset() });
  const table = compileRoutes({ ...ledger.routes, ...controls.routes });

  async function handle(req, res, url) {
    const { method } = req;
    const path = url.pathname;
    const requestId = newRequestId();
    res.setHeader("x-request-id", requestId);
    res.setHeader("cache-control", "no-store");
    allowLoopbackCors(req, res);
    if (method === "OPTIONS") {
      res.writeHead(204);
      res.end();
      return;
    }

    if (!isControlRequest(method, path)) {
      const entry = controls.record(req, url, requestId, res);
      const failure = controls.takeFailure(method, path, url.searchParams);
      if (failure) {
        if (failure.delayMs) await sleeper.sleep(failure.delayMs);
        if (controls.respondWithFailure(req, res, path, failure, entry)) return;
      }
    }

    const match = table.match(method, path);
    if (!match.route) {
      if (match.allowed.length > 0) {
        res.setHeader("allow", match.allowed.join(", "));
        return sendError(
          res,
          405,
          "method_not_allowed",
          `${path} accepts ${match.allowed.join(", ")}, not ${method}.`,
        );
      }
      return sendError(res, 404, "not_found", `No API route for ${method} ${path}.`);
    }

    const ctx = {
      req,
      res,
      url,
      params: match.params,
      requestId,
      text: "",
      body: {},
      bodyParsed: false,
    };
    if (BODY_METHODS.has(method) || match.route.key === "* /api/__echo") {
      try {
        ctx.text = await readBody(req);
      } catch (error) {
        if (error.status === 413)
          return sendError(res, 413, "payload_too_large", "The request body is larger than 1 MB.");
        throw error;
      }
      const parsed = parseJsonBody(ctx.text);
      ctx.bodyParsed = parsed.ok;
      if (parsed.ok) ctx.body = parsed.value;
      const needsObject = BODY_METHODS.has(method) && !ANY_BODY_ROUTES.has(match.route.key);
      if (needsObject && (!parsed.ok || !isPlainObject(parsed.value))) {
        return sendError(res, 400, "invalid_json", "Send the request body as a JSON object.");
      }
    }
    await match.route.handler(ctx);
  }

  return { handle, log: controls.log, reports: controls.reports, reset: controls.reset };
}

/** Route keys look like `"POST /api/keys/:id"`; method `*` matches any method. */
function compileRoutes(handlers) {
  const routes = Object.entries(handlers).map(([key, handler]) => {
    const [method, path] = key.split(" ");
    const names = [];
    const source = path
      .split("/")
      .map((part) => {
        if (!part.startsWith(":")) return part.replace(/[.+?^${}()|[\]\\*]/g, "\\$&");
        names.push(part.slice(1));
        return "([^/]+)";
      })
      .join("/");
    return { key, method, pattern: new RegExp(`^${source}$`), names, handler };
  });

  return {
    match(method, path) {
      const allowed = [];
      for (const route of routes) {
        const found = route.pattern.exec(path);
        if (!found) continue;
        if (route.method === "*" || route.method === method) {
          const params = Object.fromEntries(
            route.names.map((n, i) => [n, decodeURIComponent(found[i + 1])]),
          );
          return { route, params, allowed };
        }
        allowed.push(route.method);
      }
      return { route: null, params: {}, allowed };
    },
  };
}

/** Lets test pages on another loopback origin (e.g. localhost vs 127.0.0.1) call the API. */
function allowLoopbackCors(req, res) {
  const origin = req.headers.origin;
  if (!origin || !/^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(origin)) return;
  res.setHeader("access-control-allow-origin", origin);
  res.setHeader("access-control-allow-credentials", "true");
  res.setHeader("access-control-expose-headers", "x-request-id, retry-after");
  res.setHeader("vary", "origin");
  if (req.method === "OPTIONS") {
    res.setHeader("access-control-allow-methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
    res.setHeader(
      "access-control-allow-headers",
      req.headers["access-control-request-headers"] || "content-type",
    );
    res.setHeader("access-control-max-age", "600");
  }
}

function isPlainObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
