import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { stepDialog, useBrowser } from "./browser";

/**
 * The demo app as a new user meets it: the first-run tour starts by itself on the dashboard
 * and spans three pages (full page loads), driven by the real guides in guides/.
 * With UPDATE_SCREENSHOTS=1 the README's screenshot is refreshed from this run.
 */
const screenshotDir = fileURLToPath(
  new URL(
    process.env.UPDATE_SCREENSHOTS ? "../../docs/images/" : "../../test-results/",
    import.meta.url,
  ),
);

describe("Ledgerly demo app", () => {
  const browser = useBrowser();

  it("runs the first-run tour across pages, by mouse, and does not offer it again", async () => {
    const { page, errors } = await browser.open("/app/");
    await stepDialog(page, "Welcome to Ledgerly").waitFor();
    await page.getByRole("button", { name: "Next" }).click();
    await stepDialog(page, "Your money at a glance").waitFor();

    mkdirSync(screenshotDir, { recursive: true });
    await page.mouse.move(0, 700); // no hover effects in the picture
    await page.waitForTimeout(400); // the overlay's cut-out follows on the next frames
    await page.screenshot({ path: `${screenshotDir}tour-step.png` });

    await page.getByRole("button", { name: "Next" }).click();
    await stepDialog(page, "Your latest invoices").waitFor();
    await page.getByRole("button", { name: "Next" }).click();
    await stepDialog(page, "Meet your customers").waitFor();
    // The user acts on the page: no Next button, the nav link is clickable through the overlay.
    expect(await page.getByRole("button", { name: "Next" }).count()).toBe(0);
    await page.click("#nav-customers");
    await page.waitForURL("**/app/customers");
    await stepDialog(page, "Everyone you bill").waitFor();
    expect(await stepDialog(page).getByText("5 of 10").count()).toBe(1);

    await page.getByRole("button", { name: "Next" }).click();
    await stepDialog(page, "Add a customer").waitFor();
    await page.getByRole("button", { name: "Next" }).click();
    await stepDialog(page, "On to invoices").waitFor();
    await page.click("#nav-invoices");
    await page.waitForURL("**/app/invoices");
    await stepDialog(page, "Start a new invoice").waitFor();
    await page.click("#new-invoice");
    await page.waitForURL("**/app/invoices/new");
    await stepDialog(page, "This is an invoice").waitFor();
    await page.getByRole("button", { name: "Next" }).click();
    await stepDialog(page, "You're all set").waitFor();
    await page.getByRole("button", { name: "Done" }).click();
    await expect.poll(() => stepDialog(page).count()).toBe(0);

    const data = await page.evaluate(() =>
      (
        window as unknown as {
          Waymark: {
            exportData(): Promise<{
              events: Array<{ type: string; page?: string }>;
              progress: Array<{ guide: string; status: string }>;
            }>;
          };
        }
      ).Waymark.exportData(),
    );
    expect(data.progress).toContainEqual(
      expect.objectContaining({ guide: "first-run", status: "done" }),
    );
    expect(data.events.filter((e) => e.type === "step.show").map((e) => e.page)).toEqual(
      expect.arrayContaining(["/app/", "/app/customers", "/app/invoices", "/app/invoices/new"]),
    );

    // frequency "once": back on the dashboard, it is not offered again.
    await page.goto(page.url().replace(/\/app\/.*$/, "/app/"));
    await page.waitForTimeout(1000);
    expect(await stepDialog(page).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
