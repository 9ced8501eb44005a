// A channel with an HLS group, an RTMP group and an SRT group (camelCase, as stored).

import { minimalHls } from "../../../helpers/minimal-channel.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

export function pushChannel(): Json {
  const config = minimalHls();
  config.destinations.push(
    { id: "yt", settings: [{ url: "rtmp://a.rtmp.youtube.com/live2", streamName: "abcd-efgh" }] },
    { id: "srt-out", srtSettings: [{ url: "srt://203.0.113.20:5000", streamId: "feed1", encryptionPassphraseSecretArn: "/srt/pass" }] },
  );
  const names = { videoDescriptionName: config.encoderSettings.outputGroups[0].outputs[0].videoDescriptionName, audioDescriptionNames: config.encoderSettings.outputGroups[0].outputs[0].audioDescriptionNames };
  config.encoderSettings.outputGroups.push(
    { name: "social", outputGroupSettings: { rtmpGroupSettings: { cacheLength: 60, restartDelay: 3 } }, outputs: [{ outputName: "youtube", ...names, outputSettings: { rtmpOutputSettings: { destination: { destinationRefId: "yt" }, connectionRetryInterval: 4, numRetries: 6 } } }] },
    { name: "contrib", outputGroupSettings: { srtGroupSettings: {} }, outputs: [{ outputName: "ird", ...names, outputSettings: { srtOutputSettings: { destination: { destinationRefId: "srt-out" }, encryptionType: "AES256", latency: 500, containerSettings: { m2tsSettings: { pmtPid: "500", programNum: 3 } } } } }] },
  );
  return config;
}
