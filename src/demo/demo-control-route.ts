// The demo's controls (openlive extension, docs/api.md; registered only in demo mode):
//   GET  /openlive/demo                                   the demo channel and its upstreams
//   POST /openlive/demo/upstreams/{main|backup}/cut       stop that input's upstreams (both pipelines)
//   POST /openlive/demo/upstreams/{main|backup}/restore   start them again
// Cutting "main" makes the channel fail over to "backup" on both pipelines (input loss after
// 1 s); restoring it brings "main" back once it has been clean for the errorClearTimeMsec.
// The console shows these buttons on the demo channel's page. Signed with SigV4 like the
// MediaLive API: they start and stop processes on this machine.

import type { FastifyInstance } from "fastify";
import { sendApiError, sendJson, verifySignedRequest, type SignedRouteOptions } from "../api/signed-extension.ts";
import { ApiError } from "../shared/errors.ts";
import type { DemoPageState } from "./demo-page.ts";
import { isDemoAttachment } from "./upstreams.ts";
import type { DemoStatus } from "../console/app/wire.ts";

export const DEMO_CONTROL_PATH = "/openlive/demo";

export type { DemoStatus };

export function demoStatus(state: DemoPageState): DemoStatus {
  return { channelName: state.channelName, ...(state.channelId !== undefined ? { channelId: state.channelId } : {}), upstreams: state.upstreams?.states() ?? [] };
}

export function registerDemoControlRoute(app: FastifyInstance, state: DemoPageState, options: SignedRouteOptions): void {
  app.get(DEMO_CONTROL_PATH, async (request, reply) => {
    const refused = verifySignedRequest(request, options);
    if (refused) return sendApiError(reply, request.id, refused);
    return sendJson(reply, request.id, 200, demoStatus(state));
  });
  app.post<{ Params: { attachment: string; action: string } }>(`${DEMO_CONTROL_PATH}/upstreams/:attachment/:action`, async (request, reply) => {
    const refused = verifySignedRequest(request, options);
    if (refused) return sendApiError(reply, request.id, refused);
    const { attachment, action } = request.params;
    if (!isDemoAttachment(attachment)) return sendApiError(reply, request.id, new ApiError("OL_REQUEST_INVALID", { detail: `the demo's inputs are "main" and "backup", not "${attachment}"` }));
    if (action !== "cut" && action !== "restore") return sendApiError(reply, request.id, new ApiError("OL_REQUEST_INVALID", { detail: `the action is "cut" or "restore", not "${action}"` }));
    const upstreams = state.upstreams;
    if (!upstreams) return sendApiError(reply, request.id, new ApiError("OL_DEMO_NOT_READY", { detail: "its upstreams are not running yet (the channel is starting, or the demo is stopping)" }));
    if (action === "cut") upstreams.cut(attachment);
    else upstreams.restore(attachment);
    return sendJson(reply, request.id, 200, demoStatus(state));
  });
}
