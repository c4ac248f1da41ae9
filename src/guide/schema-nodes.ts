/**
 * Reading valibot's schema objects as plain data: what kind of value a schema node accepts,
 * looking through optional/lazy wrappers, and which keys tell a union's object forms apart.
 */
import type { ValueKind } from "./values";
import { kindOf } from "./values";

/** The parts of valibot's schema objects the walker reads (stable in valibot 1.x). */
export type Node = {
  readonly type: string;
  readonly entries?: Record<string, Node>;
  readonly options?: readonly unknown[];
  readonly item?: Node;
  readonly wrapped?: Node;
  readonly getter?: (input: unknown) => Node;
  readonly key?: Node | string;
  readonly value?: Node;
  readonly literal?: unknown;
  readonly pipe?: readonly { readonly type: string; readonly requirement?: unknown }[];
};

export const asNode = (schema: unknown) => schema as Node;

/** The node inside optional and lazy wrappers. */
export function unwrap(node: Node, value: unknown): Node {
  let n = node;
  for (let i = 0; i < 8; i++) {
    if ((n.type === "exact_optional" || n.type === "optional") && n.wrapped) n = n.wrapped;
    else if (n.type === "lazy" && n.getter) n = n.getter(value);
    else break;
  }
  return n;
}

/** Whether a node accepts values of this kind at all (before its rules). */
export function accepts(node: Node, kind: ValueKind): boolean {
  const n = unwrap(node, undefined);
  switch (n.type) {
    case "literal":
      return kindOf(n.literal) === kind;
    case "picklist":
      return kind === "string";
    case "strict_object":
    case "object":
    case "record":
    case "variant":
      return kind === "object";
    case "union":
      return (n.options ?? []).some((o) => accepts(asNode(o), kind));
    default:
      return n.type === kind;
  }
}

/** Keys that tell the object branches of a union apart (those not shared by every branch). */
export function discriminatingKeys(objects: readonly Node[]): Map<Node, string[]> {
  const all = objects.map((o) => Object.keys(o.entries ?? {}));
  const shared = (k: string) => all.every((keys) => keys.includes(k));
  return new Map(objects.map((o, i) => [o, all[i]!.filter((k) => !shared(k))]));
}
