/** Lazy part: the "Show me" demo player (src/demo) and its overlay. See src/lazy.ts. */
export { createDemoSession } from "../demo/session";
export { DemoOverlay } from "../ui/DemoOverlay";
