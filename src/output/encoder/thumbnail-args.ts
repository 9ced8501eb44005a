// The thumbnail output (DescribeThumbnails): a JPEG rewritten in place every 2 s.

/** `-strict unofficial` lets mjpeg take yuv420p tagged full range. `atomic_writing`: write a temporary file and rename it, so readers never see half a JPEG. */
export function thumbnailOutputArgs(label: string, thumbnailFile: string): string[] {
  return ["-map", `[${label}]`, "-fps_mode:v", "passthrough", "-c:v", "mjpeg", "-strict:v", "unofficial", "-q:v", "5", "-f", "image2", "-update", "1", "-atomic_writing", "1", thumbnailFile];
}
