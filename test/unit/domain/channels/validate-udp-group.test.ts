import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ChannelConfig } from "../../../../src/domain/channels/channel-config.ts";
import { notHonouredSettings } from "../../../../src/domain/channels/not-honoured.ts";
import { parseUdpDestinationUrl } from "../../../../src/domain/channels/udp-destination-url.ts";
import { validateChannelConfig } from "../../../../src/domain/channels/validate-channel.ts";
import { inputRecord } from "../../../helpers/input-record.ts";
import { minimalHls } from "../../../helpers/minimal-channel.ts";
import { withUdpGroup, type UdpOutputSpec } from "../../../helpers/udp-channel.ts";

type Json = Record<string, any>;
const context = { inputs: new Map([["1234567", inputRecord({ id: "1234567", name: "in", type: "URL_PULL", inputClass: "SINGLE_PIPELINE" })]]) };

function channel(outputs: readonly UdpOutputSpec[], groupSettings: Json = {}): Json {
  return withUdpGroup(minimalHls(), "udp", outputs, groupSettings);
}
function problems(config: Json): string[] {
  return validateChannelConfig(config as unknown as ChannelConfig, context).map((problem) => `${problem.elementPath}: ${problem.errorMessage}`);
}
function told(config: Json): string[] {
  return notHonouredSettings(config as unknown as ChannelConfig).map((setting) => `${setting.elementPath}: ${setting.reason}`);
}

describe("UDP destination URLs", () => {
  it("reads udp:// and rtp:// with a host and a port, unicast or multicast, IPv4 or IPv6", () => {
    assert.deepEqual(parseUdpDestinationUrl("rtp://239.10.10.10:5001"), { ok: true, scheme: "rtp:", host: "239.10.10.10", port: 5001, multicast: true });
    assert.deepEqual(parseUdpDestinationUrl("udp://10.100.100.100:5002"), { ok: true, scheme: "udp:", host: "10.100.100.100", port: 5002, multicast: false });
    assert.deepEqual(parseUdpDestinationUrl("rtp://[ff0e::1]:5004"), { ok: true, scheme: "rtp:", host: "ff0e::1", port: 5004, multicast: true });
    assert.equal(parseUdpDestinationUrl("rtp://ird.example:5004").ok, true);
  });

  it("refuses a missing port, a path, a query, credentials and a host that is no name or address", () => {
    for (const [url, message] of [
      ["udp://10.0.0.1", /needs a port/],
      ["udp://10.0.0.1:70000", /not a valid URL/],
      ["rtp://10.0.0.1:5000/live", /only a host and a port/],
      ["rtp://10.0.0.1:5000?pkt_size=1", /only a host and a port/],
      ["udp://user:pw@10.0.0.1:5000", /credentials/],
      ["udp://a'b:5000", /host name or an IP address/],
      ["http://10.0.0.1:5000", /not a UDP destination/],
    ] as const) {
      const parsed = parseUdpDestinationUrl(url);
      assert.equal(parsed.ok, false, url);
      if (!parsed.ok) assert.match(parsed.message, message, url);
    }
  });
});

describe("validateChannelConfig: UDP output groups", () => {
  it("accepts HLS beside a UDP group of a udp:// and an rtp:// output with FEC", () => {
    const config = channel([
      { outputName: "ts", urls: ["udp://239.1.1.1:5000"], m2tsSettings: { rateMode: "CBR", bitrate: 2_000_000 } },
      { outputName: "rtp", urls: ["rtp://127.0.0.1:5004"], fecOutputSettings: { includeFec: "COLUMN_AND_ROW", rowLength: 5, columnDepth: 5 } },
    ]);
    assert.deepEqual(problems(config), []);
    assert.deepEqual(told(config), []);
  });

  it("refuses udp:// destinations in an HLS group and file:// destinations in a UDP group", () => {
    const udpInHls = minimalHls();
    udpInHls.destinations[0].settings[0].url = "udp://127.0.0.1:5000";
    assert.match(problems(udpInHls).join("\n"), /hlsGroupSettings\.destination\.destinationRefId: destination "hls-dest" is a udp:\/\/ or rtp:\/\/ destination/);
    const fileInUdp = channel([{ outputName: "ts", urls: ["file:///tmp/openlive-out/x/index"] }]);
    assert.match(problems(fileInUdp).join("\n"), /udpOutputSettings\.destination\.destinationRefId: destination "udp-ts" must have udp:\/\/<host>:<port> or rtp:\/\/<host>:<port> URLs/);
  });

  it("refuses an output without udpOutputSettings, an unknown destination, a bad URL and a FEC port past 65535", () => {
    const config = channel([
      { outputName: "ts", urls: ["rtp://127.0.0.1:65533"], fecOutputSettings: { includeFec: "COLUMN_AND_ROW" } },
      { outputName: "col", urls: ["rtp://127.0.0.1:65534"], fecOutputSettings: { includeFec: "COLUMN" } },
      { outputName: "col-ok", urls: ["rtp://127.0.0.2:65533"], fecOutputSettings: { includeFec: "COLUMN" } },
    ]);
    config.destinations.push({ id: "bad", settings: [{ url: "udp://127.0.0.1" }] });
    config.encoderSettings.outputGroups[1].outputs.push({ outputName: "hls-like", videoDescriptionName: "v720", outputSettings: { hlsOutputSettings: { nameModifier: "_x", hlsSettings: { standardHlsSettings: { m3u8Settings: {} } } } } });
    config.encoderSettings.outputGroups[1].outputs.push({ outputName: "nowhere", videoDescriptionName: "v720", outputSettings: { udpOutputSettings: { destination: { destinationRefId: "missing" }, containerSettings: { m2tsSettings: {} } } } });
    const found = problems(config).join("\n");
    assert.match(found, /destinations\[4\]\.settings\[0\]\.url: "udp:\/\/127\.0\.0\.1" needs a port/);
    assert.match(found, /outputs\[0\]\.outputSettings\.udpOutputSettings\.fecOutputSettings: FEC is sent to the media port \+ 2 and \+ 4: destination "rtp:\/\/127\.0\.0\.1:65533" needs a port of at most 65531/);
    assert.match(found, /outputs\[1\]\.outputSettings\.udpOutputSettings\.fecOutputSettings: FEC is sent to the media port \+ 2: destination "rtp:\/\/127\.0\.0\.1:65534" needs a port of at most 65533/);
    assert.doesNotMatch(found, /outputs\[2\]\.outputSettings\.udpOutputSettings\.fecOutputSettings/, "column FEC alone fits below 65536");
    assert.match(found, /outputs\[3\]\.outputSettings: An output of a UDP output group needs udpOutputSettings/);
    assert.match(found, /outputs\[4\]\.outputSettings\.udpOutputSettings\.destination\.destinationRefId: Object references undefined destination "missing"/);
  });

  it("tells what is sent otherwise: DROP_TS, a FEC matrix over 100 packets, FEC on udp://; honours SCTE-35 pass-through, COLUMN-only FEC and a short row", () => {
    const config = channel(
      [
        { outputName: "col", urls: ["rtp://127.0.0.1:5004"], fecOutputSettings: { includeFec: "COLUMN", rowLength: 12, columnDepth: 10 } },
        { outputName: "plain", urls: ["udp://127.0.0.1:5010"], bufferMsec: 20, fecOutputSettings: { includeFec: "COLUMN_AND_ROW" }, m2tsSettings: { scte35Control: "PASSTHROUGH", nullPacketBitrate: 10000 } },
      ],
      { inputLossAction: "DROP_TS" },
    );
    assert.deepEqual(problems(config), []);
    const notes = told(config).join("\n");
    assert.match(notes, /udpGroupSettings\.inputLossAction: inputLossAction "DROP_TS": openlive honours only "EMIT_PROGRAM"/);
    assert.doesNotMatch(notes, /includeFec/);
    assert.match(notes, /outputs\[0\]\.outputSettings\.udpOutputSettings\.fecOutputSettings: columnDepth 10 is sent as 8 \(L × D at most 100, SMPTE 2022-1\)/);
    const short = channel([{ outputName: "col", urls: ["rtp://127.0.0.1:5004"], fecOutputSettings: { includeFec: "COLUMN", rowLength: 2, columnDepth: 10 } }]);
    assert.doesNotMatch(told(short).join("\n"), /fecOutputSettings/);
    assert.match(notes, /outputs\[1\]\.outputSettings\.udpOutputSettings\.fecOutputSettings: SMPTE 2022-1 FEC protects RTP packets: udp:\/\/127\.0\.0\.1:5010 is sent without FEC/);
    assert.match(notes, /outputs\[1\]\.outputSettings\.udpOutputSettings\.bufferMsec: bufferMsec 20 is sent as 100/);
    assert.doesNotMatch(notes, /scte35Control/, "SCTE-35 pass-through is honoured");
    assert.match(notes, /m2tsSettings\.nullPacketBitrate: nullPacketBitrate: extra null packets/);
  });
});

describe("input loss with an HLS group and a UDP group", () => {
  it("tells PAUSE_OUTPUT on the HLS group: the UDP group keeps sending fill, and so does the shared encoder", () => {
    const config = channel([{ outputName: "ts", urls: ["udp://127.0.0.1:5000"] }]);
    config.encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.inputLossAction = "PAUSE_OUTPUT";
    assert.match(told(config).join("\n"), /outputGroups\[0\]\.outputGroupSettings\.hlsGroupSettings\.inputLossAction: inputLossAction PAUSE_OUTPUT on some output groups only/);
  });
});
