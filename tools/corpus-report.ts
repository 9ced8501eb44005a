// Prints, for each real MediaLive configuration of ../shared/corpus/channels/ (or
// OPENLIVE_CORPUS_DIR), what openlive's channel rules make of it — accepted, pending (only
// output kinds and destinations still to come), refused as MediaLive refuses it, or refused —
// and how many of its settings openlive accepts without reproducing them (the channel's
// openliveNotHonoured list). The rules only: the API adds the model's checks and contacts pull
// sources (test/e2e/corpus-replay.test.ts does that). Usage:
//   node --import tsx tools/corpus-report.ts [--told]    (--told also lists each told setting)

import { notHonouredSettings } from "../src/domain/channels/not-honoured.ts";
import type { ChannelConfig } from "../src/domain/channels/channel-config.ts";
import { classify, sortRefusals, validatedCorpus } from "../test/helpers/corpus-channels.ts";

const showTold = process.argv.includes("--told");
const counts = { accepted: 0, pending: 0, "refused as MediaLive": 0, refused: 0 };

let corpus: ReturnType<typeof validatedCorpus>;
try {
  corpus = validatedCorpus();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}

for (const { channel, config, problems } of corpus) {
  const outcome = classify(config, problems);
  const told = notHonouredSettings(config as ChannelConfig);
  let word: keyof typeof counts;
  let detail = "";
  if (outcome === "accepted") word = "accepted";
  else if ("pending" in outcome) {
    word = "pending";
    detail = outcome.pending.join(", ");
    const also = sortRefusals(config, problems).consequential.length;
    if (also) detail += ` (+${also} inside them)`;
  } else if ("refusedAsMediaLive" in outcome) {
    word = "refused as MediaLive";
    detail = outcome.refusedAsMediaLive;
  } else {
    word = "refused";
    detail = outcome.refused.map((r) => `${r.elementPath}: ${r.errorMessage}`).join(" | ");
  }
  counts[word] += 1;
  console.log(`${channel.file.padEnd(52)} ${word.padEnd(20)} told ${String(told.length).padStart(3)}${detail ? `  ${detail}` : ""}`);
  if (showTold) for (const setting of told) console.log(`    ${setting.elementPath}: ${setting.reason}`);
}

console.log(Object.entries(counts).map(([word, count]) => `${count} ${word}`).join(", "));
