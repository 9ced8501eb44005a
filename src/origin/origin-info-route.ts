// GET /openlive/origin (an openlive extension, signed like a MediaLive call): where the HLS
// origin listens and which output roots it serves under which names, so that the console
// (or a script) can turn a channel's file:// destination into its playback URL. Signed,
// because it names folders on this machine.

import type { FastifyInstance } from "fastify";
import { sendApiError, sendJson, verifySignedRequest, type SignedRouteOptions } from "../api/signed-extension.ts";
import type { OriginInfo } from "../console/app/wire.ts";
import type { OutputRoots } from "../output/roots/output-roots.ts";
import { rootNameOf } from "../output/roots/place-in-roots.ts";

export const ORIGIN_INFO_PATH = "/openlive/origin";

export function registerOriginInfoRoute(app: FastifyInstance, options: SignedRouteOptions & { readonly originPort: number; readonly roots: OutputRoots }): void {
  const info: OriginInfo = { originPort: options.originPort, roots: options.roots.roots.map((folder) => ({ name: rootNameOf(folder), folder })) };
  app.get(ORIGIN_INFO_PATH, async (request, reply) => {
    const refused = verifySignedRequest(request, options);
    if (refused) return sendApiError(reply, request.id, refused);
    return sendJson(reply, request.id, 200, info);
  });
}
