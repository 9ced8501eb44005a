// A value as problem messages show it: JSON-quoted, long values cut at 120 characters.

export function quote(value: string): string {
  const shown = String(value);
  return JSON.stringify(shown.length > 120 ? `${shown.slice(0, 120)}…` : shown);
}
