// The one catalogue of alerts openlive raises about media. Each has a stable id (MediaLive's
// numeric id where the MediaLive User Guide documents one; an OL_ id otherwise) and the
// alertType text ListAlerts and the console show. docs/alerts.md lists every entry;
// test/unit/shared/alerts-doc.test.ts fails when code and doc drift apart.

export const AlertCatalogue = {
  RTP_EXPECTED: { id: "OL_ALERT_RTP_EXPECTED", alertType: "RTP Expected" },
  UNSUPPORTED_CODEC: { id: "OL_ALERT_UNSUPPORTED_CODEC", alertType: "Unsupported Codec" },
  CAPTIONS_MISSING: { id: "OL_ALERT_CAPTIONS_MISSING", alertType: "Captions Missing" },
  REDUNDANT_SOURCES_DIFFER: { id: "OL_ALERT_REDUNDANT_SOURCES_DIFFER", alertType: "Redundant Sources Differ" },
  PORTRAIT_VIDEO: { id: "OL_ALERT_PORTRAIT_VIDEO", alertType: "Portrait Video" },
  VARIABLE_FRAME_RATE: { id: "OL_ALERT_VARIABLE_FRAME_RATE", alertType: "Variable Frame Rate" },
  VIDEO_NOT_DETECTED: { id: "OL_ALERT_VIDEO_NOT_DETECTED", alertType: "Video Not Detected" },
  INITIAL_PROBE_SLOW: { id: "5007", alertType: "Initial Probe Taking Longer Than Expected" },
  INPUT_ACCESS_FAILED: { id: "5008", alertType: "Unable to Access Input Resource" },
  SLATE_MISSING: { id: "5002", alertType: "Input Image (Slate) Missing" },
  OVERLAY_IMAGE_FAILED: { id: "OL_ALERT_OVERLAY_IMAGE_FAILED", alertType: "Static Image Overlay Failed" },
  MOTION_GRAPHICS_FAILED: { id: "OL_ALERT_MOTION_GRAPHICS_FAILED", alertType: "Motion Graphics Overlay Failed" },
  HLS_PLAYLIST_STALLED: { id: "OL_ALERT_HLS_PLAYLIST_STALLED", alertType: "HLS Playlist Stalled" },
  HLS_UNSUPPORTED_SEGMENTS: { id: "OL_ALERT_HLS_UNSUPPORTED_SEGMENTS", alertType: "Unsupported HLS Segments" },
  OUTPUT_FAILED: { id: "OL_ALERT_OUTPUT_FAILED", alertType: "Failed to Create Output File or Socket" },
  ENCODER_FAILED: { id: "OL_ALERT_ENCODER_FAILED", alertType: "Encoder Failed" },
  FAILOVER_CONDITION: { id: "OL_ALERT_FAILOVER_CONDITION", alertType: "Failover Condition Met" },
  INPUT_FAILED_OVER: { id: "OL_ALERT_INPUT_FAILED_OVER", alertType: "Input Failed Over" },
  INPUT_SWITCH_FAILED: { id: "OL_ALERT_INPUT_SWITCH_FAILED", alertType: "Input Switch Refused" },
  OUTPUT_REFUSED: { id: "OL_ALERT_OUTPUT_REFUSED", alertType: "Output Destination Refused" },
  AUDIO_SELECTOR_NOT_FOUND: { id: "OL_ALERT_AUDIO_SELECTOR_NOT_FOUND", alertType: "Audio Selector Not Found" },
  RTMP_OUTPUT_FAILED: { id: "OL_ALERT_RTMP_OUTPUT_FAILED", alertType: "RTMP Output Connection Failed" },
  SRT_OUTPUT_FAILED: { id: "OL_ALERT_SRT_OUTPUT_FAILED", alertType: "SRT Output Connection Failed" },
  PIPELINE_UNHELD: { id: "OL_ALERT_PIPELINE_UNHELD", alertType: "Pipeline Has No Worker" },
  ADDRESS_TAKEOVER_FAILED: { id: "OL_ALERT_ADDRESS_TAKEOVER_FAILED", alertType: "Endpoint Address Takeover Failed" },
  OUTPUT_REPLACED: { id: "OL_ALERT_OUTPUT_REPLACED", alertType: "Output Taken Over By Another Worker" },
} as const;

export type AlertKey = keyof typeof AlertCatalogue;
export type AlertType = (typeof AlertCatalogue)[AlertKey]["alertType"];

/** An alert as the part that raised it reports it (ingest edges, pull sources, outputs); the runtime adds where it came from. */
export interface AlertEvent {
  readonly alertType: string;
  readonly message: string;
  readonly state: "SET" | "CLEARED";
  readonly atMs: number;
  /**
   * The output group the alert is about: alerts of one type for different groups are
   * separate entries, each SET and CLEARED on its own (MediaLive raises output alerts per
   * output group). Absent: the alert is about the pipeline as a whole.
   */
  readonly outputGroup?: string;
}
