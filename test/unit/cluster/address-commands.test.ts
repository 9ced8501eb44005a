// The commands that move an endpoint address (pure): ip/arping on an interface, the hook
// instead when one is configured, IPv6 without ARP, the namespace prefix, and nothing at all
// for a zone that moves no address.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { addSteps, movesAddresses, removeSteps } from "../../../src/cluster/address/address-commands.ts";

const onInterface = { zone: "a", nodeId: "wa1", interface: "eth1" };

describe("address commands", () => {
  it("adds an IPv4 address as a /32 and announces it with two gratuitous ARPs; removes it with ip addr del", () => {
    assert.deepEqual(addSteps(onInterface, "10.0.1.10").map((step) => [step.kind, step.argv.join(" ")]), [
      ["ip", "ip addr add 10.0.1.10/32 dev eth1"],
      ["announce", "arping -U -c 2 -I eth1 10.0.1.10"],
    ]);
    assert.deepEqual(removeSteps(onInterface, "10.0.1.10").map((step) => step.argv.join(" ")), ["ip addr del 10.0.1.10/32 dev eth1"]);
  });

  it("counts an address already present or already gone as done, in both iproute2 wordings", () => {
    const [add] = addSteps(onInterface, "10.0.1.10");
    const [remove] = removeSteps(onInterface, "10.0.1.10");
    assert.ok(add!.alreadyDone!.test("RTNETLINK answers: File exists") && add!.alreadyDone!.test("Error: ipv4: Address already assigned."));
    assert.ok(remove!.alreadyDone!.test("RTNETLINK answers: Cannot assign requested address") && remove!.alreadyDone!.test("Error: ipv4: Address not found."));
    assert.ok(!add!.alreadyDone!.test('Cannot find device "eth1"'));
  });

  it("uses the configured prefix lengths; IPv6 without duplicate address detection and without ARP", () => {
    const settings = { ...onInterface, prefixLength: 24, ipv6PrefixLength: 64 };
    assert.deepEqual(addSteps(settings, "10.0.1.10")[0]!.argv, ["ip", "addr", "add", "10.0.1.10/24", "dev", "eth1"]);
    assert.deepEqual(addSteps(settings, "2001:db8::10").map((step) => step.argv.join(" ")), ["ip -6 addr add 2001:db8::10/64 dev eth1 nodad"]);
    assert.deepEqual(removeSteps(onInterface, "2001:db8::10")[0]!.argv.join(" "), "ip -6 addr del 2001:db8::10/128 dev eth1");
  });

  it("runs the hook instead when one is configured, with the zone and node id", () => {
    const settings = { ...onInterface, addressHook: "/usr/local/bin/move-ip" };
    assert.deepEqual(addSteps(settings, "10.0.1.10").map((step) => [step.kind, step.argv.join(" ")]), [["hook", "/usr/local/bin/move-ip add 10.0.1.10 a wa1"]]);
    assert.deepEqual(removeSteps(settings, "10.0.1.10").map((step) => step.argv.join(" ")), ["/usr/local/bin/move-ip remove 10.0.1.10 a wa1"]);
  });

  it("prefixes every command (a network namespace), and moves nothing without an interface or a hook", () => {
    const settings = { ...onInterface, commandPrefix: ["ip", "netns", "exec", "ns1"] };
    assert.deepEqual(addSteps(settings, "10.0.1.10").map((step) => step.argv.slice(0, 5).join(" ")), ["ip netns exec ns1 ip", "ip netns exec ns1 arping"]);
    assert.equal(movesAddresses({ zone: "a", nodeId: "wa1" }), false);
    assert.deepEqual(addSteps({ zone: "a", nodeId: "wa1" }, "10.0.1.10"), []);
    assert.deepEqual(removeSteps({ zone: "a", nodeId: "wa1" }, "10.0.1.10"), []);
    assert.equal(movesAddresses(onInterface), true);
  });
});
