// One channel: its pipelines (live thumbnail every 3 s, the input on air and the schedule
// action that put it there), the detected properties of each attached input side by side per
// pipeline, the schedule with "switch input now", the alerts timeline, an HLS preview, and
// the settings openlive accepted without reproducing them.

import { ApiError } from "../api.ts";
import { compareDetected } from "../detected.ts";
import { badge, errorLine, formatTime, h, jsonDetails, Section } from "../dom.ts";
import { originUrlOf, Player } from "../player.ts";
import type { View, ViewContext } from "../view.ts";
import type { Channel, ChannelAlert, DemoStatus, Input, OriginInfo, ScheduleAction } from "../wire.ts";
import { activeInputs, startStopButton } from "./channels.ts";
import { notHonouredSection } from "./not-honoured.ts";

const THUMBNAIL_MS = 3_000;
const LIVE_STATES = ["RUNNING", "RECOVERING", "STARTING"];

interface AttachedInput {
  readonly attachmentName: string;
  readonly inputId: string;
  readonly input: Input | undefined;
}

interface PipelineCard {
  readonly element: HTMLElement;
  readonly image: HTMLImageElement;
  readonly caption: HTMLElement;
  readonly onAir: Section;
}

function pipelineCount(channel: Channel): number {
  return channel.channelClass === "SINGLE_PIPELINE" ? 1 : 2;
}

/** "Immediate", "at 12:00:00", "follows X (END)". */
function startDescription(action: ScheduleAction): string {
  const start = action.scheduleActionStartSettings ?? {};
  if (start.immediateModeScheduleActionStartSettings) return "immediate";
  if (start.fixedModeScheduleActionStartSettings) return `at ${formatTime(start.fixedModeScheduleActionStartSettings.time)}`;
  if (start.followModeScheduleActionStartSettings) {
    const follow = start.followModeScheduleActionStartSettings;
    return `follows ${follow.referenceActionName ?? "?"} (${follow.followPoint ?? "?"})`;
  }
  return "";
}

/** The action's kind and, for input switches and prepares, the attachment it names. */
function settingsDescription(action: ScheduleAction): string {
  const settings = action.scheduleActionSettings ?? {};
  const [kind, value] = Object.entries(settings)[0] ?? ["", undefined];
  const reference = (value as { inputAttachmentNameReference?: string } | undefined)?.inputAttachmentNameReference;
  const name = kind.replace(/Settings$/, "").replace(/^./, (c) => c.toUpperCase());
  return reference ? `${name} → ${reference}` : name;
}

export function channelDetailView(context: ViewContext, channelId: string): View {
  const header = new Section(h("div", { class: "channel-header" }));
  const messages = h("div", { class: "messages" });
  const pipelinesElement = h("div", { class: "pipelines" });
  const detected = new Section(h("div", { class: "detected" }));
  const schedule = new Section(h("div", { class: "schedule" }));
  const demoPanel = new Section(h("div", { class: "demo-upstreams" }));
  const alerts = new Section(h("div", { class: "alerts" }));
  const notHonoured = new Section(h("div", { class: "not-honoured-settings" }));
  const player = new Player();
  const destinationChoice = h("select", { id: "preview-source", "aria-label": "Destination to preview" });
  const element = h(
    "section",
    { class: "view channel-view", "data-channel-id": channelId },
    h("p", { class: "crumbs" }, h("a", { href: "#/channels" }, "Channels"), " / ", h("code", {}, channelId)),
    header.element,
    messages,
    demoPanel.element,
    h("h3", {}, "Pipelines"),
    pipelinesElement,
    h("div", { class: "columns" },
      h("div", { class: "column" }, h("h3", {}, "Preview"), h("label", { class: "inline" }, "Destination ", destinationChoice), player.element),
      h("div", { class: "column" }, h("h3", {}, "Alerts"), alerts.element),
    ),
    h("h3", {}, "Detected input properties"),
    detected.element,
    h("h3", {}, "Schedule"),
    schedule.element,
    notHonoured.element,
  );

  let channel: Channel | undefined;
  let cards: PipelineCard[] = [];
  let disposed = false;
  let thumbnailBusy = false;

  const showMessage = (node: HTMLElement | undefined): void => {
    messages.replaceChildren(...(node ? [node] : []));
  };

  const buildCards = (count: number): void => {
    if (cards.length === count) return;
    cards = Array.from({ length: count }, (_, index): PipelineCard => {
      const image = h("img", { class: "thumbnail", alt: `Pipeline ${index} thumbnail`, "data-pipeline": index, width: 384, height: 216 });
      const caption = h("p", { class: "thumbnail-time", "data-field": "thumbnail-time" }, "No thumbnail yet.");
      const onAir = new Section(h("div", { class: "on-air" }));
      const card = h("div", { class: "pipeline card", "data-pipeline": index }, h("h4", {}, `Pipeline ${index}`), image, caption, onAir.element);
      return { element: card, image, caption, onAir };
    });
    pipelinesElement.replaceChildren(...cards.map((card) => card.element));
  };

  const refreshThumbnails = async (): Promise<void> => {
    if (thumbnailBusy || disposed || !channel) return;
    thumbnailBusy = true;
    try {
      const live = LIVE_STATES.includes(channel.state ?? "");
      await Promise.all(
        cards.map(async (card, index) => {
          if (!live) {
            card.caption.textContent = `No thumbnail: the channel is ${channel?.state ?? "not running"}.`;
            card.image.removeAttribute("src");
            return;
          }
          try {
            const details = await context.api.describeThumbnails(channelId, String(index));
            const thumbnail = details.find((detail) => detail.pipelineId === String(index))?.thumbnails?.[0];
            if (!thumbnail?.body) {
              card.caption.textContent = "No thumbnail yet.";
              return;
            }
            const src = `data:${thumbnail.contentType ?? "image/jpeg"};base64,${thumbnail.body}`;
            if (card.image.getAttribute("src") !== src) card.image.src = src;
            card.caption.textContent = `Taken ${formatTime(thumbnail.timeStamp)}`;
            card.image.dataset.timestamp = thumbnail.timeStamp ?? "";
          } catch (error) {
            card.caption.textContent = error instanceof ApiError ? error.message : String(error);
          }
        }),
      );
    } finally {
      thumbnailBusy = false;
    }
  };
  const thumbnailTimer = window.setInterval(() => void refreshThumbnails(), THUMBNAIL_MS);

  /** Where the origin listens and which roots it serves (asked once per view). */
  let origin: OriginInfo | undefined;
  /** Origin URLs of the channel's file:// destinations, labelled. */
  const previewSources = (current: Channel): { label: string; path: string }[] =>
    (current.destinations ?? []).flatMap((destination) =>
      (destination.settings ?? []).flatMap((setting, index) => {
        const path = origin ? originUrlOf(origin, setting.url ?? "") : undefined;
        return path ? [{ label: `${destination.id ?? "destination"} · pipeline ${index}`, path }] : [];
      }),
    );

  const updatePreview = (current: Channel): void => {
    const sources = previewSources(current);
    const key = JSON.stringify(sources);
    if (destinationChoice.dataset.key !== key) {
      const previous = destinationChoice.value;
      destinationChoice.replaceChildren(...sources.map((source) => h("option", { value: source.path }, source.label)));
      if (sources.some((source) => source.path === previous)) destinationChoice.value = previous;
      destinationChoice.dataset.key = key;
    }
    const live = LIVE_STATES.includes(current.state ?? "") && (current.pipelinesRunningCount ?? 0) > 0;
    if (sources.length === 0) {
      void player.play(undefined);
      return;
    }
    void player.play(live ? destinationChoice.value || sources[0]!.path : undefined);
  };
  destinationChoice.addEventListener("change", () => channel && updatePreview(channel));

  const switchNow = (attachmentName: string): void => {
    if (!window.confirm(`Switch channel ${channelId} to input "${attachmentName}" now?`)) return;
    context.api.switchInputNow(channelId, attachmentName).then(
      () => {
        showMessage(h("p", { class: "notice" }, `Switch to "${attachmentName}" scheduled (immediate).`));
        context.refreshSoon();
      },
      (error: unknown) => showMessage(errorLine(error)),
    );
  };

  const demoAction = (attachment: string, action: "cut" | "restore"): void => {
    context.api.demoUpstreams(attachment, action).then(
      (status) => {
        renderDemo(status);
        showMessage(h("p", { class: "notice" }, action === "cut" ? `The "${attachment}" upstreams are cut; the channel sees no media on "${attachment}".` : `The "${attachment}" upstreams send again.`));
        context.refreshSoon();
      },
      (error: unknown) => showMessage(errorLine(error)),
    );
  };

  /** The demo's upstream controls, on the demo channel's page only (GET /openlive/demo answers in demo mode). */
  const renderDemo = (status: DemoStatus | undefined): void => {
    const shown = status?.channelId === channelId && status.upstreams.length > 0 ? status : undefined;
    demoPanel.update(shown ?? null, () => {
      if (!shown) return [];
      const attachments = [...new Set(shown.upstreams.map((upstream) => upstream.attachment))];
      return [
        h("h3", {}, "Demo upstreams"),
        h("p", {}, "The demo feeds each input with ffmpeg test patterns, one per pipeline. Cut the primary input's upstreams to watch the channel fail over to the secondary; restore them to watch it return."),
        h(
          "ul",
          { class: "attachments" },
          ...attachments.map((attachment) => {
            const cut = shown.upstreams.some((upstream) => upstream.attachment === attachment && upstream.state === "cut");
            return h(
              "li",
              { "data-demo-attachment": attachment, "data-state": cut ? "cut" : "sending" },
              h("strong", {}, attachment),
              " ",
              h("span", { class: `badge ${cut ? "alert-set" : "on-air-badge"}`, "data-field": "demo-state" }, cut ? "cut" : "sending"),
              " ",
              h("button", { type: "button", "data-action": cut ? "demo-restore" : "demo-cut", onclick: () => demoAction(attachment, cut ? "restore" : "cut") }, cut ? "Restore" : "Cut"),
            );
          }),
        ),
      ];
    });
  };

  const renderHeader = (current: Channel): HTMLElement[] => [
    h("h2", {}, current.name ?? current.id, " ", badge(current.state)),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Id"), h("dd", {}, h("code", {}, current.id)),
      h("dt", {}, "Class"), h("dd", { "data-field": "class" }, current.channelClass ?? ""),
      h("dt", {}, "Pipelines running"), h("dd", { "data-field": "pipelines-running" }, String(current.pipelinesRunningCount ?? 0)),
      h("dt", {}, "Active input"), h("dd", { "data-field": "active-input" }, activeInputs(current)),
    ),
    h("p", { class: "actions" }, startStopButton(context, current, () => messages)),
    jsonDetails(current, "channel", "Channel JSON"),
  ];

  const renderDetected = (attached: readonly AttachedInput[]): HTMLElement[] =>
    attached.map(({ attachmentName, inputId, input }) => {
      const title = h("h4", {}, `${attachmentName}: `, h("a", { href: `#/inputs/${encodeURIComponent(inputId)}` }, input?.name ?? inputId), ` (${input?.type ?? "?"})`);
      const properties = input?.detectedProperties ?? [];
      if (properties.length === 0) {
        return h("div", { class: "detected-input", "data-input-id": inputId }, title, h("p", { class: "empty" }, "Nothing detected yet (no media arrives, or no channel runs on this input)."), input ? jsonDetails(input, `input-${inputId}`, "Input JSON") : undefined);
      }
      const { columns, rows } = compareDetected(properties);
      const mismatches = rows.filter((row) => row.mismatch).length;
      const table = h(
        "table",
        { class: "compare" },
        h("thead", {}, h("tr", {}, h("th", {}, ""), ...columns.map((id) => h("th", {}, `Pipeline ${id}`)))),
        h(
          "tbody",
          {},
          ...rows.map((row) =>
            h("tr", { class: row.mismatch ? "mismatch" : "", "data-property": row.label }, h("th", {}, row.label), ...row.values.map((value) => h("td", {}, row.time ? formatTime(value) : value || "—"))),
          ),
        ),
      );
      return h(
        "div",
        { class: "detected-input", "data-input-id": inputId },
        title,
        columns.length > 1 ? h("p", { class: mismatches ? "warning" : "ok" }, mismatches ? `${mismatches} difference${mismatches > 1 ? "s" : ""} between the pipelines' sources (highlighted).` : "The sources of both pipelines match.") : undefined,
        table,
        input ? jsonDetails(input, `input-${inputId}`, "Input JSON") : undefined,
      );
    });

  const renderSchedule = (current: Channel, actions: readonly ScheduleAction[]): HTMLElement[] => {
    const onAir = new Set((current.pipelineDetails ?? []).map((detail) => detail.activeInputAttachmentName));
    const live = LIVE_STATES.includes(current.state ?? "");
    const attachments = h(
      "ul",
      { class: "attachments" },
      ...(current.inputAttachments ?? []).map((attachment) => {
        const name = attachment.inputAttachmentName ?? "";
        return h(
          "li",
          { "data-attachment": name },
          h("strong", {}, name),
          " ",
          h("code", {}, attachment.inputId ?? ""),
          onAir.has(name) ? h("span", { class: "badge on-air-badge" }, "on air") : undefined,
          " ",
          h("button", { type: "button", "data-action": "switch", disabled: !live, title: live ? "" : "The channel is not running", onclick: () => switchNow(name) }, "Switch input now"),
        );
      }),
    );
    const table =
      actions.length === 0
        ? h("p", { class: "empty" }, "No schedule actions.")
        : h(
            "table",
            { class: "resources" },
            h("thead", {}, h("tr", {}, h("th", {}, "Action"), h("th", {}, "Starts"), h("th", {}, "Does"), h("th", {}, ""))),
            h(
              "tbody",
              {},
              ...actions.map((action) =>
                h(
                  "tr",
                  { "data-action-name": action.actionName },
                  h("td", {}, action.actionName),
                  h("td", {}, startDescription(action)),
                  h("td", {}, settingsDescription(action)),
                  h("td", {}, jsonDetails(action, `action-${action.actionName}`)),
                ),
              ),
            ),
          );
    return [h("p", {}, "Attached inputs:"), attachments, table];
  };

  const renderAlerts = (list: readonly ChannelAlert[]): HTMLElement[] => {
    if (list.length === 0) return [h("p", { class: "empty" }, "No alerts in this run.")];
    const sorted = [...list].sort((a, b) => (b.setTimestamp ?? "").localeCompare(a.setTimestamp ?? ""));
    const timeline = h(
      "ol",
      { class: "timeline" },
      ...sorted.map((alert) =>
        h(
          "li",
          { class: `alert ${alert.state === "SET" ? "set" : "cleared"}`, "data-alert-state": alert.state ?? "", "data-alert-type": alert.alertType ?? "", "data-pipeline": alert.pipelineId ?? "" },
          h("span", { class: `badge alert-${(alert.state ?? "").toLowerCase()}` }, alert.state ?? ""),
          " ",
          h("strong", {}, alert.alertType ?? ""),
          ` · pipeline ${alert.pipelineId ?? "?"}`,
          h("div", { class: "alert-message" }, alert.message ?? ""),
          h("div", { class: "alert-times" }, `set ${formatTime(alert.setTimestamp)}`, alert.clearedTimestamp ? ` · cleared ${formatTime(alert.clearedTimestamp)}` : ""),
        ),
      ),
    );
    return [timeline, jsonDetails(list, "alerts", "Alerts JSON (ListAlerts)")];
  };

  return {
    element,
    async refresh() {
      let current: Channel;
      try {
        current = await context.api.describeChannel(channelId);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) {
          header.update("gone", () => h("h2", {}, "Channel not found"));
          showMessage(errorLine(error));
          return;
        }
        throw error;
      }
      const first = channel === undefined;
      channel = current;
      origin ??= await context.api.originInfo().catch(() => undefined);
      buildCards(pipelineCount(current));
      header.update(current, () => renderHeader(current));
      notHonoured.update(current.openliveNotHonoured ?? [], () => notHonouredSection(current.openliveNotHonoured));
      for (const [index, card] of cards.entries()) {
        const detail = current.pipelineDetails?.find((d) => d.pipelineId === String(index));
        card.onAir.update(detail ?? null, () =>
          h(
            "dl",
            { class: "facts" },
            h("dt", {}, "On air"),
            h("dd", { "data-field": "active-input" }, detail?.activeInputAttachmentName ?? "—"),
            h("dt", {}, "Switch action"),
            h("dd", { "data-field": "switch-action" }, detail?.activeInputSwitchActionName ?? "—"),
            h("dt", {}, "Motion graphics"),
            h("dd", { "data-field": "motion-graphics", title: detail?.activeMotionGraphicsUri }, detail?.activeMotionGraphicsActionName ?? "—"),
          ),
        );
      }
      updatePreview(current);
      if (first) void refreshThumbnails();

      const attachments = current.inputAttachments ?? [];
      const [alertList, actions, attached, demo] = await Promise.all([
        context.api.listAlerts(channelId, "ALL").catch(() => [] as ChannelAlert[]),
        context.api.describeSchedule(channelId).catch(() => [] as ScheduleAction[]),
        Promise.all(
          attachments.map(async (attachment): Promise<AttachedInput> => ({
            attachmentName: attachment.inputAttachmentName ?? "",
            inputId: attachment.inputId ?? "",
            input: attachment.inputId ? await context.api.describeInput(attachment.inputId).catch(() => undefined) : undefined,
          })),
        ),
        current.tags?.["openlive-demo"] === "true" ? context.api.demoStatus().catch(() => undefined) : Promise.resolve(undefined),
      ]);
      renderDemo(demo);
      alerts.update(alertList, () => renderAlerts(alertList));
      schedule.update({ current: [current.state, current.pipelineDetails, current.inputAttachments], actions }, () => renderSchedule(current, actions));
      detected.update(
        attached,
        () => renderDetected(attached),
      );
    },
    dispose() {
      disposed = true;
      window.clearInterval(thumbnailTimer);
      player.dispose();
    },
  };
}
