// Ledgerly demo server: the demo product (/app/), the built widget (/waymark/ → dist/),
// guides, test fixtures, Preact/htm for the demo pages (/vendor/), and an in-memory JSON API
// with failure injection for end-to-end tests (see api.mjs). Plain node:http, no
// dependencies, and it only ever listens on 127.0.0.1.
//
//   node demo/server.mjs [--port 5173]        (or PORT=5173)
//   import { startServer } from "./demo/server.mjs"; const server = await startServer();
import { readFile, stat } from "node:fs/promises";
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createApi, isApiPath } from "./api.mjs";
import { createSleeper, sendJson, sendText } from "./http-util.mjs";

const DEFAULT_ROOT = fileURLToPath(new URL("..", import.meta.url));
const DEFAULT_PORT = 5173;

const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};

/** URL prefix → folder under the repo root. */
const MOUNTS = [
  ["/app/", "demo/app"],
  ["/waymark/", "dist"],
  ["/guides/", "guides"],
  ["/test/fixtures/", "test/fixtures"],
];

/**
 * `/test/csp/<file>` serves `test/fixtures/<file>` under a strict CSP with Trusted Types, for
 * the CSP end-to-end tests; `?nonce=abc` adds `'nonce-abc'` to `style-src`, and
 * `?script-nonce=abc` allows scripts only by that nonce (`script-src 'nonce-abc'`, no `'self'`).
 */
const CSP_PREFIX = "/test/csp/";
function strictCsp(nonce, scriptNonce) {
  const style = nonce ? `'self' 'nonce-${nonce}'` : "'self'";
  const script = scriptNonce ? `'nonce-${scriptNonce}'` : "'self'";
  return `default-src 'self'; script-src ${script}; style-src ${style}; require-trusted-types-for 'script'`;
}

/** ES modules for pages that use Preact + htm through an import map. */
const VENDOR_FILES = {
  "/vendor/preact.mjs": "node_modules/preact/dist/preact.module.js",
  "/vendor/preact-hooks.mjs": "node_modules/preact/hooks/dist/hooks.module.js",
  "/vendor/htm.mjs": "node_modules/htm/dist/htm.module.js",
  // Named by the files' own `//# sourceMappingURL=` comments.
  "/vendor/preact.module.js.map": "node_modules/preact/dist/preact.module.js.map",
  "/vendor/hooks.module.js.map": "node_modules/preact/hooks/dist/hooks.module.js.map",
};

/**
 * Starts the demo server.
 * @param {{ port?: number, host?: string, root?: string }} [options]
 *   port: 0 (default) picks a free port; host: 127.0.0.1 only; root: the repo root.
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void>,
 *   log: object[], reports: object[], reset: () => void }>}
 *   `url` has no trailing slash (`${url}/app/`); `log` and `reports` are the live arrays
 *   behind `GET /api/__log` and `GET /support/reports`; `reset()` = `POST /api/__reset`.
 */
export async function startServer({ port = 0, host = "127.0.0.1", root = DEFAULT_ROOT } = {}) {
  if (host !== "127.0.0.1" && host !== "localhost") {
    throw new Error(
      `The Ledgerly demo server only listens on 127.0.0.1 (got host "${host}"); it is a test server.`,
    );
  }
  const rootDir = path.resolve(root);
  const sleeper = createSleeper();
  let url = "";
  const api = createApi({ sleeper, baseUrl: () => url });

  const server = createServer((req, res) => {
    // No keep-alive: Chromium silently resends a request whose *reused* socket closes without
    // a response, so an injected "drop" would reach the page as the retry's success instead
    // of a network error. Fresh connections are never retried that way.
    res.setHeader("connection", "close");
    route(req, res).catch((error) => {
      console.error("[ledgerly demo]", error);
      if (res.headersSent) res.destroy();
      else
        sendJson(res, 500, {
          error: { code: "server_bug", message: `Demo server error: ${error.message}` },
        });
    });
  });

  async function route(req, res) {
    let requestUrl;
    try {
      requestUrl = new URL(req.url ?? "/", "http://127.0.0.1");
    } catch {
      return sendText(res, 400, "Bad request URL");
    }
    const pathname = requestUrl.pathname;
    if (isApiPath(pathname)) return api.handle(req, res, requestUrl);
    if (req.method !== "GET" && req.method !== "HEAD") {
      return sendText(res, 405, `${req.method} is not allowed on static files.`, {
        allow: "GET, HEAD",
      });
    }
    if (pathname === "/" || pathname === "/index.html")
      return serveFile(req, res, path.join(rootDir, "index.html"));
    if (pathname === "/app") return redirect(res, "/app/" + requestUrl.search);
    if (pathname === "/favicon.ico")
      return serveFile(req, res, path.join(rootDir, "demo/app/favicon.svg"));
    if (VENDOR_FILES[pathname])
      return serveFile(req, res, path.join(rootDir, VENDOR_FILES[pathname]));

    if (pathname.startsWith(CSP_PREFIX)) {
      const relative = safeRelative(pathname.slice(CSP_PREFIX.length));
      if (relative === null) return sendText(res, 400, "Bad path");
      const file = await resolveStatic(path.join(rootDir, "test/fixtures"), relative);
      if (!file) return notFound(res, pathname);
      const nonceParam = (name) => {
        const value = requestUrl.searchParams.get(name);
        return value && /^[\w+/=-]+$/.test(value) ? value : null;
      };
      return serveFile(req, res, file, {
        "content-security-policy": strictCsp(nonceParam("nonce"), nonceParam("script-nonce")),
      });
    }

    const mount = MOUNTS.find(([prefix]) => pathname.startsWith(prefix));
    if (!mount) return notFound(res, pathname);
    const [prefix, folder] = mount;
    const baseDir = path.join(rootDir, folder);
    const relative = safeRelative(pathname.slice(prefix.length));
    if (relative === null) return sendText(res, 400, "Bad path");

    if (prefix === "/waymark/") {
      const file = await existingFile(path.join(baseDir, relative));
      if (!file) {
        return sendText(
          res,
          404,
          `dist/${relative || "waymark.js"} is missing — run npm run build`,
        );
      }
      return serveFile(req, res, file);
    }
    const file =
      prefix === "/app/"
        ? await resolveAppPage(baseDir, relative)
        : await resolveStatic(baseDir, relative);
    if (!file) return notFound(res, pathname);
    return serveFile(req, res, file);
  }

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const actualPort = server.address().port;
  url = `http://127.0.0.1:${actualPort}`;

  let closing = null;
  return {
    url,
    port: actualPort,
    log: api.log,
    reports: api.reports,
    reset: api.reset,
    close() {
      closing ??= new Promise((resolve) => {
        sleeper.cancelAll();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/**
 * Decodes a URL path remainder and keeps it inside its folder: `..` segments are resolved
 * against a virtual root, so `/app/../../etc/passwd` can only ever name `demo/app/etc/passwd`.
 */
function safeRelative(rawRelative) {
  let decoded;
  try {
    decoded = decodeURIComponent(rawRelative);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  const trailingSlash = decoded.endsWith("/");
  const normalized = path.posix.normalize("/" + decoded).slice(1);
  return trailingSlash && normalized && !normalized.endsWith("/") ? normalized + "/" : normalized;
}

async function existingFile(file) {
  try {
    return (await stat(file)).isFile() ? file : null;
  } catch {
    return null;
  }
}

/** A file, or a folder's index.html. */
async function resolveStatic(baseDir, relative) {
  const file = path.join(baseDir, relative);
  if (!isInside(baseDir, file)) return null;
  return (await existingFile(file)) ?? (await existingFile(path.join(file, "index.html")));
}

/**
 * Demo app pages use clean URLs: `/app/customers` → customers.html,
 * `/app/invoices/new` → invoices/new.html, and every `/app/settings/...` path is the
 * settings single-page app.
 */
async function resolveAppPage(baseDir, relative) {
  const withoutSlash = relative.replace(/\/$/, "");
  const candidates = [relative === "" ? "index.html" : relative, withoutSlash + ".html"];
  if (withoutSlash === "settings" || withoutSlash.startsWith("settings/"))
    candidates.push("settings.html");
  for (const candidate of candidates) {
    const file = await resolveStatic(baseDir, candidate);
    if (file) return file;
  }
  return null;
}

function isInside(baseDir, file) {
  return file === baseDir || file.startsWith(baseDir + path.sep);
}

async function serveFile(req, res, file, extraHeaders = {}) {
  let body;
  try {
    body = await readFile(file);
  } catch {
    return notFound(res, file);
  }
  res.writeHead(200, {
    "content-type": CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream",
    "content-length": body.length,
    // Always fetched fresh, yet (unlike no-store) pages stay eligible for the back/forward cache.
    "cache-control": "no-cache",
    "x-content-type-options": "nosniff",
    ...extraHeaders,
  });
  res.end(req.method === "HEAD" ? undefined : body);
}

function redirect(res, location) {
  res.writeHead(302, { location, "cache-control": "no-store" });
  res.end();
}

function notFound(res, pathname) {
  res.writeHead(404, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(`<!doctype html><html lang="en"><meta charset="utf-8"><title>Not found · Ledgerly</title>
<p>Nothing here (${escapeHtml(String(pathname))}). <a href="/app/">Back to Ledgerly</a></p></html>\n`);
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function portFromArgs(argv, env) {
  const flag = argv.indexOf("--port");
  const raw = flag !== -1 ? argv[flag + 1] : env.PORT;
  if (raw === undefined) return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`"${raw}" is not a port number; use e.g. --port 5173.`);
  }
  return port;
}

const runDirectly =
  process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (runDirectly) {
  try {
    const server = await startServer({ port: portFromArgs(process.argv.slice(2), process.env) });
    console.log(`Ledgerly demo: ${server.url}/app/  ·  playground: ${server.url}/`);
    const stop = () => server.close().then(() => process.exit(0));
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  } catch (error) {
    if (error.code === "EADDRINUSE") {
      console.error(
        `Port ${error.port} is already in use. Stop the other server or pass --port <n>.`,
      );
    } else {
      console.error(error.message);
    }
    process.exit(1);
  }
}
