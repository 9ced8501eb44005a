// A CMAF ingest receiver for tests (DASH-IF Live Media Ingest, interface 1): an HTTP server on
// 127.0.0.1 that answers every POST 200 and keeps its body under the stream it names
// (`…/Streams(<name>)`), in arrival order; other methods get 405. Under /smooth/ it is a
// Microsoft Smooth publishing point: a feed is one long POST, so each POST's body is kept as it
// arrives (and answered 200 at its end).

import { createServer } from "node:http";

export interface CmafReceiver {
  /** Stream name → the bodies POSTed to it, in order (the first is the track's header). */
  readonly streams: Map<string, Buffer[]>;
  /** Under /smooth/: stream name → each POST's body so far, in order. */
  readonly smoothStreams: Map<string, Buffer[]>;
  readonly port: number;
  close(): Promise<void>;
}

export async function startCmafReceiver(): Promise<CmafReceiver> {
  const streams = new Map<string, Buffer[]>();
  const smoothStreams = new Map<string, Buffer[]>();
  const server = createServer((request, response) => {
    if (request.url?.startsWith("/smooth/")) {
      const stream = /Streams\(([^)]*)\)$/.exec(decodeURIComponent(request.url))?.[1] ?? "";
      const posts = smoothStreams.get(stream) ?? [];
      smoothStreams.set(stream, posts);
      const index = posts.push(Buffer.alloc(0)) - 1;
      request.on("data", (chunk: Buffer) => (posts[index] = Buffer.concat([posts[index]!, chunk])));
      request.on("end", () => response.writeHead(200).end());
      return;
    }
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const stream = /Streams\(([^)]*)\)$/.exec(decodeURIComponent(request.url ?? ""))?.[1] ?? "";
      streams.set(stream, [...(streams.get(stream) ?? []), Buffer.concat(chunks)]);
      response.writeHead(request.method === "POST" ? 200 : 405).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as { port: number }).port;
  let closed: Promise<void> | undefined;
  return { streams, smoothStreams, port, close: () => (closed ??= new Promise<void>((resolve) => server.close(() => resolve()))) };
}
