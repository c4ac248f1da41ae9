import { render, screen } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { Markdown } from "../../../src/ui/Markdown";

describe("<Markdown>", () => {
  it("shows paragraphs with bold, italic and code as text a reader can see", () => {
    const { container } = render(
      <Markdown source={"Choose **who** you are *billing*.\n\nThen press `Send`."} />,
    );
    const paragraphs = container.querySelectorAll("p");
    expect(paragraphs).toHaveLength(2);
    expect(paragraphs[0]?.textContent).toBe("Choose who you are billing.");
    expect(screen.getByText("who").tagName).toBe("STRONG");
    expect(screen.getByText("billing").tagName).toBe("EM");
    expect(screen.getByText("Send").tagName).toBe("CODE");
  });

  it("shows a list with its items", () => {
    render(<Markdown source={"Try:\n- another card\n- asking your **bank**"} />);
    const items = screen.getAllByRole("listitem");
    expect(items.map((item) => item.textContent)).toEqual(["another card", "asking your bank"]);
    expect(screen.getByRole("list")).toBeTruthy();
  });

  it("shows HTML as the characters it is made of", () => {
    const { container } = render(
      <Markdown
        source={"<b>not bold</b> <img src=x onerror=alert(1)> <script>alert(1)</script>"}
      />,
    );
    expect(
      screen.getByText("<b>not bold</b> <img src=x onerror=alert(1)> <script>alert(1)</script>"),
    ).toBeTruthy();
    expect(container.querySelector("b, img, script")).toBeNull();
  });

  it("opens links to another origin in a new tab, safely", () => {
    render(<Markdown source="See the [payment docs](https://docs.example.com/billing)." />);
    const link = screen.getByRole("link", { name: "payment docs" });
    expect(link.getAttribute("href")).toBe("https://docs.example.com/billing");
    expect(link.getAttribute("target")).toBe("_blank");
    expect(link.getAttribute("rel")).toBe("noopener noreferrer");
  });

  it.each([
    ["a relative path", "/settings/billing"],
    ["a fragment", "#cards"],
    ["this origin", `${location.origin}/help`],
    ["an email address", "mailto:help@example.com"],
  ])("keeps a link to %s in the same tab", (_what, href) => {
    render(<Markdown source={`[Open](${href})`} />);
    const link = screen.getByRole("link", { name: "Open" });
    expect(link.getAttribute("href")).toBe(href);
    expect(link.hasAttribute("target")).toBe(false);
  });

  it.each([
    "[Win a prize](javascript:alert(1))",
    "[Win a prize](JaVaScRiPt:alert(1))",
    "[Win a prize](java\tscript:alert(1))",
    "[Win a prize](data:text/html,<script>alert(1)</script>)",
    "[Win a prize](&#106;avascript:alert(1))",
  ])("shows only the label of a link with a forbidden scheme: %j", (source) => {
    const { container } = render(<Markdown source={source} />);
    expect(screen.queryByRole("link")).toBeNull();
    expect(screen.getByText("Win a prize")).toBeTruthy();
    expect(container.innerHTML).not.toMatch(/javascript|data:/i);
  });

  it("updates when the source changes", () => {
    const { rerender } = render(<Markdown source="First" />);
    rerender(<Markdown source="**Second**" />);
    expect(screen.queryByText("First")).toBeNull();
    expect(screen.getByText("Second").tagName).toBe("STRONG");
  });
});
