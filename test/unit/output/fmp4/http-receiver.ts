// A loopback HTTP receiver for the sender tests: records each request (method, URL,
// Authorization, body) and answers with the status `answer` picks.

import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
  readonly body: Buffer;
}

export interface Receiver {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** `answer(n)`: the status of the n-th request (0-based); `early`: answer before the body ends (a refusing publishing point). */
export async function startReceiver(answer: (index: number) => number, early: (index: number) => boolean = () => false): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  let count = 0;
  const server = http.createServer((request, response) => {
    const index = count++;
    const chunks: Buffer[] = [];
    const record = (): void => void requests.push({ method: request.method ?? "", url: request.url ?? "", authorization: request.headers.authorization, body: Buffer.concat(chunks) });
    if (early(index)) {
      response.writeHead(answer(index), { connection: "close" }).end();
      request.resume();
      return;
    }
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      record();
      response.writeHead(answer(index)).end();
    });
    request.on("close", () => {
      if (!request.complete) record();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
