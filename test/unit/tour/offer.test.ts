import { describe, expect, it } from "vitest";
import type { Guide } from "../../../src/guide/schema";
import type { Progress } from "../../../src/store/records";
import { mayOffer } from "../../../src/tour/offer";

const guide = (frequency?: Guide["frequency"], version?: number): Guide =>
  ({
    id: "g",
    title: "G",
    steps: [{ id: "a", title: "A" }],
    ...(frequency ? { frequency } : {}),
    ...(version ? { version } : {}),
  }) as Guide;
const progress = (status: Progress["status"], version = 1): Progress => ({
  v: 1,
  guide: "g",
  version,
  status,
  history: [],
  updatedAt: 0,
});

describe("mayOffer", () => {
  it.each([
    ["once", undefined, true],
    ["once", "done", false],
    ["once", "dismissed", false],
    ["until-done", "dismissed", true],
    ["until-done", "done", false],
    ["always", "done", true],
    ["always", "active", false],
  ] as const)("frequency %s with progress %s → %s", (frequency, status, expected) => {
    expect(mayOffer(guide(frequency), status ? progress(status) : undefined, false)).toBe(expected);
  });

  it("offers a finished guide again when its version was bumped", () => {
    expect(mayOffer(guide("once", 2), progress("done", 1), false)).toBe(true);
  });

  it("never offers the same guide twice in one page view", () => {
    expect(mayOffer(guide("always"), undefined, true)).toBe(false);
  });
});
