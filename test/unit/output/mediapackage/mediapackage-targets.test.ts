// The MediaPackage targets file: channel keys, one or two ingest settings of http(s) URLs,
// credentials only as username and passwordParam.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MediaPackageTargetsError, parseMediaPackageTargets } from "../../../../src/output/mediapackage/mediapackage-targets.ts";

describe("parseMediaPackageTargets", () => {
  it("reads v1 and v2 keys with one or two ingest settings", () => {
    const targets = parseMediaPackageTargets({
      channels: {
        "mp-1": { settings: [{ url: "https://p.example/in/v2/a/a/channel", username: "u", passwordParam: "mp-1" }, { url: "https://p.example/in/v2/a/b/channel" }] },
        "group/name": { settings: [{ url: "http://127.0.0.1:9000/in/v1/group/1/name/index" }] },
      },
    });
    assert.deepEqual(Object.keys(targets), ["mp-1", "group/name"]);
    assert.deepEqual(targets["mp-1"]!.settings[0], { url: "https://p.example/in/v2/a/a/channel", username: "u", passwordParam: "mp-1" });
  });

  it("refuses anything else with the reason", () => {
    const bad: [unknown, RegExp][] = [
      [[], /expected \{ "channels"/],
      [{ channels: { "a/b/c": { settings: [{ url: "https://x/channel" }] } } }, /must be a channelId or/],
      [{ channels: { a: { settings: [] } } }, /one or two ingest settings/],
      [{ channels: { a: { settings: [{ url: "file:///etc/channel" }] } } }, /must be http\(s\)/],
      [{ channels: { a: { settings: [{ url: "https://user:pw@x/channel" }] } } }, /no credentials/],
      [{ channels: { a: { settings: [{ url: "https://x/channel", passwordParam: 3 }] } } }, /passwordParam must be a string/],
    ];
    for (const [json, message] of bad) assert.throws(() => parseMediaPackageTargets(json), (error: Error) => error instanceof MediaPackageTargetsError && message.test(error.message), JSON.stringify(json));
  });
});
