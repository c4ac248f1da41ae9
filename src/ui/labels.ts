/**
 * Every piece of text Waymark itself shows. Defaults are English; `config.labels` replaces any
 * of them (`{ labels: { next: "Weiter" } }`). `{placeholders}` are filled in by `label()`.
 */
export const DEFAULT_LABELS = {
  next: "Next",
  back: "Back",
  done: "Done",
  close: "Close",
  showMe: "Show me",
  progress: "{current} of {total}",
  stepAnnouncement: "Step {current} of {total}: {title}",
  tourEnded: "Tour closed.",
  tourDone: "Tour complete.",
  targetMissing:
    "The part of the page this step points to isn't showing right now, so the step is shown here instead.",
  elsewhere: "This step continues on another page.",
  goToPage: "Go there",
  doTheAction: "Do this on the page to continue.",
  regionLabel: "Waymark guidance",
} as const;

export type LabelKey = keyof typeof DEFAULT_LABELS;
export type Labels = Record<LabelKey, string>;

export function resolveLabels(overrides: Partial<Record<string, string>>): Labels {
  const labels: Labels = { ...DEFAULT_LABELS };
  for (const key of Object.keys(DEFAULT_LABELS) as LabelKey[]) {
    const value = overrides[key];
    if (typeof value === "string" && value) labels[key] = value;
  }
  return labels;
}

export function label(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
