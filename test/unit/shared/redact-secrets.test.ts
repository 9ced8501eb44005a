import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { urlWithCredentials } from "../../../src/ingest/pull/url-credentials.ts";
import { redactSecrets, stripUrlPasswords, urlSecretForms } from "../../../src/shared/redact-secrets.ts";

/** Passwords whose spellings differ between URL userinfo encoding, encodeURIComponent and the raw text. */
const PASSWORDS = ["p@ss$word", "50%off", "a:b/c#d e", "?x=1&y;z", "pässwörd ✓", "[v6]^|\\", "it's \"quoted\""] as const;

/** Every form of `password` that must not survive. */
function forms(password: string): string[] {
  const url = urlWithCredentials("http://h/", "user", password);
  return [password, url.password, encodeURIComponent(password)];
}

describe("redactSecrets", () => {
  for (const password of PASSWORDS) {
    it(`removes every spelling of ${JSON.stringify(password)} from ffmpeg-style lines`, () => {
      const url = urlWithCredentials("http://127.0.0.1:18091/a/sample.ts", "user", password);
      const stderr = [
        `[http @ 0x5561] Opening '${url.href}' for reading`,
        `${url.href}: Server returned 404 Not Found`,
        `[concat @ 0x5562] Impossible to open '${url.href}'`,
        `raw echo: ${password} and encoded ${encodeURIComponent(password)}`,
      ].join("\n");
      const out = redactSecrets(stderr, urlSecretForms(url, password));
      for (const form of forms(password)) assert.ok(!out.includes(form), `${JSON.stringify(form)} left in: ${out}`);
      assert.match(out, /http:\/\/user:\*\*\*@127\.0\.0\.1:18091\/a\/sample\.ts: Server returned 404 Not Found/);
    });
  }

  it("strips any URL password it was not told about, keeping the user name", () => {
    assert.equal(stripUrlPasswords("rtmp://bob:zz%40top@h:1935/live/a: I/O error"), "rtmp://bob:***@h:1935/live/a: I/O error");
    assert.equal(stripUrlPasswords("'https://u:x@h/a.mp4' and http://h/no-user"), "'https://u:***@h/a.mp4' and http://h/no-user");
  });

  it("removes the longer secret whole when one secret contains another", () => {
    assert.equal(redactSecrets("key=abcdef", ["abc", "abcdef"]), "key=***");
  });
});

describe("urlWithCredentials", () => {
  it("writes '%' as %25 so that percent-decoding gives the secret back exactly", () => {
    for (const password of PASSWORDS) {
      const url = urlWithCredentials("rtmp://h/live/a", "us%er", password);
      assert.equal(decodeURIComponent(url.password), password);
      assert.equal(decodeURIComponent(url.username), "us%er");
    }
  });
});
