/**
 * Lazy parts: code that only some visits need, loaded when first used so it stays out of what
 * every page view downloads and evaluates:
 * - `ui`: everything Waymark shows (Preact, the components, their CSS, driver.js's overlay),
 *   loaded when a tour starts or something is first shown;
 * - `insights`: the local insights panel; `demo`: the "Show me" demo player;
 * - `explain`: the guide explainer, loaded only when a guide is broken.
 *
 * This file is what the ES module build (`dist/waymark.mjs`, where the consumer's bundler
 * splits the chunks), the parts themselves and the unit tests use: plain dynamic imports. The
 * script-tag bundle swaps in `lazy.embed.ts` (vite.config.ts), which loads the same parts as
 * separately built ES modules (`dist/waymark-<part>.js`) from the script's own directory.
 */
export type UiPart = typeof import("./parts/ui");
export type InsightsPart = typeof import("./parts/insights");
export type DemoPart = typeof import("./parts/demo");
export type ExplainPart = typeof import("./parts/explain");

export const loadUiPart = (): Promise<UiPart> => import("./parts/ui");
export const loadInsightsPart = (): Promise<InsightsPart> => import("./parts/insights");
export const loadDemoPart = (): Promise<DemoPart> => import("./parts/demo");
export const loadExplainPart = (): Promise<ExplainPart> => import("./parts/explain");

/** The URL the script-tag bundle was loaded from (parts load beside it); unused here. */
export function setPartsBase(_scriptUrl: string | undefined): void {}
