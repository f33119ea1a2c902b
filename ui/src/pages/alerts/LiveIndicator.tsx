import type { StreamState } from "../../api/stream.ts";

const LABEL: Record<StreamState, string> = { live: "Live", connecting: "Connecting…", down: "Live updates off" };
const TITLE: Record<StreamState, string> = {
  live: "New and changed alerts appear as they happen",
  connecting: "Connecting to the live alert stream",
  down: "The live stream is down; retrying. Use Refresh to reload the list.",
};

export function LiveIndicator({ state }: { state: StreamState }) {
  return (
    <span class={`live live-${state}`} title={TITLE[state]} data-stream-state={state} role="status">
      <span class="live-dot" aria-hidden="true" />{LABEL[state]}
    </span>
  );
}
