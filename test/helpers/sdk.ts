// A MediaLive SDK client for an openlive under test: pinned @aws-sdk/client-medialive,
// static credentials, one attempt (a test wants the first answer, not a retry), and a fresh
// connection per call: with one attempt, a kept-alive connection that the server closes after
// its idle timeout just as the client reuses it would fail the call (ECONNRESET) where the
// SDK's default retries would quietly send it again.

import http from "node:http";
import { MediaLiveClient } from "@aws-sdk/client-medialive";
import type { OpenliveCredentials } from "./openlive-process.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

export function sdkClient(target: { url: string; credentials: OpenliveCredentials }, region = "us-east-1"): MediaLiveClient {
  return new MediaLiveClient({ region, endpoint: target.url, credentials: { ...target.credentials }, maxAttempts: 1, requestHandler: { httpAgent: new http.Agent({ keepAlive: false }) } });
}
