import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UdpSendStateMachine, UdpSendStates } from "../../../../src/output/udp/udp-send-state.ts";

describe("UDP send state machine", () => {
  it("sends to an IP address at once; SET once at the first failure, none per further failure, CLEARED at the first success", () => {
    const state = new UdpSendStateMachine("192.0.2.7", true, 1000);
    assert.equal(state.address, "192.0.2.7");
    assert.equal(state.lookupDue(0), false, "an address is never looked up");
    assert.equal(state.sent(), undefined, "sending while healthy changes nothing");
    assert.deepEqual(state.sendFailed("send EHOSTUNREACH"), { state: "SET", reason: "send EHOSTUNREACH" });
    assert.equal(state.sendFailed("send EHOSTUNREACH"), undefined);
    assert.equal(state.sendFailed("send EACCES"), undefined, "one alert per state change, whatever the reason");
    assert.equal(state.state, UdpSendStates.FAILING);
    assert.deepEqual(state.sent(), { state: "CLEARED" });
    assert.equal(state.sent(), undefined);
    assert.equal(state.state, UdpSendStates.SENDING);
  });

  it("looks a host name up, retries a failed lookup every retryMs, and clears once an address is sent to", () => {
    const state = new UdpSendStateMachine("ird.example", false, 1000);
    assert.equal(state.state, UdpSendStates.RESOLVING);
    assert.equal(state.address, undefined);
    assert.equal(state.lookupDue(0), true);
    state.lookupStarted(0);
    assert.equal(state.lookupDue(5000), false, "one lookup at a time");
    assert.deepEqual(state.lookupFailed("getaddrinfo ENOTFOUND ird.example"), { state: "SET", reason: "cannot resolve the host: getaddrinfo ENOTFOUND ird.example" });
    assert.equal(state.lookupDue(999), false, "not before retryMs");
    assert.equal(state.lookupDue(1000), true);
    state.lookupStarted(1000);
    assert.equal(state.lookupFailed("getaddrinfo EAI_AGAIN"), undefined, "still failing: no second alert");
    state.lookupStarted(2000);
    assert.equal(state.lookupAnswered("198.51.100.4"), undefined, "the alert clears when a send succeeds, not at the lookup");
    assert.equal(state.address, "198.51.100.4");
    assert.deepEqual(state.sent(), { state: "CLEARED" });
    assert.equal(state.lookupDue(10_000), false, "a working address is not looked up again");
  });

  it("looks a name up again while sends to its address fail, and keeps the known address when the lookup fails", () => {
    const state = new UdpSendStateMachine("ird.example", false, 1000);
    state.lookupStarted(0);
    state.lookupAnswered("198.51.100.4");
    assert.equal(state.state, UdpSendStates.SENDING);
    assert.deepEqual(state.sendFailed("send ENETUNREACH"), { state: "SET", reason: "send ENETUNREACH" });
    assert.equal(state.lookupDue(500), false);
    assert.equal(state.lookupDue(1000), true);
    state.lookupStarted(1000);
    assert.equal(state.lookupFailed("getaddrinfo EAI_AGAIN"), undefined);
    assert.equal(state.address, "198.51.100.4", "the name server may be what is down: the address stays in use");
  });
});
