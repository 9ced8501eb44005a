// The credentials the console signs with: entered once on the login view, kept in this tab's
// sessionStorage (gone when the tab closes), never sent anywhere but in signatures.

import type { Credentials } from "./sigv4.ts";

const KEY = "openlive-console-credentials";

export function loadCredentials(): Credentials | undefined {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? "null") as Partial<Credentials> | null;
    if (stored && typeof stored.accessKeyId === "string" && typeof stored.secretAccessKey === "string" && typeof stored.region === "string") {
      return { accessKeyId: stored.accessKeyId, secretAccessKey: stored.secretAccessKey, region: stored.region };
    }
  } catch {
    // unreadable: log in again
  }
  return undefined;
}

export function saveCredentials(credentials: Credentials): void {
  sessionStorage.setItem(KEY, JSON.stringify(credentials));
}

export function clearCredentials(): void {
  sessionStorage.removeItem(KEY);
}
