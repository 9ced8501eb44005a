import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { addressAllowed, checkCidr } from "../../../src/domain/cidr.ts";

describe("checkCidr", () => {
  it("accepts IPv4 CIDRs with a mask, as MediaLive does", () => {
    for (const cidr of ["203.0.113.0/24", "192.0.2.111/32", "0.0.0.0/0", "10.0.0.0/8"]) assert.deepEqual(checkCidr(cidr), { ok: true, normalized: cidr });
  });

  it("accepts IPv6 CIDRs (openlive extension)", () => {
    assert.deepEqual(checkCidr("2001:db8::/32"), { ok: true, normalized: "2001:db8::/32" });
    assert.deepEqual(checkCidr("::1/128"), { ok: true, normalized: "::1/128" });
  });

  it("says what is wrong with a bad CIDR", () => {
    const reasons: [unknown, RegExp][] = [
      ["10.0.0.0", /mask is missing/],
      ["10.0.0.300/8", /not an IPv4 or IPv6 address/],
      ["10.0.0.0/33", /IPv4 mask is 0–32/],
      ["10.1/8", /not an IPv4 or IPv6 address/],
      ["2001:db8::/129", /IPv6 mask is 0–128/],
      ["hello/8", /not an IPv4 or IPv6 address/],
      ["10.0.0.0/x", /mask "x" is not a number/],
      ["", /required/],
      [undefined, /required/],
      [12, /required/],
    ];
    for (const [cidr, reason] of reasons) {
      const check = checkCidr(cidr);
      assert.equal(check.ok, false, String(cidr));
      if (!check.ok) assert.match(check.reason, reason);
    }
  });
});

describe("addressAllowed", () => {
  it("matches IPv4, IPv6 and IPv4-mapped IPv6 sources", () => {
    assert.equal(addressAllowed("127.0.0.1", ["127.0.0.1/32"]), true);
    assert.equal(addressAllowed("127.0.0.2", ["127.0.0.1/32"]), false);
    assert.equal(addressAllowed("::ffff:10.1.2.3", ["10.0.0.0/8"]), true);
    assert.equal(addressAllowed("2001:db8::5", ["2001:db8::/32"]), true);
    assert.equal(addressAllowed("2001:db9::5", ["2001:db8::/32", "10.0.0.0/8"]), false);
    assert.equal(addressAllowed("garbage", ["0.0.0.0/0"]), false);
  });
});
