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
  dismiss: "Dismiss",
  helpShown: "Help: {title}",
  incident:
    "**This is on our side, not yours.** We know about it and are working on it: {status}. You don't need to change anything; please try again in a little while.",
  demoControls: "Demo controls",
  demoTitle: "Showing how: {title}",
  demoProgress: "Action {current} of {total}",
  demoPause: "Pause",
  demoResume: "Resume",
  demoStop: "Stop",
  demoReplay: "Replay",
  demoSpeed: "Speed",
  demoSpeedChanged: "Speed {speed}×.",
  demoStarted: "Demo: {title}. Press Escape to stop it.",
  demoPaused: "Demo paused.",
  demoResumed: "Demo resumed.",
  demoStopped: "Demo stopped.",
  demoFinished: "That's how it's done. Now it's your turn.",
  demoRestored: "Your own values are back.",
  demoWaiting: "Waiting for the page…",
  demoClicking: "Clicking {name}.",
  demoNotPressed: "This is where you press {name}. The demo doesn't press it for you.",
  demoTyping: "Typing “{text}” into {name}.",
  demoChoosing: "Choosing {value} in {name}.",
  demoTargetMissing: "The demo stopped: the part of the page it needs isn't showing right now.",
  demoCannotContinue: "The demo stopped because it couldn't continue on this page.",
  demoNudge: "Stuck? Watch how it's done.",
  supportTitle: "Before you contact us",
  supportIntro: "These might solve it right away.",
  supportHelpHeading: "About what just happened",
  supportGuidesHeading: "Guides for this page",
  supportNothing: "We found no help for this page yet.",
  supportStartGuide: "Start",
  supportStillNeedHelp: "Still need help?",
  supportReport: "Report a problem",
  supportContinue: "Contact support",
  reportTitle: "Report a problem",
  reportIntro:
    "Nothing has been sent yet. This is exactly what will be sent to {destination}. Pressing Send is your consent to send this report; passwords, tokens and email addresses have been removed.",
  reportNoteLabel: "What happened? (optional)",
  reportContents: "Report contents",
  reportSend: "Send",
  reportSending: "Sending…",
  reportCancel: "Cancel",
  reportSent: "Your report was sent. Thank you.",
  reportQueued: "You are offline. Your report will be sent when you are back online.",
  reportFailed: "Your report could not be sent ({reason}). You can try again.",
  reportThisSite: "this site",
  // The insights panel (Insights.tsx).
  insightsTitle: "Insights",
  insightsSummary: "{events} events from {sessions} sessions, stored only in this browser.",
  insightsEmpty: "Nothing recorded yet in this browser.",
  exportJson: "Export JSON",
  exportCsv: "Export CSV",
  deleteData: "Delete my data",
  deleteConfirm:
    "Delete everything Waymark stored in this browser (tour progress and events)? This cannot be undone.",
  deleteConfirmYes: "Delete",
  cancel: "Cancel",
  dataDeleted: "Your data was deleted.",
  guideSummary: "{sessions} sessions, {completed} completed, {dismissals} closed early.",
  funnelChart: "Sessions reaching each step",
  funnelSummary:
    "{first} sessions reached the first step and {last} reached the last step, {step}.",
  stallsChart: "Stalls per step, by reason",
  stallsSummary: "Most stalls: step {step} ({count}).",
  noStalls: "No stalls recorded for this guide.",
  timeChart: "Median time per step",
  timeSummary: "Slowest step: {step} (median {time}).",
  failuresHeading: "Top failures",
  failuresChart: "Help for each failure: shown, followed, resolved, reported",
  failuresChartSummary: "{count} failure signatures; most frequent: {top}.",
  deflectionSummary:
    "Deflection rate {rate}: {deflected} of {shown} sessions with help shown resolved it without a report.",
  deflectionRate: "Deflection rate",
  insightsShown: "shown",
  helpFollowed: "followed",
  helpResolved: "resolved",
  reported: "reported",
  signature: "Failure",
  sessions: "Sessions",
  step: "Step",
  dismissals: "Closed here",
  medianTime: "Median time",
  nudgesHelped: "Nudges that helped",
  showTable: "Show as table",
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
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
