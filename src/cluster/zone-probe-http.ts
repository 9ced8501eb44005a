// The failsafe probe over HTTP: each worker answers GET /cluster/db-reachable with how long
// until it could take an expired lease (0 when it already could), and a worker that cannot
// reach the database asks its zone peers before deciding to keep its pipelines on air
// (lease-state.ts, failsafeUntilMs).

import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ZoneProbe } from "./lease-state.ts";

export const PROBE_PATH = "/cluster/db-reachable";

export interface ZoneProbeServer {
  /** http://host:port, what the node registers as its control URL. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * `takeOverInMs` makes a round trip to the database now (WorkerLoop.takeOverInMs): an answer
 * from memory could say "I can take over" for a database that went away since the last
 * heartbeat, and the asking worker would stop a pipeline that nobody can take over.
 */
export async function startZoneProbeServer(options: { host: string; port: number; nodeId: string; takeOverInMs: () => Promise<number> }): Promise<ZoneProbeServer> {
  const server = http.createServer((request, response) => {
    if (request.method !== "GET" || request.url !== PROBE_PATH) {
      response.writeHead(404).end();
      return;
    }
    void options.takeOverInMs().then((takeOverInMs) => {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ nodeId: options.nodeId, takeOverInMs }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}

/** Asks every peer at once; a peer that does not answer within `timeoutMs` counts as not answering. */
export async function probeZonePeers(peers: readonly { nodeId: string; controlUrl: string }[], timeoutMs: number, atMs: number): Promise<ZoneProbe> {
  const answers = await Promise.all(
    peers.map(async (peer): Promise<number | undefined> => {
      if (peer.controlUrl === "") return undefined;
      try {
        const response = await fetch(`${peer.controlUrl}${PROBE_PATH}`, { signal: AbortSignal.timeout(timeoutMs) });
        if (!response.ok) return undefined;
        const body = (await response.json()) as { takeOverInMs?: unknown };
        return typeof body.takeOverInMs === "number" && body.takeOverInMs >= 0 ? body.takeOverInMs : undefined;
      } catch {
        return undefined;
      }
    }),
  );
  return { atMs, peersAsked: peers.length, takeOverInMs: answers.filter((answer) => answer !== undefined) };
}
