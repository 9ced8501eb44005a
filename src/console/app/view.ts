// What every view implements. The shell (main.ts) mounts one view at a time, calls refresh()
// when it is shown and then every POLL_MS after the previous refresh finished, and dispose()
// when the user navigates away.

import type { MediaLiveApi } from "./api.ts";

export const POLL_MS = 2_500;

export interface View {
  readonly element: HTMLElement;
  /** Reads the API and updates the page; a rejection is shown in the status line. */
  refresh(): Promise<void>;
  /** Stops timers and players. */
  dispose(): void;
}

export interface ViewContext {
  readonly api: MediaLiveApi;
  /** Refresh the current view now (after an action), instead of at the next poll. */
  readonly refreshSoon: () => void;
}
