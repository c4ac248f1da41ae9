import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useBrowser } from "./browser";

/**
 * Waymark observes fetch and XMLHttpRequest without changing what the page sees: the same
 * table of calls (test/fixtures/semantics/cases.mjs: every call form, every header form,
 * Request bodies, streamed responses, abort and timeouts, network errors, no-cors opaque
 * responses, synchronous XHR…) must give identical results without Waymark, with it, and
 * with it loaded twice after another library's wrapper. The only intended difference, the
 * `traceparent` on same-origin requests, is asserted on its own.
 */

/** A third-party origin: a chunked stream, a CORS echo, and a plain (no CORS) response. */
function startThirdParty(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const cors = {
      "access-control-allow-origin": "*",
      "access-control-allow-headers": "*",
      "access-control-allow-methods": "GET, POST",
    };
    if (req.method === "OPTIONS") return void res.writeHead(204, cors).end();
    if (req.url === "/stream") {
      res.writeHead(200, { ...cors, "content-type": "text/plain" });
      let i = 0;
      const timer = setInterval(() => {
        res.write(`chunk ${i}\n`);
        if (++i === 5) {
          clearInterval(timer);
          res.end();
        }
      }, 25);
      return;
    }
    if (req.url === "/echo") {
      req.resume();
      req.on("end", () =>
        res
          .writeHead(200, { ...cors, "content-type": "application/json" })
          .end(JSON.stringify({ headers: req.headers })),
      );
      return;
    }
    res.writeHead(200, { "content-type": "text/plain" }).end("plain");
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }),
    ),
  );
}

const MODES = [
  { name: "with Waymark", page: "waymark.html" },
  { name: "with Waymark loaded twice after another wrapper", page: "wrapped.html" },
] as const;

describe("fetch and XMLHttpRequest behave the same with and without Waymark", () => {
  const browser = useBrowser();
  let thirdParty: { url: string; server: Server };
  let baseline: Record<string, unknown>;

  beforeAll(async () => {
    thirdParty = await startThirdParty();
  });
  afterAll(() => new Promise<void>((resolve) => thirdParty.server.close(() => resolve())));

  async function run(page: string) {
    const opened = await browser.open(
      `/test/fixtures/semantics/${page}?tp=${encodeURIComponent(thirdParty.url)}`,
    );
    await opened.page.waitForFunction(
      () => typeof (window as unknown as { runAll?: unknown }).runAll === "function",
    );
    await opened.page.waitForTimeout(300); // let Waymark load its help rules (the json clone path)
    const results = await opened.page.evaluate(() =>
      (window as unknown as { runAll(): Promise<Record<string, unknown>> }).runAll(),
    );
    return { ...opened, results };
  }

  it("without Waymark (the baseline)", async () => {
    ({ results: baseline } = await run("plain.html"));
    if (process.env.SHOW_BASELINE) console.log(JSON.stringify(baseline, null, 1));
    expect(Object.keys(baseline).length).toBeGreaterThan(30);
    expect(baseline["fetch: streamed response read chunk by chunk"]).toMatchObject({
      several: true,
    });
    expect(baseline["fetch: no-cors opaque response"]).toMatchObject({ type: "opaque", status: 0 });
  });

  for (const mode of MODES) {
    it(`${mode.name}: every case gives the same result`, async () => {
      const { results, page } = await run(mode.page);
      for (const name of Object.keys(baseline))
        expect({ [name]: results[name] }).toEqual({ [name]: baseline[name] });
      const wrapped = await page.evaluate(
        () => typeof (window as unknown as { Waymark?: unknown }).Waymark === "object",
      );
      expect(wrapped).toBe(true);
    });
  }

  it("adds traceparent to same-origin requests only, and observes them", async () => {
    const { page } = await run("waymark.html");
    const sent = await page.evaluate(async (tp) => {
      const same = await (await fetch("/api/__echo")).json();
      const x = new XMLHttpRequest();
      x.open("GET", "/api/__echo", false);
      x.send();
      const third = await (await fetch(`${tp}/echo`)).json();
      return {
        fetch: same.headers.traceparent,
        xhr: JSON.parse(x.responseText).headers.traceparent,
        thirdParty: third.headers.traceparent ?? null,
      };
    }, thirdParty.url);
    expect(sent.fetch).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(sent.xhr).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(sent.thirdParty).toBeNull();
  });

  it("resolves URLs as the browser does: with a <base href> on another origin, no traceparent", async () => {
    const { page } = await run("waymark.html");
    const sent = await page.evaluate(async (tp) => {
      const base = Object.assign(document.createElement("base"), { href: `${tp}/` });
      document.head.append(base);
      try {
        const viaFetch = await (await fetch("/echo")).json();
        const viaXhr = await new Promise<{ headers: Record<string, string> }>((resolve) => {
          const x = new XMLHttpRequest();
          x.open("GET", "echo");
          x.onload = () => resolve(JSON.parse(x.responseText));
          x.send();
        });
        return {
          fetch: viaFetch.headers.traceparent ?? null,
          xhr: viaXhr.headers.traceparent ?? null,
        };
      } finally {
        base.remove();
      }
    }, thirdParty.url);
    expect(sent).toEqual({ fetch: null, xhr: null });
  });
});
