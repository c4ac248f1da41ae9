/** Lazy part: the local insights panel (src/insights + its Preact view). See src/lazy.ts. */
export { aggregateInsights } from "../insights/aggregate";
export { Insights } from "../ui/Insights";
