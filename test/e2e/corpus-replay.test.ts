// End-to-end: the real MediaLive channel configurations of ../shared/corpus/channels/ (beside
// the clone; the test fails, never skips, without it) posted unchanged to a real
// `./openlive serve`. For each configuration the test creates inputs of the types its source
// attached (pull sources served live on loopback, since pull inputs are verified at
// CreateChannel), replaces INPUT_ID_n by their ids and nothing else, and POSTs the body
// through a raw signed request, so no SDK drops a member. The answer is classified:
//   accepted           201; openliveNotHonoured lists {elementPath, reason}; DescribeChannel
//                      gives back the encoderSettings exactly as sent.
//   pending            422 whose every refusal is an output kind or destination openlive does
//                      not write yet (docs/channels.md, "Real MediaLive channels").
//   refusedAsMediaLive 422 that MediaLive answers too (a multiplex that does not exist, no inputs).
// Any other refusal fails the test with its messages. EXPECTED is the table to keep up to
// date as output kinds land.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startOpenlive, type OpenliveProcess } from "../helpers/openlive-process.ts";
import { pathLabel, rawRequest, type RawResponse } from "../helpers/signed-fetch.ts";
import { makeHls, makeMp4File, MediaFixtures, type HttpOrigin } from "../helpers/media-fixtures.ts";
import { until } from "../helpers/until.ts";
import { classify, loadCorpus, sortRefusals, withInputIds, type Classification, type CorpusChannel } from "../helpers/corpus-channels.ts";

type Json = any;
type Expected = "accepted" | { readonly pending: readonly string[] } | { readonly refusedAsMediaLive: true };


/**
 * What each configuration gets. "accepted" for 01 and 05 is what MediaLive does and what openlive
 * must do; they fail until openlive writes captions-only HLS outputs (01: a WebVTT rendition
 * with no video) and $dt$ in segmentModifier (05).
 */
const EXPECTED: Readonly<Record<string, Expected>> = {
  "01-awscli-example-hls-akamai.json": "accepted",
  "03-lsoa-v4-mediapackage-group-qvbr-1080p.json": "accepted",
  "05-media-services-tools-hls-basic-put-two-groups.json": "accepted",
  "07-cfn-cmaf-ingest-mpv2-single-cbr.json": "accepted",
  "09-cfn-cmaf-ingest-mpv2-hevc.json": "accepted",
  "11-export-multiplex-statmux-program.json": { refusedAsMediaLive: true },
  "13-cfn-vpc-udp-rtp-proxy.json": "accepted",
  "15-tf-acc-basic-archive-m2ts.json": "accepted",
  "17-tf-acc-mssmooth.json": "accepted",
  "19-tf-acc-audio-aac-ac3.json": "accepted",
  "21-tf-acc-h265-hdr10.json": "accepted",
  "23-tf-acc-no-audio.json": "accepted",
  "25-cdk-ott-mediapackage-720p25.json": "accepted",
  "27-cdk-lef-mpv2-channelgroup-destination.json": "accepted",
  "29-js-factory-hls-basicput-mediapackage.json": "accepted",
  "31-cdk-mediapackage-group-abr.json": "accepted",
  "33-export-console-hls-template-webdav.json": "accepted",
  "35-tf-user-mediapackage-1080p-pid-selector.json": "accepted",
  "37-cdk-py-udp-rtp-from-mp4-loop.json": "accepted",
  "39-cfn-srt-input-mediapackage-object-shape.json": "accepted",
  "41-cdk-vpc-mss-private-origin.json": "accepted",
};

/** The classification as the table writes it (a MediaLive refusal's reasons are printed, not compared). */
function asExpected(observed: Classification): Expected | { refused: string[] } {
  if (observed === "accepted" || "pending" in observed) return observed;
  if ("refusedAsMediaLive" in observed) return { refusedAsMediaLive: true };
  return { refused: observed.refused.map((r) => `${r.elementPath}: ${r.errorMessage}`) };
}

function summaryLine(file: string, observed: Classification, told: number | undefined): string {
  if (observed === "accepted") return `${file}: accepted, ${told} told`;
  if ("pending" in observed) return `${file}: pending (${observed.pending.join(", ")})`;
  if ("refusedAsMediaLive" in observed) return `${file}: refused as MediaLive refuses it (${observed.refusedAsMediaLive})`;
  return `${file}: REFUSED ${observed.refused.map((r) => `${r.elementPath}: ${r.errorMessage}`).join(" | ")}`;
}

const corpus = loadCorpus();

describe("real MediaLive channel configurations, posted unchanged", { timeout: 240_000 }, () => {
  let openlive: OpenliveProcess;
  let media: MediaFixtures;
  let origin: HttpOrigin;
  let isg = "";
  let mp4Url = "";
  const summary: string[] = [];

  const api = (method: string, path: string, body?: object): Promise<RawResponse> => rawRequest(openlive, { method, path, ...(body ? { body } : {}) });

  async function created(response: RawResponse, what: string): Promise<Json> {
    assert.ok(response.status === 200 || response.status === 201, `${what}: HTTP ${response.status} ${response.text}`);
    return response.json;
  }

  /** The CreateInput body for one input of `type`, with one source or endpoint per pipeline. */
  async function inputBody(type: string, pipelines: 1 | 2, name: string): Promise<Json> {
    const each = <T>(make: (pipeline: number) => T): T[] => Array.from({ length: pipelines }, (_, pipeline) => make(pipeline));
    switch (type) {
      case "URL_PULL":
        return { type, name, sources: each((p) => ({ url: `${origin.url}/live/p${p}.m3u8` })) };
      case "MP4_FILE":
        return { type, name, sources: each(() => ({ url: mp4Url })) };
      case "RTMP_PUSH":
        return { type, name, inputSecurityGroups: [isg], destinations: each((p) => ({ streamName: `${name}/p${p}` })) };
      case "RTP_PUSH":
        return { type, name, inputSecurityGroups: [isg] };
      case "SRT_CALLER": {
        const listeners = await Promise.all(each(() => media.startSrtListener()));
        return { type, name, srtSettings: { srtCallerSources: listeners.map((l) => ({ srtListenerAddress: "127.0.0.1", srtListenerPort: String(l.port) })) } };
      }
      default:
        throw new Error(`the replay test has no recipe for ${type} inputs yet`);
    }
  }

  before(async () => {
    media = new MediaFixtures("openlive-corpus-");
    // One live origin for every pull input: two playlists, one per pipeline; and one MP4 file inside the input roots.
    await Promise.all([makeHls(media.path("live"), "p0.m3u8", 30), makeHls(media.path("live"), "p1.m3u8", 30)]);
    mp4Url = `file://${await makeMp4File(media.path("files", "loop.mp4"))}`;
    [openlive, origin] = await Promise.all([startOpenlive({ inputRoots: [media.path("files")] }), media.serveHttp()]);
    isg = (await created(await api("POST", "/prod/inputSecurityGroups", { whitelistRules: [{ cidr: "127.0.0.1/32" }] }), "CreateInputSecurityGroup")).securityGroup.id;
  });

  after(async () => {
    if (summary.length) console.log(`corpus replay (${corpus.length} configurations):\n  ${summary.join("\n  ")}`);
    if (isg) await api("DELETE", `/prod/inputSecurityGroups/${pathLabel(isg)}`);
    await openlive?.stop();
    await media?.close();
  });

  it("has an expected outcome for every configuration, and no outcome for a file that is gone", () => {
    assert.deepEqual(corpus.map((c) => c.file), Object.keys(EXPECTED).sort());
  });

  for (const channel of corpus) {
    it(channel.file, { timeout: 60_000 }, async () => {
      const inputIds = await createInputs(channel);
      try {
        const body = withInputIds(channel.request, inputIds);
        const answer = await api("POST", "/prod/channels", body);
        let observed: Classification;
        let told: number | undefined;
        if (answer.status === 201) {
          observed = "accepted";
          told = await checkAccepted(body, answer.json.channel);
        } else {
          assert.equal(answer.status, 422, `expected 201 or 422, got ${answer.status}: ${answer.text}`);
          const errors = (answer.json?.validationErrors ?? []) as { elementPath: string; errorMessage: string }[];
          assert.ok(errors.length > 0, `a 422 lists its validationErrors: ${answer.text}`);
          observed = classify(body, errors);
        }
        summary.push(summaryLine(channel.file, observed, told));
        const consequential = answer.status === 422 ? sortRefusals(body, answer.json.validationErrors).consequential : [];
        if (consequential.length) summary.push(`  also refused inside those kinds: ${consequential.map((r) => r.elementPath).join(", ")}`);
        assert.deepEqual(asExpected(observed), EXPECTED[channel.file], summaryLine(channel.file, observed, told));
      } finally {
        await deleteInputs([...inputIds.values()]);
      }
    });
  }

  async function createInputs(channel: CorpusChannel): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const [index, placeholder] of channel.inputPlaceholders.entries()) {
      assert.ok(channel.inputType, `${channel.file} names ${placeholder} but its notes name no input type`);
      const request = await inputBody(channel.inputType, channel.pipelines, `corpus-${channel.file.slice(0, 2)}-${index + 1}`);
      ids.set(placeholder, (await created(await api("POST", "/prod/inputs", request), `CreateInput ${channel.inputType}`)).input.id);
    }
    return ids;
  }

  /** Checks an accepted channel's answer and DescribeChannel, deletes it; returns how many settings it tells. */
  async function checkAccepted(body: Json, channel: Json): Promise<number> {
    const id: string = channel.id;
    try {
      const notHonoured: unknown = channel.openliveNotHonoured;
      assert.ok(Array.isArray(notHonoured), `openliveNotHonoured is a list: ${JSON.stringify(notHonoured)}`);
      for (const entry of notHonoured as Json[]) {
        assert.ok(typeof entry?.elementPath === "string" && entry.elementPath.length > 0 && typeof entry.reason === "string" && entry.reason.length > 0, `a told setting has an elementPath and a reason: ${JSON.stringify(entry)}`);
      }
      assert.deepEqual(channel.encoderSettings, body.encoderSettings, "CreateChannel answers the encoderSettings as sent");
      const described = await api("GET", `/prod/channels/${pathLabel(id)}`);
      assert.equal(described.status, 200, described.text);
      assert.deepEqual(described.json.encoderSettings, body.encoderSettings, "DescribeChannel gives back the encoderSettings as sent");
      return (notHonoured as Json[]).length;
    } finally {
      const deleted = await api("DELETE", `/prod/channels/${pathLabel(id)}`);
      assert.equal(deleted.status, 200, `DeleteChannel: ${deleted.text}`);
    }
  }

  /** Inputs are deleted once their channel has let them go (DeleteChannel detaches them as it completes). */
  async function deleteInputs(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      await until(`input ${id} deleted`, async () => {
        const answer = await api("DELETE", `/prod/inputs/${pathLabel(id)}`);
        return answer.status === 200 || answer.status === 404 ? true : undefined;
      });
    }
  }
});
