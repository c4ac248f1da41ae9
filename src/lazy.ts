/**
 * Lazy parts: code that only some visits need (the insights panel, "Show me" demos), loaded
 * when first used so it stays out of what every page view downloads and evaluates.
 *
 * This file is what the ES module build (`dist/waymark.mjs`, where the consumer's bundler
 * splits the chunks) and the unit tests use: plain dynamic imports. The script-tag build swaps
 * in `lazy.embed.ts` (vite.config.ts), which loads the same parts as separately built ES
 * modules (`dist/waymark-<part>.js`) from the script's own directory.
 */
export type InsightsPart = typeof import("./parts/insights");
export type DemoPart = typeof import("./parts/demo");

export const loadInsightsPart = (): Promise<InsightsPart> => import("./parts/insights");
export const loadDemoPart = (): Promise<DemoPart> => import("./parts/demo");

/** The URL the script-tag bundle was loaded from (parts load beside it); unused here. */
export function setPartsBase(_scriptUrl: string | undefined): void {}
