// A name from a channel configuration (a caption description, an output group) as part of a
// file or folder name that openlive makes: letters, digits, '-' and '_' only, so it can
// never leave the folder it is joined to nor carry a character a playlist line or a shell
// would read.

export function fileNamePart(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, "_");
}
