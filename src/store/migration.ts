// One versioned schema change, for either store. Lists of them are append only: a
// released migration is never edited; a change is a new version.

export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}
