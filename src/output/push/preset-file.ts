// Protocol options that must not appear on a command line (an SRT passphrase, an RTMP stream
// key): /proc/<pid>/cmdline is readable by every local user. ffmpeg 5.1 takes no output URL
// or protocol option from stdin or the environment, but its `-fpre <file>` reads `key=value`
// lines and sets each as an option of the next output, protocol options included
// (https://ffmpeg.org/ffmpeg.html#Preset-files). The file is created readable by openlive
// only, in the pipeline's own folder, and removed once ffmpeg has read it.

import fs from "node:fs";

export type PresetLine = readonly [key: string, value: string];

/** `key=value` lines; a value with a line break or NUL (it would end the line early) is refused. */
export function presetText(lines: readonly PresetLine[]): string {
  return lines
    .map(([key, value]) => {
      // eslint-disable-next-line no-control-regex
      if (!/^[a-z_0-9]+$/.test(key) || /[\r\n\u0000]/.test(value) || value === "") throw new TypeError(`preset option ${key} has no value or a line break`);
      return `${key}=${value}\n`;
    })
    .join("");
}

/** Writes the file mode 0600, never through a link planted in its place. */
export function writePresetFile(file: string, lines: readonly PresetLine[]): void {
  removePresetFile(file);
  const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o600);
  try {
    fs.writeSync(fd, presetText(lines));
  } finally {
    fs.closeSync(fd);
  }
}

export function removePresetFile(file: string): void {
  fs.rmSync(file, { force: true });
}
