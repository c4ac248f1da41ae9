import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { GuideSchema } from "../../../src/guide/schema";

/** The demo app's help file is a valid guide, listed in the index, covering every failure kind. */
describe("guides/help.json", () => {
  const read = (file: string) =>
    JSON.parse(readFileSync(join(process.cwd(), "guides", file), "utf8")) as Record<
      string,
      unknown
    >;
  it("is valid and listed in guides/index.json", () => {
    const result = v.safeParse(GuideSchema, read("help.json"));
    expect(result.issues?.map((i) => i.message) ?? []).toEqual([]);
    expect(read("index.json").guides).toContain("help.json");
  });
  it("has help for 401, 402, 422, 5xx and network failures", () => {
    const help = (
      read("help.json").help as Array<{
        when: { request?: { status?: unknown[]; network?: boolean } };
      }>
    ).map((h) => h.when.request);
    const statuses = help.flatMap((r) => r?.status ?? (r?.network ? ["network"] : []));
    expect(statuses).toEqual(expect.arrayContaining([401, 402, 422, "5xx", "network"]));
  });
});
