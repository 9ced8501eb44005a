// JPEG stills of a frameCaptureSettings description (the filter chain already runs at one
// picture per captureInterval).

/** mjpeg quality scale 2 (best) … 31; 3 is visually lossless at broadcast sizes. */
export const FRAME_CAPTURE_QUALITY = "3";

/** `-strict unofficial` lets mjpeg take yuv420p tagged full range (as the thumbnail does). */
export function frameCaptureArgs(): string[] {
  return ["-c:v", "mjpeg", "-strict:v", "unofficial", "-q:v", FRAME_CAPTURE_QUALITY];
}
