/**
 * The playground (root index.html, served at / by the demo server): a designer types a guide,
 * sees each problem at its line, fixes it, and plays the guide in the demo app beside it.
 */
import { describe, expect, it } from "vitest";
import { useBrowser } from "./browser";

const GUIDE = `{
  "$schema": "../dist/guide.schema.json",
  "id": "playground-test",
  "title": "Meet your customers",
  "steps": [
    {
      "id": "welcome",
      "page": "/app/",
      "title": "Hello from the playground"
    },
    {
      "id": "customers",
      "page": "/app/",
      "target": "#nav-customers",
      "title": "Your customers live here"
    }
  ]
}
`;

describe("the playground", () => {
  const browser = useBrowser();

  it("shows a typed error at its line, and plays the guide once it is fixed", async () => {
    const { page, errors } = await browser.open("/");
    await page.locator("body[data-ready]").waitFor();
    const editor = page.getByRole("textbox", { name: "Guide JSON" });
    await editor.fill(GUIDE);
    await expect
      .poll(() => page.locator("#problems-summary").textContent())
      .toBe("No problems. Press Play to try the guide.");

    // Type a typo into "target" on line 14: put the caret after `"tar` and type "g".
    const offset = GUIDE.indexOf('"target"') + 3;
    await editor.evaluate(
      (el: HTMLTextAreaElement, at: number) => el.setSelectionRange(at, at + 2),
      offset,
    );
    await page.keyboard.type("gr"); // "target" → "tagret"
    // Poll the message itself: after the first key the line already shows "taget".
    await expect
      .poll(() => page.locator('.backdrop .line[data-line="14"] .inline-problem').textContent())
      .toBe('✖ unknown key "tagret"');
    expect(await page.locator(".line-number.has-error").allTextContents()).toEqual(["14"]);
    await page
      .getByRole("button", { name: /^Line 14, column 7: error: unknown key "tagret"/ })
      .waitFor();
    expect(await page.locator("#problems").textContent()).toContain('did you mean "target"?');
    expect(await page.getByRole("button", { name: "Play", exact: true }).isDisabled()).toBe(true);

    // Fix it, pick the second step, and play.
    await editor.evaluate(
      (el: HTMLTextAreaElement, at: number) => el.setSelectionRange(at, at + 2),
      offset,
    );
    await page.keyboard.type("rg");
    await expect.poll(() => page.locator(".line-number.has-error").count()).toBe(0);
    await page.getByLabel("Play from").selectOption("customers");
    await page.getByRole("button", { name: "Play", exact: true }).click();
    const frame = page.frameLocator("#preview");
    await frame
      .getByRole("dialog", { name: "Your customers live here" })
      .waitFor({ timeout: 15_000 });
    await expect
      .poll(() => page.locator("#preview-status").textContent())
      .toBe('Showing step "customers" (2 of 2).');

    // Play from the first step: the centred step of the edited guide, not the app's own tour.
    await page.getByLabel("Play from").selectOption("welcome");
    await page.getByRole("button", { name: "Play", exact: true }).click();
    await frame
      .getByRole("dialog", { name: "Hello from the playground" })
      .waitFor({ timeout: 15_000 });
    expect(await frame.getByRole("dialog", { name: "Welcome to Ledgerly" }).count()).toBe(0);
    expect(errors).toEqual([]);
  }, 60_000);

  it("reports problems with the same words as waymark validate, and downloads the guide", async () => {
    const { page } = await browser.open("/");
    await page.locator("body[data-ready]").waitFor();
    const editor = page.getByRole("textbox", { name: "Guide JSON" });
    await editor.fill(
      GUIDE.replace('"target": "#nav-customers"', '"target": "#nav-customers", "next": "welcom"'),
    );
    await page
      .getByRole("button", {
        name: /^Line 14, column 35: error: "next" names step "welcom", which this guide doesn't have/,
      })
      .waitFor();
    expect(await page.locator("#problems").textContent()).toContain('did you mean "welcome"?');

    await editor.fill(GUIDE);
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download" }).click();
    expect((await download).suggestedFilename()).toBe("playground-test.json");
  }, 60_000);
});
