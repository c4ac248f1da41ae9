import { afterEach, describe, expect, it, vi } from "vitest";
import type { OutboxItem, WaymarkEvent } from "../../../src/store/records";
import type { Outbox } from "../../../src/store/store";
import { createOtlpExporter, parseRetryAfter, type Consent } from "../../../src/telemetry/exporter";

let seq = 0;
const event = (): WaymarkEvent => ({
  id: `e${seq++}`,
  v: 1,
  type: "step.show",
  ts: Date.now(),
  session: "s",
  guide: "g",
  step: "a",
});

/** An in-memory outbox, as the store keeps it when IndexedDB is unavailable. */
function memoryOutbox(): Outbox & { items: Map<string, OutboxItem> } {
  const items = new Map<string, OutboxItem>();
  return {
    items,
    add: (events) => events.forEach((e) => items.set(e.id, { id: e.id, event: e })),
    peek: async (limit) => [...items.values()].slice(0, limit),
    remove: async (ids) => ids.forEach((id) => items.delete(id)),
    clear: async () => items.clear(),
  };
}

function setup(
  consent: Consent,
  answers: Array<number | [number, Record<string, string>] | "network">,
) {
  const outbox = memoryOutbox();
  const bodies: unknown[] = [];
  const fetch = vi.fn(async (_url: string, init: RequestInit) => {
    bodies.push(JSON.parse(String(init.body)));
    const answer = answers.shift() ?? 200;
    if (answer === "network") throw new TypeError("Failed to fetch");
    const [status, headers] = Array.isArray(answer) ? answer : [answer, {}];
    return new Response(status === 204 ? null : "{}", { status, headers });
  });
  const problems: string[] = [];
  const exporter = createOtlpExporter({
    url: "https://collector.test/v1/logs",
    fetch: fetch as unknown as typeof globalThis.fetch,
    outbox,
    resource: { version: "test" },
    consent,
    onProblem: (m) => problems.push(m),
    delayMs: 10,
    backoffMs: 20,
  });
  return { exporter, outbox, fetch, bodies, problems };
}

afterEach(() => vi.useRealTimers());

describe("OTLP exporter", () => {
  it("sends nothing while consent is asked for, then everything once it is granted", async () => {
    const { exporter, fetch, bodies } = setup("ask", []);
    exporter.add(event());
    exporter.add(event());
    await exporter.flush();
    await new Promise((r) => setTimeout(r, 50));
    expect(fetch).not.toHaveBeenCalled();
    exporter.setConsent("granted");
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    const records = (
      bodies[0] as { resourceLogs: Array<{ scopeLogs: Array<{ logRecords: unknown[] }> }> }
    ).resourceLogs[0]!.scopeLogs[0]!.logRecords;
    expect(records).toHaveLength(2);
    exporter.close();
  });

  it("never sends with consent denied, and empties the queue", async () => {
    const { exporter, fetch, outbox } = setup("granted", []);
    exporter.setConsent("denied");
    exporter.add(event());
    await exporter.flush();
    expect(fetch).not.toHaveBeenCalled();
    expect(outbox.items.size).toBe(0);
    exporter.close();
  });

  it("batches events recorded together into one request", async () => {
    const { exporter, fetch, outbox } = setup("granted", []);
    for (let i = 0; i < 5; i++) exporter.add(event());
    await vi.waitFor(() => expect(outbox.items.size).toBe(0));
    expect(fetch).toHaveBeenCalledTimes(1);
    exporter.close();
  });

  it("retries 503 after Retry-After and keeps the events until they are accepted", async () => {
    const { exporter, fetch, outbox } = setup("granted", [[503, { "retry-after": "0" }], 200]);
    exporter.add(event());
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(2));
    await vi.waitFor(() => expect(outbox.items.size).toBe(0));
    exporter.close();
  });

  it("keeps events after a network failure and retries with back-off", async () => {
    const { exporter, fetch, outbox } = setup("granted", ["network", 200]);
    exporter.add(event());
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(2));
    await vi.waitFor(() => expect(outbox.items.size).toBe(0));
    exporter.close();
  });

  it("drops a batch the collector refuses with a non-retryable status, and says so", async () => {
    const { exporter, fetch, outbox, problems } = setup("granted", [400]);
    exporter.add(event());
    await vi.waitFor(() => expect(outbox.items.size).toBe(0));
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(problems[0]).toMatch(/HTTP 400/);
    exporter.close();
  });

  it("stops after a few failures in a row instead of retrying forever", async () => {
    const { exporter, fetch, outbox, problems } = setup(
      "granted",
      [503, 503, 503, 503, 503, 503, 503, 503],
    );
    exporter.add(event());
    await vi.waitFor(() => expect(problems).toHaveLength(1), { timeout: 5000 });
    expect(fetch).toHaveBeenCalledTimes(6);
    expect(outbox.items.size).toBe(1);
    exporter.close();
  });

  it("reads Retry-After as seconds or a date", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});
