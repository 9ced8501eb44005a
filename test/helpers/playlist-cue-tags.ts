// The segments a media playlist lists, each with the ad-marker lines (#EXT-X-CUE…) written
// before it: what the ad-marker tests compare against the segments' pictures.

export interface ListedSegment {
  readonly uri: string;
  /** Marker lines before its EXTINF. */
  readonly tags: readonly string[];
}

export function listedWithCueTags(playlist: string): ListedSegment[] {
  const segments: ListedSegment[] = [];
  let tags: string[] = [];
  for (const line of playlist.split("\n").map((l) => l.trim())) {
    if (line.startsWith("#EXT-X-CUE")) tags.push(line);
    else if (line !== "" && !line.startsWith("#")) {
      segments.push({ uri: line, tags });
      tags = [];
    }
  }
  return segments;
}
