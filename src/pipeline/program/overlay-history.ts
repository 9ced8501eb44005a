// The overlays a (re)starting pipeline shows again: from the stored schedule, the static image
// layers (channel-wide and per output) and the motion graphics page that were activated
// before the pipeline started and are still on at `nowMs` (not deactivated since, their
// duration not over), each as the action to run now with what remains of its duration and
// fade-in. Layers already fading out are left off. Only actions with a start time (fixed,
// immediate) count: a follow action's time is not stored. Pure: time is passed in.

import type { StoredScheduleAction } from "../../domain/records.ts";
import type { ScheduledAction } from "../switching/schedule-executor.ts";
import { overlayActionOf } from "./overlay-layers.ts";

const MOTION_ACTIVATE = "motionGraphicsImageActivateSettings";
const MOTION_DEACTIVATE = "motionGraphicsImageDeactivateSettings";
const MOTION_SCOPE = "\u0001motion-graphics";

interface Past {
  readonly action: ScheduledAction;
  readonly startAtMs: number;
  readonly order: number;
}

/** The actions to run at nowMs to show again what the schedule had on before it; in start order. */
export function overlaysStillOn(schedule: readonly StoredScheduleAction[], nowMs: number): ScheduledAction[] {
  const past: Past[] = [];
  schedule.forEach((stored, order) => {
    if (stored.startAtMs === undefined || stored.startAtMs > nowMs) return;
    const settings = (stored.action.scheduleActionSettings ?? {}) as Record<string, unknown>;
    const type = Object.keys(settings).find((key) => typeof settings[key] === "object" && settings[key] !== null);
    if (type === undefined) return;
    past.push({ action: { actionName: stored.action.actionName, type, settings: settings[type] as Record<string, unknown> }, startAtMs: stored.startAtMs, order });
  });
  past.sort((a, b) => a.startAtMs - b.startAtMs || a.order - b.order);
  // Per scope and layer, the latest action that touched it.
  const latest = new Map<string, Past>();
  for (const item of past) {
    for (const key of layerKeys(item.action)) latest.set(key, item);
  }
  const shown = new Map<Past, Set<string>>();
  for (const [key, item] of latest) {
    if (!isActivation(item.action)) continue;
    shown.set(item, (shown.get(item) ?? new Set()).add(key));
  }
  const result: ScheduledAction[] = [];
  for (const [item, keys] of [...shown].sort(([a], [b]) => a.startAtMs - b.startAtMs || a.order - b.order)) {
    const resumed = resume(item, keys, nowMs);
    if (resumed) result.push(resumed);
  }
  return result;
}

function layerKeys(action: ScheduledAction): string[] {
  if (action.type === MOTION_ACTIVATE || action.type === MOTION_DEACTIVATE) return [MOTION_SCOPE];
  const overlay = overlayActionOf(action.type, action.settings);
  if (!overlay) return [];
  const { scopes, layer } = overlay.kind === "activate" ? overlay.activation : overlay.deactivation;
  return scopes.map((scope) => `${scope}\u0000${layer}`);
}

const isActivation = (action: ScheduledAction): boolean => action.type === MOTION_ACTIVATE || action.type === "staticImageActivateSettings" || action.type === "staticImageOutputActivateSettings";

const numberOf = (value: unknown): number => (typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0);

/** The action as it runs now: the remaining duration and fade-in, the outputs still shown; undefined when it is over or fading out. */
function resume(item: Past, keys: ReadonlySet<string>, nowMs: number): ScheduledAction | undefined {
  const elapsedMs = nowMs - item.startAtMs;
  const durationMs = numberOf(item.action.settings.duration);
  if (durationMs > 0 && elapsedMs >= durationMs) return undefined;
  const settings: Record<string, unknown> = { ...item.action.settings };
  if (durationMs > 0) settings.duration = durationMs - elapsedMs;
  if ("fadeIn" in settings) settings.fadeIn = Math.max(0, numberOf(settings.fadeIn) - elapsedMs);
  if (item.action.type === "staticImageOutputActivateSettings" && Array.isArray(settings.outputNames)) {
    const layer = overlayActionOf(item.action.type, item.action.settings);
    const layerNumber = layer?.kind === "activate" ? layer.activation.layer : 0;
    settings.outputNames = settings.outputNames.filter((name) => keys.has(`${String(name)}\u0000${layerNumber}`));
  }
  return { ...item.action, settings };
}
