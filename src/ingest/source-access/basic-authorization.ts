// The Authorization header of an HTTP source with a user name and password, for the
// create-time check and the running HLS pull alike. Pure.

/** RFC 7617 Basic credentials (UTF-8). */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;
}
