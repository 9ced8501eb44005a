import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planEncoder, PROGRESS_FD, type EncoderPlan } from "../../../../src/output/encoder/encoder-plan.ts";
import { abrLadder, fileDestination, h264Video, hlsOutput, minimalHls, planRequest } from "./encoder-fixtures.ts";
import { encodeArgs, filterGraph, outputView, teeSlaves, valueOf } from "./plan-view.ts";

/** How many times `encoder` is chosen for a stream of the plan (`-c:v:N libx264`, `-c:a:N aac`). */
function encoderCount(plan: EncoderPlan, encoder: string): number {
  return plan.args.filter((arg, i) => /^-c:[va]:\d+$/.test(arg) && plan.args[i + 1] === encoder).length;
}

describe("planEncoder: the minimal HLS channel", () => {
  const plan = planEncoder(planRequest(minimalHls()));
  const view = outputView(plan, 0);
  const out = view.options;
  const hls = view.slave.options;

  it("reads MPEG-TS from stdin once, with progress on fd 3 every second and no -nostdin", () => {
    const input = plan.args.indexOf("-i");
    // A short probe (0.5 s, no frame-rate probing): ffmpeg's default 5 s would be encoded later as a burst of segments.
    assert.deepEqual(plan.args.slice(input - 10, input + 2), ["-fflags", "+genpts+discardcorrupt", "-analyzeduration", "500000", "-probesize", "4000000", "-fpsprobesize", "0", "-f", "mpegts", "-i", "pipe:0"]);
    assert.equal(plan.args.filter((arg) => arg === "-i").length, 1);
    assert.equal(valueOf(plan.args, "-progress"), `pipe:${PROGRESS_FD}`);
    assert.equal(plan.progressFd, 3);
    assert.equal(valueOf(plan.args, "-stats_period"), "1");
    assert.equal(valueOf(plan.args, "-loglevel"), "level+warning");
    assert.ok(!plan.args.includes("-nostdin"));
    assert.ok(plan.args.indexOf("-y") >= 0 && plan.args.indexOf("-y") < input, "-y: a restart overwrites without asking");
  });

  it("encodes 1280x720 at 30 fps CBR 3 Mb/s, H.264 Main, 2 s GOP = 60 frames with IDRs on 6 s segment boundaries", () => {
    assert.equal(valueOf(out, "-c:v"), "libx264");
    assert.equal(valueOf(out, "-profile:v"), "main");
    assert.equal(valueOf(out, "-level:v"), "3.1");
    assert.equal(valueOf(out, "-b:v"), "3000000");
    assert.equal(valueOf(out, "-maxrate:v"), "3000000");
    assert.equal(valueOf(out, "-bufsize:v"), "6000000");
    assert.equal(valueOf(out, "-nal-hrd:v"), "cbr");
    assert.equal(valueOf(out, "-g:v"), "60");
    assert.equal(valueOf(out, "-force_key_frames:v"), "expr:gte(t+0.001,n_forced*6)");
    assert.equal(valueOf(out, "-forced-idr:v"), "1");
    assert.equal(valueOf(out, "-fps_mode:v"), "cfr");
    assert.equal(valueOf(out, "-a53cc:v"), "0", "no captionDescriptionNames: captions dropped");
    assert.match(filterGraph(plan), /fps=30\/1,scale=1280:720:force_original_aspect_ratio=decrease:force_divisible_by=2,pad=1280:720:\(ow-iw\)\/2:\(oh-ih\)\/2:black,setsar=1\/1/);
  });

  it("encodes AAC-LC 128 kb/s stereo 48 kHz from the fed audio stream 0", () => {
    assert.equal(valueOf(out, "-c:a:0"), "aac");
    assert.equal(valueOf(out, "-b:a:0"), "128000");
    assert.equal(valueOf(out, "-ac:a:0"), "2");
    assert.equal(valueOf(out, "-ar:a:0"), "48000");
    assert.match(filterGraph(plan), /\[0:a:0\]aresample=48000:async=1,aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo\[aenc0\]/);
    assert.deepEqual(view.maps, ["[venc0]", "[aenc0]"]);
    assert.ok(!filterGraph(plan).includes("volume="), "no initialAudioGain: no volume filter");
  });

  it("writes MediaLive's names with MediaLive's segment window and retention", () => {
    assert.equal(hls.get("f"), "hls");
    assert.equal(hls.get("hls_time"), "6");
    assert.equal(hls.get("hls_list_size"), "10");
    assert.equal(hls.get("hls_delete_threshold"), "11", "21 kept = 10 listed + 11 unlisted");
    assert.equal(hls.get("hls_segment_type"), "mpegts");
    assert.equal(hls.get("start_number"), "1");
    assert.deepEqual(hls.get("hls_flags")!.split("+").sort(), ["append_list", "delete_segments", "independent_segments", "omit_endlist", "temp_file"]);
    assert.equal(hls.get("hls_segment_filename"), "/srv/out/live/index_720p_%05d.ts");
    assert.equal(view.slave.path, "/srv/out/live/index_720p.m3u8.encoder");
    assert.equal(hls.get("onfail"), "abort", "a failing destination stops ffmpeg, which the supervisor restarts and reports");
    assert.ok(!plan.args.includes("-master_pl_name"));
    assert.ok(!plan.args.includes("-var_stream_map"));
  });

  it("uses MediaLive's TS layout: program 1, PMT PID 480, video PID 481, audio PID 492, PCR every 40 ms", () => {
    assert.equal(hls.get("hls_segment_options"), "mpegts_service_id=1:mpegts_pmt_start_pid=480:pcr_period=40:pat_period=6:pes_payload_size=1536");
    assert.deepEqual(view.streamIds, ["0:481", "1:492"]);
  });

  it("plans one variant and one group with the numbers the master playlist needs", () => {
    assert.equal(plan.variants.length, 1);
    const variant = plan.variants[0]!;
    assert.equal(variant.playlistName, "index_720p.m3u8");
    assert.equal(variant.segmentTemplate, "index_720p_%05d.ts");
    assert.deepEqual([variant.width, variant.height, variant.frameRate], [1280, 720, { num: 30, den: 1 }]);
    assert.equal(variant.videoBitrateBps, 3_000_000);
    assert.deepEqual(variant.audioBitratesBps, [128_000]);
    assert.equal(variant.codecs, "avc1.4d401f,mp4a.40.2");
    assert.equal(variant.captions, false);
    const group = plan.groups[0]!;
    assert.deepEqual([group.name, group.segmentLengthSec, group.indexNSegments, group.keepSegments, group.masterPlaylistName], ["hls", 6, 10, 21, "index.m3u8"]);
    assert.deepEqual(plan.warnings, []);
  });

  it("ends with the thumbnail: first video description, every 2 s, 360 lines, JPEG rewritten in place", () => {
    assert.match(filterGraph(plan), /fps=1\/2,scale=-2:360:out_range=full,setsar=1,format=yuv420p\[thumb\](;|$)/);
    const tail = plan.args.slice(plan.args.lastIndexOf("-map"));
    assert.deepEqual(tail.slice(0, 2), ["-map", "[thumb]"]);
    assert.equal(valueOf(tail, "-c:v"), "mjpeg");
    assert.equal(valueOf(tail, "-update"), "1");
    assert.equal(valueOf(tail, "-f"), "image2");
    assert.equal(tail[tail.length - 1], "/srv/thumbs/pipeline0.jpg");
  });
});

describe("planEncoder: an ABR ladder of 3 outputs with CBR, VBR and QVBR", () => {
  const plan = planEncoder(planRequest(abrLadder()));

  it("splits the picture once into one branch per description plus the thumbnail, and encodes the audio once for the three", () => {
    const graph = filterGraph(plan);
    assert.match(graph, /^\[0:v:0\]split=4\[vsrc0\]\[vsrc1\]\[vsrc2\]\[vsrc3\];/);
    assert.match(graph, /\[vsrc0\]fps=30\/1,scale=1920:1080:[^;]*\[venc0\]/);
    assert.match(graph, /\[vsrc1\]fps=30\/1,scale=1280:720:[^;]*\[venc1\]/);
    assert.match(graph, /\[vsrc2\]fps=30\/1,scale=640:360:[^;]*\[venc2\]/);
    assert.ok(!graph.includes("asplit"), "one audio encode: no audio split");
    assert.deepEqual([encoderCount(plan, "libx264"), encoderCount(plan, "aac")], [3, 1]);
    assert.deepEqual([0, 1, 2].map((i) => outputView(plan, i).maps), [["[venc0]", "[aenc0]"], ["[venc1]", "[aenc0]"], ["[venc2]", "[aenc0]"]]);
    assert.deepEqual(plan.variants.map((v) => v.playlistName), ["index_1080p.m3u8", "index_720p.m3u8", "index_360p.m3u8"]);
  });

  it("VBR: b:v 5M with maxrate 7.5M and no HRD filler", () => {
    const out = outputView(plan, 0).options;
    assert.equal(valueOf(out, "-b:v"), "5000000");
    assert.equal(valueOf(out, "-maxrate:v"), "7500000");
    assert.equal(valueOf(out, "-bufsize:v"), "15000000");
    assert.equal(valueOf(out, "-nal-hrd:v"), undefined);
    assert.equal(valueOf(out, "-level:v"), "4.0");
    assert.equal(plan.variants[0]!.codecs, "avc1.640028,mp4a.40.2");
  });

  it("CBR: bitrate = maxrate with the configured bufSize", () => {
    const out = outputView(plan, 1).options;
    assert.equal(valueOf(out, "-b:v"), "3000000");
    assert.equal(valueOf(out, "-maxrate:v"), "3000000");
    assert.equal(valueOf(out, "-bufsize:v"), "6000000");
    assert.equal(valueOf(out, "-nal-hrd:v"), "cbr");
  });

  it("QVBR: a CRF from qvbrQualityLevel capped by maxBitrate, no target bitrate", () => {
    const out = outputView(plan, 2).options;
    assert.equal(valueOf(out, "-crf:v"), "23");
    assert.equal(valueOf(out, "-maxrate:v"), "1000000");
    assert.equal(valueOf(out, "-bufsize:v"), "2000000");
    assert.equal(valueOf(out, "-b:v"), undefined);
    assert.equal(valueOf(out, "-profile:v"), "main");
    assert.equal(plan.variants[2]!.rateControlMode, "QVBR");
    assert.equal(plan.variants[2]!.maxBitrateBps, 1_000_000);
  });

  it("aligns keyframes: every encode of the group forces IDRs at the same segment boundaries", () => {
    const expressions = [0, 1, 2].map((i) => valueOf(outputView(plan, i).options, "-force_key_frames:v"));
    assert.deepEqual(expressions, Array(3).fill("expr:gte(t+0.001,n_forced*6)"));
  });
});

describe("planEncoder: H.264 settings", () => {
  function planOne(h264: Record<string, unknown>, video: Record<string, unknown> = {}) {
    const config = minimalHls();
    config.encoderSettings.videoDescriptions = [{ ...h264Video("v720", 1280, 720, { rateControlMode: "CBR", bitrate: 3000000, ...h264 }), ...video }];
    return outputView(planEncoder(planRequest(config)), 0).options;
  }

  it("GOP in seconds becomes frames at the output frame rate (2.5 s at 30000/1001 → 75)", () => {
    const out = planOne({ gopSize: 2.5, gopSizeUnits: "SECONDS", framerateNumerator: 30000, framerateDenominator: 1001 });
    assert.equal(valueOf(out, "-g:v"), "75");
  });

  it("GOP in frames is used as is; minIInterval → keyint_min; scene change detection off → sc_threshold 0", () => {
    const out = planOne({ gopSize: 48, gopSizeUnits: "FRAMES", minIInterval: 12, sceneChangeDetect: "DISABLED" });
    assert.equal(valueOf(out, "-g:v"), "48");
    assert.equal(valueOf(out, "-keyint_min:v"), "12");
    assert.equal(valueOf(out, "-sc_threshold:v"), "0");
  });

  it("B-frames, B-pyramid, dynamic sub-GOP, open GOP, refs, slices, CAVLC, look-ahead and AQ", () => {
    const out = planOne({
      gopNumBFrames: 3,
      gopBReference: "ENABLED",
      subgopLength: "DYNAMIC",
      gopClosedCadence: 0,
      numRefFrames: 4,
      slices: 2,
      entropyEncoding: "CAVLC",
      lookAheadRateControl: "HIGH",
      adaptiveQuantization: "HIGHER",
      temporalAq: "DISABLED",
      bufFillPct: 50,
      level: "H264_LEVEL_4_1",
    });
    assert.equal(valueOf(out, "-bf:v"), "3");
    assert.equal(valueOf(out, "-b-pyramid:v"), "normal");
    assert.equal(valueOf(out, "-b_strategy:v"), "1");
    assert.equal(valueOf(out, "-refs:v"), "4");
    assert.equal(valueOf(out, "-slices:v"), "2");
    assert.equal(valueOf(out, "-coder:v"), "cavlc");
    assert.equal(valueOf(out, "-rc-lookahead:v"), "40");
    assert.equal(valueOf(out, "-aq-mode:v"), "1");
    assert.equal(valueOf(out, "-aq-strength:v"), "1.3");
    assert.equal(valueOf(out, "-mbtree:v"), "0");
    assert.equal(valueOf(out, "-level:v"), "4.1");
    assert.equal(valueOf(out, "-x264-params:v"), "vbv-init=0.5:open-gop=1");
  });

  it("Baseline has neither B-frames nor CABAC whatever the channel says", () => {
    const out = planOne({ profile: "BASELINE", gopNumBFrames: 2, entropyEncoding: "CABAC" });
    assert.equal(valueOf(out, "-profile:v"), "baseline");
    assert.equal(valueOf(out, "-bf:v"), "0");
    assert.equal(valueOf(out, "-coder:v"), "cavlc");
  });

  it("adaptiveQuantization OFF switches AQ and macroblock-tree off", () => {
    const out = planOne({ adaptiveQuantization: "OFF" });
    assert.equal(valueOf(out, "-aq-mode:v"), "0");
    assert.equal(valueOf(out, "-mbtree:v"), "0");
    assert.equal(valueOf(out, "-aq-strength:v"), undefined);
  });

  it("STRETCH_TO_OUTPUT scales without padding; PAR SPECIFIED sets the SAR; INTERLACED codes top field first", () => {
    const config = minimalHls();
    config.encoderSettings.videoDescriptions = [
      { ...h264Video("v720", 1280, 720, { bitrate: 3000000, parControl: "SPECIFIED", parNumerator: 4, parDenominator: 3, scanType: "INTERLACED" }), scalingBehavior: "STRETCH_TO_OUTPUT" },
    ];
    const plan = planEncoder(planRequest(config));
    const graph = filterGraph(plan);
    assert.match(graph, /fps=30\/1,scale=1280:720:interl=-1,setsar=4\/3,setfield=tff,format=yuv420p\[venc0\]/);
    assert.ok(!graph.split(";").find((chain) => chain.endsWith("[venc0]"))!.includes("pad="));
    assert.match(valueOf(outputView(plan, 0).options, "-x264-params:v")!, /tff=1/);
  });

  it("INITIALIZE_FROM_SOURCE and no size follow the fed stream (25 fps, 1024x576)", () => {
    const config = minimalHls();
    config.encoderSettings.videoDescriptions = [{ name: "v720", codecSettings: { h264Settings: { bitrate: 2000000, framerateControl: "INITIALIZE_FROM_SOURCE", gopSize: 50 } } }];
    const plan = planEncoder(planRequest(config, undefined, { videoCodec: "H264", width: 1024, height: 576, frameRate: { num: 25, den: 1 }, audioSelectorNames: ["default"] }));
    assert.match(filterGraph(plan), /fps=25\/1,scale=1024:576:/);
    assert.deepEqual([plan.variants[0]!.width, plan.variants[0]!.height, plan.variants[0]!.frameRate], [1024, 576, { num: 25, den: 1 }]);
    assert.equal(valueOf(outputView(plan, 0).options, "-nal-hrd:v"), "cbr", "absent rateControlMode is CBR");
  });
});

describe("planEncoder: H.265", () => {
  it("maps H265Settings to libx265 parameters and an hvc1 codec string", () => {
    const config = minimalHls();
    config.encoderSettings.videoDescriptions = [
      {
        name: "v720",
        width: 1280,
        height: 720,
        codecSettings: {
          h265Settings: { rateControlMode: "QVBR", maxBitrate: 4000000, qvbrQualityLevel: 10, framerateNumerator: 30, framerateDenominator: 1, gopSize: 60, gopSizeUnits: "FRAMES", tier: "HIGH", deblocking: "DISABLED", sceneChangeDetect: "DISABLED", gopNumBFrames: 2 },
        },
      },
    ];
    const plan = planEncoder(planRequest(config));
    const out = outputView(plan, 0).options;
    assert.equal(valueOf(out, "-c:v"), "libx265");
    assert.equal(valueOf(out, "-crf:v"), "19");
    const params = valueOf(out, "-x265-params:v")!.split(":");
    for (const expected of ["keyint=60", "scenecut=0", "high-tier=1", "no-deblock=1", "bframes=2", "vbv-maxrate=4000", "vbv-bufsize=8000", "repeat-headers=1", "level-idc=3.1"]) {
      assert.ok(params.includes(expected), `${expected} in ${params.join(":")}`);
    }
    assert.equal(plan.variants[0]!.codecs, "hvc1.1.6.H93.90,mp4a.40.2");
  });
});

describe("planEncoder: audio", () => {
  it("passes a selector's stream through without a filter, with the configured language", () => {
    const config = minimalHls();
    config.encoderSettings.audioDescriptions = [{ name: "a_aac", audioSelectorName: "second", languageCode: "fra", languageCodeControl: "USE_CONFIGURED", codecSettings: { passThroughSettings: {} } }];
    const fed = { videoCodec: "H264" as const, width: 1280, height: 720, frameRate: { num: 30, den: 1 }, audioSelectorNames: ["default", "second"], audioStreams: [undefined, { codecs: "ac-3", bitrateBps: 384000, languageCode: "eng" }] };
    const plan = planEncoder(planRequest(config, undefined, fed));
    const view = outputView(plan, 0);
    const out = view.options;
    assert.deepEqual(view.maps, ["[venc0]", "0:a:1"]);
    assert.equal(valueOf(out, "-c:a:0"), "copy");
    assert.equal(valueOf(out, "-metadata:s:a:0"), "language=fra");
    assert.ok(!filterGraph(plan).includes("0:a:"), "no audio filter branch");
    assert.equal(plan.variants[0]!.codecs, "avc1.4d401f,ac-3");
    assert.deepEqual(plan.variants[0]!.audioBitratesBps, [384000]);
  });

  it("FOLLOW_INPUT takes the source language; audioType and initialAudioGain; 5.1 and 44.1 kHz", () => {
    const config = minimalHls();
    config.encoderSettings.globalConfiguration = { initialAudioGain: -6 };
    config.encoderSettings.audioDescriptions = [
      { name: "a_aac", audioSelectorName: "default", languageCode: "fra", audioType: "HEARING_IMPAIRED", audioTypeControl: "USE_CONFIGURED", codecSettings: { aacSettings: { bitrate: 256000, codingMode: "CODING_MODE_5_1", sampleRate: 44100 } } },
    ];
    const fed = { ...planRequest(config).fed, audioStreams: [{ languageCode: "deu" }] };
    const plan = planEncoder(planRequest(config, undefined, fed));
    const out = outputView(plan, 0).options;
    assert.equal(valueOf(out, "-metadata:s:a:0"), "language=deu");
    assert.equal(valueOf(out, "-disposition:a:0"), "hearing_impaired");
    assert.equal(valueOf(out, "-ac:a:0"), "6");
    assert.equal(valueOf(out, "-ar:a:0"), "44100");
    // initialAudioGain is the input gain: before the format conversion (and before any normalisation).
    assert.match(filterGraph(plan), /aresample=44100:async=1,volume=-6dB,aformat=sample_fmts=fltp:sample_rates=44100:channel_layouts=5\.1\[aenc0\]/);
  });

  it("a video-only output maps no audio", () => {
    const config = minimalHls();
    config.encoderSettings.audioDescriptions = [];
    config.encoderSettings.outputGroups[0].outputs[0].audioDescriptionNames = [];
    const plan = planEncoder(planRequest(config));
    assert.deepEqual(outputView(plan, 0).maps, ["[venc0]"]);
    assert.deepEqual(encodeArgs(plan).filter((arg) => arg === "-map"), ["-map"]);
    assert.equal(plan.variants[0]!.codecs, "avc1.4d401f");
  });
});

/** The ABR ladder with every output on v720, the second naming `captionDescription`. */
function v720ThriceCaptionedOnce(captionDescription: Record<string, unknown>): Record<string, any> {
  const config = abrLadder();
  config.encoderSettings.captionDescriptions = [captionDescription];
  const outputs = config.encoderSettings.outputGroups[0].outputs;
  outputs[0].videoDescriptionName = "v720";
  outputs[1].captionDescriptionNames = [captionDescription.name];
  outputs[2].videoDescriptionName = "v720";
  return config;
}

describe("planEncoder: captions, groups and destinations", () => {
  it("keeps A/53 captions only on outputs that name a caption description", () => {
    const config = abrLadder();
    config.encoderSettings.captionDescriptions = [{ name: "cc", captionSelectorName: "cc", languageCode: "eng", destinationSettings: { embeddedDestinationSettings: {} } }];
    config.encoderSettings.outputGroups[0].outputs[1].captionDescriptionNames = ["cc"];
    const plan = planEncoder(planRequest(config));
    assert.deepEqual([0, 1, 2].map((i) => valueOf(outputView(plan, i).options, "-a53cc:v")), ["0", "1", "0"]);
    assert.deepEqual(plan.variants.map((v) => v.captions), [false, true, false]);
  });

  it("an output naming a description without captions gets its own encode; outputs that agree share one", () => {
    const plan = planEncoder(planRequest(v720ThriceCaptionedOnce({ name: "cc", captionSelectorName: "cc", languageCode: "eng", destinationSettings: { embeddedDestinationSettings: {} } })));
    assert.equal(encoderCount(plan, "libx264"), 2, "v720 once without captions (outputs 0 and 2), once with (output 1)");
    assert.deepEqual([0, 1, 2].map((i) => outputView(plan, i).maps[0]), ["[venc0]", "[venc1]", "[venc0]"]);
    assert.deepEqual([0, 1, 2].map((i) => valueOf(outputView(plan, i).options, "-a53cc:v")), ["0", "1", "0"]);
    assert.deepEqual(plan.variants.map((v) => v.captions), [false, true, false]);
  });

  it("a burned-in caption description makes its own encode whose chain draws the work dir's text file", () => {
    const burnIn = { fontSize: "24", backgroundColor: "BLACK", backgroundOpacity: 255 };
    const plan = planEncoder(planRequest(v720ThriceCaptionedOnce({ name: "burn", captionSelectorName: "cc", destinationSettings: { burnInDestinationSettings: burnIn } })));
    assert.equal(encoderCount(plan, "libx264"), 2, "v720 once plain (outputs 0 and 2), once with the burn-in (output 1)");
    assert.deepEqual([0, 1, 2].map((i) => outputView(plan, i).maps[0]), ["[venc0]", "[venc1]", "[venc0]"]);
    const branches = filterGraph(plan).split(";");
    const burned = branches.find((branch) => branch.endsWith("[venc1]")) ?? "";
    assert.ok(burned.includes("drawtext=font=monospace:textfile=/srv/thumbs/burnin_burn.txt:reload=1:"), burned);
    assert.match(burned, /fontsize=32:.*box=1:boxcolor=black@1/);
    assert.ok(!(branches.find((branch) => branch.endsWith("[venc0]")) ?? "").includes("drawtext"));
    assert.deepEqual(plan.variants.map((v) => v.captions), [false, false, false], "burn-in carries no A/53 captions");
  });
});

describe("planEncoder: destinations and warnings", () => {
  it("refuses a group without a resolved destination and an audio selector missing from the fed layout", () => {
    assert.throws(() => planEncoder(planRequest(minimalHls(), {})), /no destination resolved for output group "hls"/);
    const fed = { ...planRequest(minimalHls()).fed, audioSelectorNames: ["other"] };
    assert.throws(() => planEncoder(planRequest(minimalHls(), undefined, fed)), /audio selector "default"/);
  });

  it("warns that program date time cannot start from ZEROBASED timecode", () => {
    const config = minimalHls();
    config.encoderSettings.timecodeConfig.source = "ZEROBASED";
    config.encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.programDateTime = "INCLUDE";
    assert.match(planEncoder(planRequest(config)).warnings.join("\n"), /system clock, not from ZEROBASED/);
  });
});

describe("planEncoder: one encode per description, shared by every output that names it", () => {
  /** The minimal channel plus a group "second" (2 s segments) with one output naming v720 and a_aac. */
  function twoGroups(secondM3u8: Record<string, unknown> = {}, firstM3u8: Record<string, unknown> = {}) {
    const config = minimalHls();
    config.encoderSettings.outputGroups[0].outputs[0].outputSettings.hlsOutputSettings.hlsSettings.standardHlsSettings.m3u8Settings = firstM3u8;
    config.destinations.push({ id: "dest-2", settings: [{ url: "file:///srv/out/second/main" }] });
    config.encoderSettings.outputGroups.push({
      name: "second",
      outputGroupSettings: { hlsGroupSettings: { destination: { destinationRefId: "dest-2" }, segmentLength: 2, indexNSegments: 5, keepSegments: 5, programDateTime: "INCLUDE", manifestDurationFormat: "INTEGER" } },
      outputs: [hlsOutput("720p", "v720", "-hd", { outputSettings: { hlsOutputSettings: { nameModifier: "-hd", segmentModifier: "seg", hlsSettings: { standardHlsSettings: { m3u8Settings: secondM3u8 } } } } })],
    });
    return planEncoder(planRequest(config, { hls: fileDestination("/srv/out/live"), second: fileDestination("/srv/out/second", "main") }));
  }

  it("two outputs in two groups naming the same video and audio: one libx264, one aac, two slaves", () => {
    const plan = twoGroups();
    assert.equal(encoderCount(plan, "libx264"), 1);
    assert.equal(encoderCount(plan, "aac"), 1);
    assert.equal(plan.args.filter((arg) => arg === "-c:v:1").length, 0, "no second video encode");
    const graph = filterGraph(plan);
    assert.match(graph, /^\[0:v:0\]split=2\[vsrc0\]\[vsrc1\];/, "one branch for v720, one for the thumbnail");
    assert.ok(!graph.includes("asplit"));
    assert.equal(plan.args.filter((arg, i) => arg === "-f" && plan.args[i + 1] === "tee").length, 1);
    const slaves = teeSlaves(plan);
    assert.equal(slaves.length, 2);
    assert.deepEqual(slaves.map((slave) => slave.options.get("select")), ["0,1", "0,1"]);
    assert.deepEqual(slaves.map((slave) => slave.path), ["/srv/out/live/index_720p.m3u8.encoder", "/srv/out/second/main-hd.m3u8.encoder"]);
    assert.deepEqual(plan.warnings, []);
  });

  it("each slave keeps its group's muxer settings: segment length, window, flags, names, program number and PMT PID", () => {
    const plan = twoGroups({ pmtPid: "0x100", programNum: 3, transportStreamId: 9, patInterval: 100, pcrPeriod: 20 });
    const second = teeSlaves(plan)[1]!.options;
    assert.equal(second.get("hls_time"), "2");
    assert.equal(second.get("hls_delete_threshold"), "1");
    assert.deepEqual(second.get("hls_flags")!.split("+").sort(), ["append_list", "delete_segments", "independent_segments", "omit_endlist", "program_date_time", "round_durations", "temp_file"]);
    assert.equal(second.get("hls_segment_filename"), "/srv/out/second/main-hdseg_%05d.ts");
    assert.equal(second.get("hls_segment_options"), "mpegts_service_id=3:mpegts_transport_stream_id=9:mpegts_pmt_start_pid=256:pcr_period=20:pat_period=0.1:pes_payload_size=1536");
    assert.equal(teeSlaves(plan)[0]!.options.get("hls_time"), "6");
    assert.deepEqual(plan.groups.map((g) => [g.name, g.masterPlaylistName, g.variants.length]), [["hls", "index.m3u8", 1], ["second", "main.m3u8", 1]]);
  });

  it("the shared encode forces IDRs on the boundaries of both groups: every gcd(6 s, 2 s) = 2 s", () => {
    const plan = twoGroups();
    assert.equal(valueOf(encodeArgs(plan), "-force_key_frames:v:0"), "expr:gte(t+0.001,n_forced*2)");
  });

  it("PIDs are decided per encoded stream: agreeing outputs get theirs, a disagreeing one is warned about", () => {
    const pids = { videoPid: "257", audioPids: "0x110-0x111" };
    const agreeing = twoGroups(pids, pids);
    assert.deepEqual(agreeing.warnings, []);
    assert.deepEqual([0, 1].map((i) => outputView(agreeing, i).streamIds), [["0:257", "1:272"], ["0:257", "1:272"]]);
    const plan = twoGroups({ videoPid: "257", audioPids: "0x110-0x111" });
    assert.deepEqual(outputView(plan, 1).streamIds, ["0:481", "1:492"], "the first output's PIDs");
    const warnings = plan.warnings.join("\n");
    assert.match(warnings, /output "720p" of group "second" asks PID 257 for video description "v720", which output "720p" of group "hls" gets as PID 481/);
    assert.match(warnings, /asks PID 272 for audio description "a_aac"/);
  });

  it("warns when shared PIDs put two streams of one output on the same PID", () => {
    const config = minimalHls();
    config.encoderSettings.videoDescriptions.push(h264Video("v360", 640, 360, { bitrate: 800000 }));
    config.encoderSettings.outputGroups[0].outputs.push(hlsOutput("360p", "v360", "_360p", { outputSettings: { hlsOutputSettings: { nameModifier: "_360p", hlsSettings: { standardHlsSettings: { m3u8Settings: { videoPid: "492", audioPids: "481" } } } } } }));
    const plan = planEncoder(planRequest(config));
    assert.match(plan.warnings.join("\n"), /index_360p\.m3u8\.encoder would carry PID 492 twice/);
  });

  it("audio descriptions that differ only in name share one encode; another bitrate is its own", () => {
    const config = abrLadder();
    const aac = (name: string, bitrate: number) => ({ name, audioSelectorName: "default", codecSettings: { aacSettings: { bitrate } } });
    config.encoderSettings.audioDescriptions = [aac("audio_1_aac96", 96000), aac("audio_2_aac96", 96000), aac("audio_1_aac64", 64000)];
    const outputs = config.encoderSettings.outputGroups[0].outputs;
    outputs[0].audioDescriptionNames = ["audio_1_aac96"];
    outputs[1].audioDescriptionNames = ["audio_2_aac96"];
    outputs[2].audioDescriptionNames = ["audio_1_aac64"];
    const plan = planEncoder(planRequest(config));
    assert.equal(encoderCount(plan, "aac"), 2);
    assert.deepEqual([0, 1, 2].map((i) => outputView(plan, i).maps[1]), ["[aenc0]", "[aenc0]", "[aenc1]"]);
    assert.deepEqual([0, 1, 2].map((i) => valueOf(outputView(plan, i).options, "-b:a:0")), ["96000", "96000", "64000"]);
    assert.deepEqual(plan.variants.map((v) => v.audio[0]!.audioDescriptionName), ["audio_1_aac96", "audio_2_aac96", "audio_1_aac64"]);
    assert.deepEqual(plan.warnings, []);
  });
});
