import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { SegmentationTypes, UpidTypes, segmentationTypeName } from "../../../../src/media/scte35/segmentation-types.ts";
import { makeUpid } from "../../../../src/media/scte35/splice-descriptor-parser.ts";
import { midUpid, textUpid } from "../../../../src/media/scte35/splice-descriptor-writer.ts";
import { CUEI_IDENTIFIER, SpliceDescriptorTags, type SegmentationDescriptor, type SpliceInfoSection } from "../../../../src/media/scte35/splice-info.ts";
import { reseal } from "./reseal.ts";
import { parseSpliceInfoBase64, parseSpliceInfoHex, parseSpliceInfoSection } from "../../../../src/media/scte35/splice-parser.ts";
import { spliceSection, writeSpliceInfoSection } from "../../../../src/media/scte35/splice-writer.ts";

/** The sample messages of ANSI/SCTE 35 2023 §14 (“Sample SCTE 35 messages”), base64 as printed there. */
const SECTION_14 = {
  "14.1 time_signal – Placement Opportunity Start": "/DA0AAAAAAAA///wBQb+cr0AUAAeAhxDVUVJSAAAjn/PAAGlmbAICAAAAAAsoKGKNAIAmsnRfg==",
  "14.2 splice_insert": "/DAvAAAAAAAA///wFAVIAACPf+/+c2nALv4AUsz1AAAAAAAKAAhDVUVJAAABNWLbowo=",
  "14.3 time_signal – Placement Opportunity End": "/DAvAAAAAAAA///wBQb+dGKQoAAZAhdDVUVJSAAAjn+fCAgAAAAALKChijUCAKnMZ1g=",
  "14.4 time_signal – Program Start/End": "/DBIAAAAAAAA///wBQb+ek2ItgAyAhdDVUVJSAAAGH+fCAgAAAAALMvDRBEAAAIXQ1VFSUgAABl/nwgIAAAAACyk26AQAACZcuND",
  "14.5 time_signal – Program Overlap Start": "/DAvAAAAAAAA///wBQb+rr//ZAAZAhdDVUVJSAAACH+fCAgAAAAALKVs9RcAAJUdsKg=",
  "14.6 time_signal – Program Blackout Override / Program End": "/DBIAAAAAAAA///wBQb+ky44CwAyAhdDVUVJSAAACn+fCAgAAAAALKCh4xgAAAIXQ1VFSUgAAAl/nwgIAAAAACygoYoRAAC0IX6w",
  "14.7 time_signal – Program End": "/DAvAAAAAAAA///wBQb+rvF8TAAZAhdDVUVJSAAAB3+fCAgAAAAALKVslxEAAMSHai4=",
  "14.8 time_signal – Program Start/End – Placement Opportunity End":
    "/DBhAAAAAAAA///wBQb+qM1E7QBLAhdDVUVJSAAArX+fCAgAAAAALLLXnTUCAAIXQ1VFSUgAACZ/nwgIAAAAACyy150RAAACF0NVRUlIAAAnf58ICAAAAAAsstezEAAAihiGnw==",
} as const;

function parsed(base64: string): SpliceInfoSection {
  const result = parseSpliceInfoBase64(base64);
  assert.ok(result.ok, result.ok ? "" : result.reason);
  return result.section;
}

function segmentations(section: SpliceInfoSection): SegmentationDescriptor[] {
  return section.descriptors.filter((d): d is SegmentationDescriptor => d.tag === SpliceDescriptorTags.SEGMENTATION);
}

describe("SCTE-35 splice_info_section parser: ANSI/SCTE 35 2023 §14 samples", () => {
  it("every sample parses and writes back byte for byte", () => {
    for (const [name, base64] of Object.entries(SECTION_14)) {
      const section = parsed(base64);
      assert.equal(Buffer.from(writeSpliceInfoSection(section)).toString("base64"), base64, name);
    }
  });

  it("14.1: time_signal at 0x072BD0050 with a Provider Placement Opportunity Start of 307 s", () => {
    const section = parsed(SECTION_14["14.1 time_signal – Placement Opportunity Start"]);
    assert.equal(section.tier, 0xfff);
    assert.equal(section.sapType, 3);
    assert.deepEqual(section.command, { kind: "time_signal", spliceTime: { ptsTime90k: 0x072bd0050 } });
    const [descriptor] = segmentations(section);
    assert.ok(descriptor && !descriptor.segmentationEventCancelIndicator);
    assert.equal(descriptor.segmentationEventId, 0x4800008e);
    assert.equal(descriptor.segmentationTypeId, SegmentationTypes.PROVIDER_PLACEMENT_OPPORTUNITY_START);
    assert.equal(descriptor.segmentationDuration90k, 307 * 90_000);
    assert.deepEqual(descriptor.deliveryRestrictions, { webDeliveryAllowedFlag: false, noRegionalBlackoutFlag: true, archiveAllowedFlag: true, deviceRestrictions: 3 });
    assert.equal(descriptor.upid.type, UpidTypes.TI);
    assert.equal(Buffer.from(descriptor.upid.bytes).toString("hex"), "000000002ca0a18a");
    assert.equal(descriptor.segmentNum, 2);
    assert.equal(descriptor.subSegment, null); // written before sub-segments existed: absent, not invented
  });

  it("14.2: splice_insert out of network, program splice, auto-return break of 60.29 s, avail_descriptor", () => {
    const section = parsed(SECTION_14["14.2 splice_insert"]);
    const command = section.command;
    assert.ok(command?.kind === "splice_insert" && !command.spliceEventCancelIndicator);
    assert.equal(command.spliceEventId, 0x4800008f);
    assert.equal(command.outOfNetworkIndicator, true);
    assert.equal(command.programSpliceFlag, true);
    assert.equal(command.spliceImmediateFlag, false);
    assert.deepEqual(command.spliceTime, { ptsTime90k: 0x07369c02e });
    assert.deepEqual(command.breakDuration, { autoReturn: true, duration90k: 0x00052ccf5 });
    assert.deepEqual(section.descriptors, [{ tag: SpliceDescriptorTags.AVAIL, identifier: CUEI_IDENTIFIER, providerAvailId: 0x135 }]);
  });

  it("14.4 and 14.8: several segmentation descriptors in order, types named per Table 23", () => {
    const types = segmentations(parsed(SECTION_14["14.4 time_signal – Program Start/End"])).map((d) => (d.segmentationEventCancelIndicator ? -1 : d.segmentationTypeId));
    assert.deepEqual(types.map(segmentationTypeName), ["Program end", "Program start"]);
    const eight = segmentations(parsed(SECTION_14["14.8 time_signal – Program Start/End – Placement Opportunity End"])).map((d) =>
      d.segmentationEventCancelIndicator ? -1 : d.segmentationTypeId,
    );
    assert.deepEqual(eight, [0x35, 0x11, 0x10]);
    assert.equal(segmentationTypeName(0x18), "Program blackout override");
    assert.equal(segmentationTypeName(0x99), "Reserved (0x99)");
  });
});

describe("SCTE-35 splice_info_section parser: documented HLS example and forms", () => {
  it("the EXT-OATCLS-SCTE35 example of MediaLive's sample HLS manifests: 201.467 s, TI 0x0000000020FB6501", () => {
    // docs.aws.amazon.com/medialive/latest/ug/sample-manifests-hls.html
    const section = parsed("/DA0AAAAAAAAAAAABQb+ADAQ6QAeAhxDVUVJQAAAO3/PAAEUrEoICAAAAAAg+2UBNAAANvrtoQ==");
    const [descriptor] = segmentations(section);
    assert.ok(descriptor && !descriptor.segmentationEventCancelIndicator);
    assert.equal(descriptor.segmentationDuration90k, 18_132_042); // 201.467 s
    assert.equal(Buffer.from(descriptor.upid.bytes).toString("hex").toUpperCase(), "0000000020FB6501");
  });

  it("hexadecimal with 0x prefix (EXT-X-DATERANGE SCTE35-OUT form) parses like base64", () => {
    const base64 = SECTION_14["14.2 splice_insert"];
    const hex = `0x${Buffer.from(base64, "base64").toString("hex").toUpperCase()}`;
    assert.deepEqual(parseSpliceInfoHex(hex), parseSpliceInfoBase64(base64));
    assert.equal(parseSpliceInfoHex("0xZZ").ok, false);
    assert.equal(parseSpliceInfoBase64("not base64!").ok, false);
  });
});

describe("SCTE-35 splice_info_section parser: errors are results", () => {
  const good = writeSpliceInfoSection(spliceSection({ kind: "splice_null" }));

  it("bad CRC_32, wrong table_id, wrong section_length, short input, protocol_version ≠ 0", () => {
    assert.equal(good.length, 20);
    assert.equal(parseSpliceInfoSection(good).ok, true);
    const badCrc = good.slice();
    badCrc[19] = (badCrc[19] ?? 0) ^ 1;
    assert.deepEqual(parseSpliceInfoSection(badCrc), { ok: false, reason: "CRC_32 does not match" });
    const otherTable = good.slice();
    otherTable[0] = 0x02;
    assert.match(rejection(otherTable), /table_id 0x2/);
    assert.match(rejection(good.subarray(0, 19)), /shorter/);
    assert.match(rejection(Uint8Array.from([...good, 0])), /section_length/);
    const v1 = writeSpliceInfoSection({ ...spliceSection({ kind: "splice_null" }), protocolVersion: 1 });
    assert.match(rejection(v1), /protocol_version 1/);
  });

  it("a command longer than splice_command_length, and a descriptor loop past the section", () => {
    const insert = writeSpliceInfoSection(spliceSection({ kind: "time_signal", spliceTime: { ptsTime90k: 90_000 } }));
    // splice_command_length 5 → 1: the 5-byte splice_time no longer fits; CRC fixed so the length is what fails.
    assert.match(rejection(reseal(insert, (b) => (b[12] = 1))), /longer than splice_command_length/);
    assert.match(rejection(reseal(good, (b) => (b[15] = 9))), /descriptor_loop_length 9/);
  });

  it("encrypted sections: clear header read, command left enciphered", () => {
    const payload = Uint8Array.from([0x05, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const section = { ...spliceSection({ kind: "splice_null" }), encryptedPacket: true, encryptionAlgorithm: 1, cwIndex: 7, command: null, encryptedPayload: { spliceCommandLength: 3, bytes: payload } };
    const result = parseSpliceInfoSection(writeSpliceInfoSection(section));
    assert.ok(result.ok);
    assert.equal(result.section.encryptedPacket, true);
    assert.equal(result.section.encryptionAlgorithm, 1);
    assert.equal(result.section.cwIndex, 7);
    assert.equal(result.section.command, null);
    assert.deepEqual(result.section.encryptedPayload, { spliceCommandLength: 3, bytes: payload });
  });

  it("legacy splice_command_length 0xFFF: the command's own syntax delimits it; private commands are refused", () => {
    const legacy = { ...spliceSection({ kind: "time_signal", spliceTime: { ptsTime90k: 1234 } }), legacyCommandLength: true };
    const bytes = writeSpliceInfoSection(legacy);
    assert.equal(((bytes[11] ?? 0) & 0x0f) * 256 + (bytes[12] ?? 0), 0xfff);
    assert.deepEqual(parseSpliceInfoSection(bytes), { ok: true, section: legacy, crc32: crcOf(bytes) });
    const privateLegacy = writeSpliceInfoSection({ ...spliceSection({ kind: "private_command", identifier: 0x41424344, privateBytes: Uint8Array.of(1) }), legacyCommandLength: true });
    assert.match(rejection(privateLegacy), /0xfff/);
  });

  it("a CUEI segmentation descriptor shorter than its fields is an error; a foreign identifier stays raw", () => {
    const upid = textUpid(UpidTypes.AD_ID, "ABCD01234567");
    const descriptor: SegmentationDescriptor = {
      tag: SpliceDescriptorTags.SEGMENTATION,
      identifier: CUEI_IDENTIFIER,
      segmentationEventId: 1,
      segmentationEventIdComplianceIndicator: true,
      segmentationEventCancelIndicator: false,
      programSegmentationFlag: true,
      deliveryRestrictions: null,
      components: [],
      segmentationDuration90k: null,
      upid,
      segmentationTypeId: SegmentationTypes.BREAK_START,
      segmentNum: 0,
      segmentsExpected: 0,
      subSegment: null,
    };
    const bytes = writeSpliceInfoSection(spliceSection({ kind: "time_signal", spliceTime: { ptsTime90k: 0 } }, [descriptor]));
    const ok = parseSpliceInfoSection(bytes);
    assert.ok(ok.ok);
    const [read] = segmentations(ok.section);
    assert.ok(read && !read.segmentationEventCancelIndicator);
    assert.equal(read.upid.text, "ABCD01234567");
    // descriptor_length one byte short (segments_expected missing), loop length and section re-sealed to match.
    const descriptorStart = 13 + 1 + 5 + 2;
    const cut = Uint8Array.from([...bytes.subarray(0, descriptorStart + 2 + (bytes[descriptorStart + 1] ?? 0) - 1), ...bytes.subarray(descriptorStart + 2 + (bytes[descriptorStart + 1] ?? 0))]);
    assert.match(
      rejection(
        reseal(cut, (b) => {
          b[descriptorStart + 1] = (b[descriptorStart + 1] ?? 0) - 1;
          b[descriptorStart - 1] = (b[descriptorStart - 1] ?? 0) - 1;
        }),
      ),
      /shorter than its fields/,
    );
  });

  it("MID UPIDs (§10.3.3.3) list their parts; a MID whose parts overrun is an error", () => {
    const mid = midUpid([textUpid(UpidTypes.AD_ID, "ABCD01234567"), textUpid(UpidTypes.URI, "urn:x")]);
    assert.deepEqual(
      mid.mid?.map((p) => p.text),
      ["ABCD01234567", "urn:x"],
    );
    assert.equal(Buffer.from(mid.bytes).subarray(0, 2).toString("hex"), "030c");
    assert.deepEqual(makeUpid(UpidTypes.MID, mid.bytes), mid);
    assert.equal(makeUpid(UpidTypes.MID, Uint8Array.of(0x03, 0x0c, 0x41)), null);
    assert.equal(makeUpid(UpidTypes.MID, Uint8Array.of(0x0d, 0x00)), null); // a MID inside a MID
  });
});

function rejection(bytes: Uint8Array): string {
  const result = parseSpliceInfoSection(bytes);
  assert.equal(result.ok, false);
  return result.ok ? "" : result.reason;
}

function crcOf(bytes: Uint8Array): number {
  return Buffer.from(bytes.subarray(bytes.length - 4)).readUInt32BE(0);
}
