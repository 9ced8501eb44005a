// The cluster config file: zones with their push address pools, and the refusals that name
// what is wrong.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ClusterConfigError, parseClusterConfig } from "../../../src/cluster/cluster-config.ts";

const parse = (value: unknown) => parseClusterConfig(JSON.stringify(value), "cluster.json");
const refuses = (value: unknown, message: RegExp) => assert.throws(() => (typeof value === "string" ? parseClusterConfig(value, "cluster.json") : parse(value)), (error: unknown) => error instanceof ClusterConfigError && message.test(error.message));

describe("parseClusterConfig", () => {
  it("reads zones and normalises their addresses", () => {
    assert.deepEqual(parse({ zones: [{ name: "a", pushAddresses: ["10.0.1.10", " 2001:DB8::1 "] }, { name: "b-2", pushAddresses: [] }] }), [
      { name: "a", pushAddresses: ["10.0.1.10", "2001:db8::1"] },
      { name: "b-2", pushAddresses: [] },
    ]);
  });

  it("refuses what is not a zone list, bad names, twice-named zones, bad and shared addresses", () => {
    refuses("{", /cluster.json is not JSON/);
    refuses([], /must hold an object with a "zones" array/);
    refuses({ zones: [{ name: "Zone A", pushAddresses: [] }] }, /zones\[0\].name must be lowercase/);
    refuses({ zones: [{ name: "a", pushAddresses: [] }, { name: "a", pushAddresses: [] }] }, /zone "a" is named twice/);
    refuses({ zones: [{ name: "a" }] }, /zone "a" needs "pushAddresses"/);
    refuses({ zones: [{ name: "a", pushAddresses: ["10.0.1.300"] }] }, /"10.0.1.300" is not an IPv4 or IPv6 address/);
    refuses({ zones: [{ name: "a", pushAddresses: ["10.0.1.1"] }, { name: "b", pushAddresses: ["10.0.1.1"] }] }, /10.0.1.1 is in the pools of zones "a" and "b"/);
  });

  it("reads the address takeover keys of a zone and refuses bad ones", () => {
    assert.deepEqual(parse({ zones: [{ name: "a", pushAddresses: ["10.0.1.10"], interface: "eth1", prefixLength: 24, ipv6PrefixLength: 64, addressHook: "/usr/local/bin/move-ip", addressHookTimeoutMs: 5000 }] }), [
      { name: "a", pushAddresses: ["10.0.1.10"], interface: "eth1", prefixLength: 24, ipv6PrefixLength: 64, addressHook: "/usr/local/bin/move-ip", addressHookTimeoutMs: 5000 },
    ]);
    refuses({ zones: [{ name: "a", pushAddresses: [], interface: "eth 1" }] }, /zone "a": "interface" must be a network interface name/);
    refuses({ zones: [{ name: "a", pushAddresses: [], interface: "a-very-long-interface" }] }, /"interface" must be/);
    refuses({ zones: [{ name: "a", pushAddresses: [], prefixLength: 33 }] }, /"prefixLength" must be an integer from 1 to 32, got 33/);
    refuses({ zones: [{ name: "a", pushAddresses: [], ipv6PrefixLength: "64" }] }, /"ipv6PrefixLength" must be an integer from 1 to 128/);
    refuses({ zones: [{ name: "a", pushAddresses: [], addressHook: "move-ip" }] }, /"addressHook" must be the absolute path of a command, got "move-ip"/);
    refuses({ zones: [{ name: "a", pushAddresses: [], addressHookTimeoutMs: 10 }] }, /"addressHookTimeoutMs" must be an integer from 100 to 300000/);
  });
});
