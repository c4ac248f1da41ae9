import { describe, expect, it, vi } from "vitest";
import type { ObservedRequest } from "../../../src/capture/requests";
import type { LoadedGuide } from "../../../src/guide/load";
import type { Guide } from "../../../src/guide/schema";
import { createHelpEngine } from "../../../src/help/engine";
import { createStateStore } from "../../../src/state";

const guide: Guide = {
  id: "help",
  title: "Help",
  help: [
    {
      id: "declined",
      when: {
        request: {
          url: "/api/payments",
          method: "POST",
          status: [402],
          json: { "error.code": "card_declined" },
        },
      },
      title: "Declined",
      body: "Try another card.",
      actions: [
        { label: "Report", report: true },
        { label: "Guide", guide: "billing", step: "card" },
      ],
    },
    {
      id: "flaky",
      when: { request: { url: "/api/**", status: ["5xx"] } },
      times: 2,
      within: 60,
      title: "Server trouble",
      body: "Try again.",
    },
    { id: "host", when: { event: "export", code: "quota" }, title: "Quota" },
  ],
};

function setup(incident: { indicator: string; description: string } | null = null) {
  const state = createStateStore();
  const records: Array<Record<string, unknown>> = [];
  const emitted: Array<Record<string, unknown>> = [];
  const startGuide = vi.fn();
  const openReport = vi.fn();
  const engine = createHelpEngine({
    win: window,
    guides: () => [{ guide, file: "help.json" } as LoadedGuide],
    locale: () => "en",
    state,
    labels: { incident: "On our side: {status}", helpShownAnnouncement: "Help: {title}" },
    record: (e) => records.push(e),
    emit: (_e, p) => emitted.push(p),
    redactText: (s) => s,
    incident: async () => incident,
    startGuide,
    openReport,
    misuse: () => {},
  });
  return { engine, state, records, emitted, startGuide, openReport };
}

const req = (over: Partial<ObservedRequest> = {}): ObservedRequest => ({
  method: "POST",
  url: `${location.origin}/api/payments`,
  status: 402,
  network: false,
  aborted: false,
  startedAt: 0,
  duration: 3,
  header: () => null,
  transport: "fetch",
  json: async () => ({ error: { code: "card_declined" } }),
  ...over,
});

describe("help engine", () => {
  it("shows the matching help (json on the body), records failure and help.show, emits help", async () => {
    const { engine, state, records, emitted } = setup();
    expect(engine.wantsBody(req())).toBe(true);
    expect(engine.wantsBody(req({ url: `${location.origin}/api/other` }))).toBe(false);
    await engine.handle({ kind: "request", request: req() });
    expect(state.getState().help).toMatchObject({
      id: "declined",
      title: "Declined",
      mode: "corner",
      actions: [
        { label: "Report", kind: "report" },
        { label: "Guide", kind: "guide" },
      ],
    });
    expect(records.map((r) => r.type)).toEqual(["failure", "help.show"]);
    expect(records[0]).toMatchObject({
      kind: "request",
      signature: "request:POST /api/payments 402",
    });
    expect(emitted[0]).toMatchObject({ id: "declined", kind: "request", incident: false });
    expect(engine.recentMatches(location.pathname).map((m) => m.id)).toEqual(["declined"]);
  });

  it("does not show when the json does not match", async () => {
    const { engine, state } = setup();
    await engine.handle({
      kind: "request",
      request: req({ json: async () => ({ error: { code: "other" } }) }),
    });
    expect(state.getState().help ?? null).toBeNull();
  });

  it("waits for `times` matches within `within`", async () => {
    const { engine, state } = setup();
    const fail = req({ url: `${location.origin}/api/invoices`, status: 500 });
    await engine.handle({ kind: "request", request: fail });
    expect(state.getState().help ?? null).toBeNull();
    await engine.handle({ kind: "request", request: fail });
    expect(state.getState().help?.id).toBe("flaky");
  });

  it("says it is on our side during an incident", async () => {
    const { engine, state, emitted } = setup({ indicator: "major", description: "Partial outage" });
    const fail = req({ url: `${location.origin}/api/invoices`, status: 503 });
    await engine.handle({ kind: "request", request: fail });
    await engine.handle({ kind: "request", request: fail });
    expect(state.getState().help).toMatchObject({
      id: "flaky",
      body: "On our side: Partial outage",
      incident: "Partial outage",
    });
    expect(emitted[0]).toMatchObject({ incident: true });
  });

  it("runs actions: report, guide; records help.action; resolves on a later success", async () => {
    const { engine, state, records, startGuide, openReport } = setup();
    await engine.handle({ kind: "request", request: req() });
    engine.act(1);
    expect(startGuide).toHaveBeenCalledWith("billing", { step: "card" });
    expect(state.getState().help ?? null).toBeNull();
    await engine.handle({ kind: "request", request: req() });
    engine.act(0);
    expect(openReport).toHaveBeenCalled();
    engine.succeeded(req({ status: 201 }));
    expect(records.filter((r) => r.type === "help.action").map((r) => r.action)).toEqual([
      "guide",
      "report",
    ]);
    expect(records.some((r) => r.type === "help.resolved" && r.help === "declined")).toBe(true);
  });

  it("matches host failures and shows help on request (onFail)", async () => {
    const { engine, state, records } = setup();
    await engine.handle({ kind: "event", name: "export", code: "quota" });
    expect(state.getState().help?.id).toBe("host");
    expect(records[0]).toMatchObject({
      type: "failure",
      kind: "event",
      signature: "event:export:quota",
    });
    expect(
      engine.show("declined", {
        request: {
          method: "POST",
          url: `${location.origin}/api/payments`,
          status: 402,
          network: false,
        },
      }),
    ).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(state.getState().help?.id).toBe("declined");
    expect(engine.show("missing")).toBe(false);
  });
});
