import type { ComponentChildren } from "preact";
import { useMemo } from "preact/hooks";
import { parseMarkdown, type Block, type Inline } from "../guide/markdown";

export type MarkdownProps = {
  /** Guide body text in the Markdown subset of SPEC §3. */
  source: string;
};

/**
 * Guide body text rendered as Preact elements, never as an HTML string: text stays text, so
 * `<b>` in a guide shows as the characters `<b>`. Links to another origin open in a new tab.
 */
export function Markdown({ source }: MarkdownProps) {
  const blocks = useMemo(() => parseMarkdown(source), [source]);
  return <>{blocks.map(renderBlock)}</>;
}

function renderBlock(block: Block, key: number) {
  if (block.type === "paragraph") return <p key={key}>{renderInlines(block.children)}</p>;
  return (
    <ul key={key}>
      {block.items.map((item, index) => (
        <li key={index}>{renderInlines(item)}</li>
      ))}
    </ul>
  );
}

function renderInlines(nodes: readonly Inline[]): ComponentChildren {
  return nodes.map(renderInline);
}

function renderInline(node: Inline, key: number): ComponentChildren {
  switch (node.type) {
    case "text":
      return node.value;
    case "code":
      return <code key={key}>{node.value}</code>;
    case "strong":
      return <strong key={key}>{renderInlines(node.children)}</strong>;
    case "em":
      return <em key={key}>{renderInlines(node.children)}</em>;
    case "link":
      return isOtherOrigin(node.href) ? (
        <a key={key} href={node.href} target="_blank" rel="noopener noreferrer">
          {renderInlines(node.children)}
        </a>
      ) : (
        <a key={key} href={node.href}>
          {renderInlines(node.children)}
        </a>
      );
  }
}

/**
 * Whether `href` leaves the host page's origin. `mailto:` links count as same-tab: a new tab
 * would only stay blank while the mail client opens.
 */
function isOtherOrigin(href: string): boolean {
  // Read lazily so rendering outside a browser (SSR, tests without a DOM) does not throw.
  const here = globalThis.location?.href;
  if (!here) return /^https?:/i.test(href);
  try {
    const url = new URL(href, globalThis.document?.baseURI ?? here);
    return (
      (url.protocol === "http:" || url.protocol === "https:") && url.origin !== new URL(here).origin
    );
  } catch {
    return false;
  }
}
