// s3://, s3ssl:// and mediastoressl:// HLS destinations: how their URLs parse, which
// hlsCdnSettings go with them, and that a channel using them validates (a bucket with no
// configured store included: that is told by the running pipeline, as MediaLive accepts it).

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ChannelConfig } from "../../../../src/domain/channels/channel-config.ts";
import { parseHlsDestinationUrl } from "../../../../src/domain/channels/destination-url.ts";
import { notHonouredSettings } from "../../../../src/domain/channels/not-honoured.ts";
import { validateChannelConfig } from "../../../../src/domain/channels/validate-channel.ts";
import { minimalHls } from "../../../helpers/minimal-channel.ts";

type Json = Record<string, any>;

function withDestination(url: string, cdn?: Json): Json {
  const config = minimalHls();
  config.destinations[0].settings[0].url = url;
  if (cdn) config.encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.hlsCdnSettings = cdn;
  return config;
}

const problemsOf = (config: Json) => validateChannelConfig(config as unknown as ChannelConfig, { inputs: new Map() }).filter((p) => !p.elementPath.startsWith("inputAttachments"));

describe("object store destination URLs", () => {
  it("parse s3:// and s3ssl:// into bucket, key folder and base name", () => {
    assert.deepEqual(parseHlsDestinationUrl("s3ssl://live-bucket/channels/one/index"), { ok: true, kind: "s3", bucket: "live-bucket", keyPrefix: "channels/one/", baseName: "index", tls: true });
    assert.deepEqual(parseHlsDestinationUrl("s3://live.bucket/index"), { ok: true, kind: "s3", bucket: "live.bucket", keyPrefix: "", baseName: "index", tls: false });
    assert.deepEqual(parseHlsDestinationUrl("s3://b-1/a%20b/index"), { ok: true, kind: "s3", bucket: "b-1", keyPrefix: "a b/", baseName: "index", tls: false });
  });

  it("refuse a bad bucket, a folder without base name, dot segments and queries", () => {
    for (const [url, message] of [
      ["s3://ab/index", /must name a bucket/],
      ["s3://-bucket/index", /must name a bucket/],
      ["s3://bucket:9000/index", /must name a bucket/],
      ["s3://user@bucket/index", /must name a bucket/],
      ["s3ssl://bucket/live/", /must end in a base name/],
      ["s3ssl://bucket", /must end in a base name/],
      ["s3://bucket/a/../index", /must not contain empty, "." or ".."/],
      ["s3://bucket/a/%2e%2e/index", /must not encode/],
      ["s3://bucket/live/index?x=1", /must not carry a query/],
    ] as const) {
      const parsed = parseHlsDestinationUrl(url);
      assert.ok(!parsed.ok && message.test(parsed.message), `${url}: ${JSON.stringify(parsed)}`);
    }
  });

  it("parse mediastoressl:// as an https object store", () => {
    const parsed = parseHlsDestinationUrl("mediastoressl://abc.data.mediastore.us-west-2.amazonaws.com/live/index");
    assert.ok(parsed.ok && parsed.kind === "http");
    assert.equal(parsed.url.href, "https://abc.data.mediastore.us-west-2.amazonaws.com/live/index");
    assert.equal(parsed.mediaStore, true);
    assert.equal(parsed.baseName, "index");
  });
});

describe("hlsCdnSettings of object store destinations", () => {
  it("accept an s3 destination with no hlsCdnSettings or with hlsS3Settings", () => {
    assert.deepEqual(problemsOf(withDestination("s3ssl://live-bucket/live/index")), []);
    assert.deepEqual(problemsOf(withDestination("s3://live-bucket/live/index", { hlsS3Settings: { cannedAcl: "BUCKET_OWNER_FULL_CONTROL" } })), []);
  });

  it("refuse PUT settings on an s3 destination and S3 settings on an http one", () => {
    const [s3] = problemsOf(withDestination("s3://live-bucket/live/index", { hlsBasicPutSettings: {} }));
    assert.match(s3?.errorMessage ?? "", /hlsBasicPutSettings does not apply to destination .*s3:\/\/ .*use hlsS3Settings/);
    const [http] = problemsOf(withDestination("https://origin.example.com/live/index", { hlsS3Settings: {} }));
    assert.match(http?.errorMessage ?? "", /hlsS3Settings does not apply .*use hlsBasicPutSettings or hlsWebdavSettings/);
  });

  it("accept a mediastoressl destination with or without hlsMediaStoreSettings", () => {
    assert.deepEqual(problemsOf(withDestination("mediastoressl://store.example.com/live/index")), []);
    assert.deepEqual(problemsOf(withDestination("mediastoressl://store.example.com/live/index", { hlsMediaStoreSettings: { numRetries: 2, mediaStoreStorageClass: "TEMPORAL" } })), []);
  });

  it("tell, not use, a username or passwordParam on an s3 destination", () => {
    const config = withDestination("s3ssl://live-bucket/live/index");
    Object.assign(config.destinations[0].settings[0], { username: "bob", passwordParam: "/p" });
    assert.deepEqual(problemsOf(config), []);
    const told = notHonouredSettings(config as unknown as ChannelConfig).filter((note) => note.elementPath.startsWith("destinations"));
    assert.deepEqual(told.map((note) => note.elementPath), ["destinations[0].settings[0].username", "destinations[0].settings[0].passwordParam"]);
    assert.match(told[0]!.reason, /not used for s3ssl:\/\/ destinations: .*S3 configuration file/);
  });

  it("keep both pipelines' destinations of one kind", () => {
    const config = withDestination("s3://live-bucket/a/index");
    config.channelClass = "STANDARD";
    config.destinations[0].settings = [{ url: "s3://live-bucket/a/index" }, { url: "file:///tmp/openlive-out/b/index" }];
    assert.ok(problemsOf(config).some((p) => /must be of one kind/.test(p.errorMessage)));
  });
});
