import { useEffect, useState } from "preact/hooks";
import type { StateStore, WaymarkState } from "../state";
import type { Rect } from "../tour/placement";
import type { Labels } from "./labels";
import { StepDialog, type StepActions } from "./StepDialog";

export interface AppProps {
  state: StateStore;
  labels: Labels;
  stepActions: StepActions;
  targetRect(): Rect | null;
  onPositioner(reposition: (() => void) | null): void;
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
export function App({ state, labels, stepActions, targetRect, onPositioner }: AppProps) {
  const { step, announcement } = useWaymarkState(state);
  return (
    <div>
      {step ? (
        <StepDialog view={step} labels={labels} actions={stepActions} targetRect={targetRect} onPositioner={onPositioner} />
      ) : null}
      <div class="wm-sr" role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
    </div>
  );
}
