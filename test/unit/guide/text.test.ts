import { describe, expect, it } from "vitest";
import type { LocalizedText } from "../../../src/guide/schema";
import { pickLocale } from "../../../src/guide/text";

describe("pickLocale", () => {
  const next = {
    en: "Next",
    de: "Weiter",
    "de-CH": "Nächst",
    "zh-CN": "下一步",
    "pt-BR": "Próximo",
  };
  const cases: Array<[text: LocalizedText, locale: string, expected: string]> = [
    ["Next", "de", "Next"],
    ["", "de", ""],
    [next, "de-CH", "Nächst"], // exact tag
    [next, "de", "Weiter"],
    [next, "de-AT", "Weiter"], // language prefix
    [next, "zh-CN", "下一步"],
    [next, "zh-cn", "下一步"], // tags compare case-insensitively
    [next, "zh_CN", "下一步"], // and "_" counts as "-"
    [next, "zh-Hans-CN", "下一步"], // falls back through zh-Hans, zh, then any zh-*
    [next, "zh-TW", "下一步"], // another region of the same language beats English
    [next, "pt", "Próximo"],
    [next, "fr-FR", "Next"], // unknown language → English
    [next, "", "Next"],
    [{ "en-GB": "Colour", "en-US": "Color", fr: "Couleur" }, "ja", "Colour"], // any en*
    [{ fr: "Suivant", es: "Siguiente" }, "ja", "Suivant"], // no English → first entry
    [{ "de-DE": "Weiter", en: "Next" }, "de", "Weiter"], // "de" finds "de-DE"
    [{}, "en", ""],
  ];
  it.each(cases)("%j in %j → %j", (text, locale, expected) => {
    expect(pickLocale(text, locale)).toBe(expected);
  });

  it("uses the given fallback before the first entry", () => {
    const text = { fr: "Suivant", de: "Weiter", "de-AT": "Weiter!" };
    expect(pickLocale(text, "ja", "de")).toBe("Weiter");
    expect(pickLocale(text, "ja", "de-AT")).toBe("Weiter!");
    expect(pickLocale(text, "ja", "it")).toBe("Suivant");
  });
});
