import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { InsightsView, StateStore, WaymarkState } from "../state";
import type { Rect } from "../tour/placement";
import { loadDemoPart, loadInsightsPart } from "../lazy";
import type { DemoActions, DemoOverlayProps } from "./DemoOverlay";
import type { InsightsProps } from "./Insights";
import { HelpCard, type HelpActions } from "./HelpCard";
import type { Labels } from "./labels";
import { ReportPreview, type ReportActions } from "./ReportPreview";
import { StepDialog, type StepActions } from "./StepDialog";
import { SupportPanel, type SupportActions } from "./SupportPanel";

export interface AppProps {
  state: StateStore;
  labels: Labels;
  stepActions: StepActions;
  targetRect(): Rect | null;
  onPositioner(reposition: (() => void) | null): void;
  /** The "before you contact us" panel's actions. */
  supportActions?: SupportActions;
  /** The report preview's actions. */
  reportActions?: ReportActions;
  /** The insights panel's actions. */
  insightsActions?: InsightsActions;
  /** The "Show me" demo controls. */
  demoActions?: DemoActions;
  /** The help card's actions, and the box of the element it is about. */
  helpActions?: HelpActions;
  helpAnchorRect?(): Rect | null;
}

export interface InsightsActions {
  close(): void;
  deleteData(): Promise<void>;
}

/**
 * A component from a lazy part (src/lazy.ts): the insights panel and the demo overlay are
 * loaded only when first shown, since most visits never show them. Renders nothing until the
 * part has arrived (a failed load is reported by whoever started the feature).
 */
function lazy<P>(load: () => Promise<ComponentType<P>>) {
  let loaded: ComponentType<P> | null = null;
  return function Lazy(props: P) {
    const [Component, setComponent] = useState<ComponentType<P> | null>(() => loaded);
    useEffect(() => {
      if (Component) return;
      let live = true;
      load().then(
        (component) => {
          loaded = component;
          if (live) setComponent(() => component);
        },
        () => {},
      );
      return () => void (live = false);
    }, []);
    return Component ? <Component {...(props as P & object)} /> : null;
  };
}

const LazyInsightsPanel = lazy<InsightsProps>(() =>
  loadInsightsPart().then((part) => part.Insights),
);
const DemoOverlay = lazy<DemoOverlayProps>(() => loadDemoPart().then((part) => part.DemoOverlay));

function LazyInsights({
  view,
  labels,
  actions,
}: {
  view: InsightsView;
  labels: Labels;
  actions: InsightsActions;
}) {
  return (
    <LazyInsightsPanel
      data={view.data}
      titles={view.titles}
      labels={labels}
      onClose={actions.close}
      onDelete={actions.deleteData}
    />
  );
}

function useWaymarkState(store: StateStore): WaymarkState {
  const [state, setState] = useState(store.getState());
  useEffect(() => {
    setState(store.getState());
    return store.subscribe(setState);
  }, [store]);
  return state;
}

/** Everything Waymark shows, rendered from its state store into the shadow root. */
export function App({
  state,
  labels,
  stepActions,
  targetRect,
  onPositioner,
  supportActions,
  reportActions,
  insightsActions,
  demoActions,
  helpActions,
  helpAnchorRect,
}: AppProps) {
  const { step, announcement, support, report, insights, demo, help } = useWaymarkState(state);
  // While a demo plays, its caption and controls stand in for the step dialog.
  const showDemo = Boolean(demo && demoActions);
  return (
    <div>
      {demo && demoActions ? (
        <DemoOverlay view={demo} labels={labels} actions={demoActions} />
      ) : null}
      {step && !showDemo ? (
        <StepDialog
          view={step}
          labels={labels}
          actions={stepActions}
          targetRect={targetRect}
          onPositioner={onPositioner}
        />
      ) : null}
      {help && helpActions ? (
        <HelpCard
          key={help.key}
          view={help}
          labels={labels}
          actions={helpActions}
          anchorRect={helpAnchorRect ?? (() => null)}
        />
      ) : null}
      {support && supportActions ? (
        <SupportPanel
          view={support}
          labels={labels}
          actions={supportActions}
          inert={Boolean(report)}
        />
      ) : null}
      {report && reportActions ? (
        <ReportPreview view={report} labels={labels} actions={reportActions} />
      ) : null}
      {insights && insightsActions ? (
        <LazyInsights view={insights} labels={labels} actions={insightsActions} />
      ) : null}
      <div class="wm-sr" role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
    </div>
  );
}
