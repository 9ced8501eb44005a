// A pull password never reaches an alert or a log line, whatever characters it holds: the
// review's case (an http source that answers 404 to ffmpeg, password "p@ss$word") and
// passwords with "%", ":", "/", "#", spaces and non-ASCII letters.

import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, describe, it } from "node:test";
import type { InputRecord } from "../../../src/domain/records.ts";
import { urlWithCredentials } from "../../../src/ingest/pull/url-credentials.ts";
import { waitUntil } from "../../helpers/media-fixtures.ts";
import { inputRecord } from "../../helpers/input-record.ts";
import { PullSources } from "../../helpers/pull-fixtures.ts";
import type { AlertEvent } from "../../../src/shared/alerts.ts";

const PASSWORDS = ["p@ss$word", "50%off:/#x y", "pässwörd ✓ it's"] as const;
const sources = new PullSources();
let server: http.Server | undefined;
after(async () => {
  await sources.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

function tsFileInput(url: string, passwordParam: string): InputRecord {
  return inputRecord({ id: "7654321", name: "flaky", type: "TS_FILE", sources: [{ url, username: "user", passwordParam }] });
}

describe("pull source alerts and logs never carry the password", { timeout: 60_000 }, () => {
  it("an http source answering 404: the alert names the source and the error, no spelling of the password", async () => {
    server = http.createServer((_request, response) => response.writeHead(404).end());
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/media/sample.ts`;
    const seen: { password: string; alerts: AlertEvent[]; logs: string[] }[] = [];
    for (const password of PASSWORDS) {
      const alerts: AlertEvent[] = [];
      const logs: string[] = [];
      const log = (obj: object, msg: string): void => void logs.push(`${msg} ${JSON.stringify(obj)}`);
      sources.start({
        input: tsFileInput(url, `pw-${seen.length}`),
        sourceIndex: 0,
        resolveSecret: async () => password,
        onTs: () => undefined,
        onAlert: (alert) => alerts.push(alert),
        logger: { warn: log, info: log },
      });
      seen.push({ password, alerts, logs });
    }
    for (const { alerts } of seen) await waitUntil(() => alerts.some((alert) => alert.state === "SET"), "the alert", 20_000);
    for (const { password, alerts, logs } of seen) {
      const text = [...alerts.map((alert) => alert.message), ...logs].join("\n");
      assert.match(text, /404/, text);
      const wire = urlWithCredentials(url, "user", password);
      for (const form of [password, wire.password, encodeURIComponent(password), decodeURIComponent(wire.password)]) {
        assert.ok(!text.includes(form), `${JSON.stringify(form)} (password ${JSON.stringify(password)}) in: ${text}`);
      }
    }
  });
});
