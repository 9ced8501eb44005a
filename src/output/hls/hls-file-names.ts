// The names an HLS output writes in its folder, as MediaLive names them:
// `<baseName>.m3u8` (master), `<baseName><nameModifier>.m3u8` (variant) and
// `<baseName><nameModifier><segmentModifier>_00001.ts` (segments, numbered from 1, five
// digits or more). The encoder plan names its files with these; the origin serves exactly
// these names and nothing else that happens to share the folder.

export interface HlsVariantNames {
  readonly playlistName: string;
  /** The segment names' common start: the segment number and `.ts` follow. */
  readonly segmentStem: string;
}

export function hlsMasterPlaylistName(baseName: string): string {
  return `${baseName}.m3u8`;
}

export function hlsVariantNames(baseName: string, output: { readonly nameModifier?: string; readonly segmentModifier?: string }): HlsVariantNames {
  const stem = `${baseName}${output.nameModifier ?? ""}`;
  return { playlistName: `${stem}.m3u8`, segmentStem: `${stem}${output.segmentModifier ?? ""}` };
}

/** True when `fileName` is the playlist or one of the segments of `names`. */
export function isHlsVariantFile(names: HlsVariantNames, fileName: string): boolean {
  if (fileName === names.playlistName) return true;
  if (!fileName.startsWith(`${names.segmentStem}_`) || !fileName.endsWith(".ts")) return false;
  return /^\d{5,}$/.test(fileName.slice(names.segmentStem.length + 1, -".ts".length));
}
