// Every operation of MediaLive's model, sent signed to a real ./openlive serve (strict responses:
// every answer is checked against the model's output shape): none answers 5xx, every error travels
// as one of the exception shapes the model lists for that operation, and the operations on kinds of
// resources openlive does not have answer as MediaLive answers an account without them — lists are
// empty, one resource is not found, writes are refused with a 400 that says so. The SDK sees the same.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DescribeMultiplexCommand, ListMultiplexesCommand, ListOfferingsCommand, NotFoundException, type MediaLiveClient } from "@aws-sdk/client-medialive";
import { MODEL_OPERATIONS } from "../../src/model/generated/medialive-model.ts";
import { ApiErrorShape } from "../../src/shared/errors.ts";
import { startOpenlive, type OpenliveProcess } from "../helpers/openlive-process.ts";
import { sdkClient } from "../helpers/sdk.ts";
import { rawRequest } from "../helpers/signed-fetch.ts";

/** Operations with handlers of their own (the rest are answered by src/api/routes/absent-kinds.ts). */
const SERVED_PREFIXES = /^(Create|Delete|Describe|List|Update|Start|Stop|BatchDelete|BatchStart|BatchStop|BatchUpdate|Restart)(Channel|Channels|ChannelClass|ChannelPipelines|Input|Inputs|InputSecurityGroup|InputSecurityGroups|Schedule|Tags|TagsForResource|Thumbnails|Alerts)$|^(BatchDelete|BatchStart|BatchStop)$/;

describe("every operation of the model", { timeout: 120_000 }, () => {
  let openlive: OpenliveProcess;
  let client: MediaLiveClient;
  before(async () => {
    openlive = await startOpenlive();
    client = sdkClient(openlive);
  });
  after(async () => {
    await openlive?.stop();
  });

  it("answers each one without a 5xx, with an error shape the model lists for it", async () => {
    const problems: string[] = [];
    for (const [name, operation] of Object.entries(MODEL_OPERATIONS)) {
      const path = operation.path.replace(/\{(\w+)\}/g, () => "1234567");
      const response = await rawRequest(openlive, { method: operation.method, path, ...(operation.method === "GET" || operation.method === "DELETE" ? {} : { body: {} }) });
      const errorType = response.headers["x-amzn-errortype"];
      if (response.status >= 500) problems.push(`${name}: ${response.status} ${response.text}`);
      else if (response.status >= 400 && !(String(errorType) in ApiErrorShape)) problems.push(`${name}: ${errorType} is not one of MediaLive's exception shapes`);
      if (SERVED_PREFIXES.test(name)) continue;
      if (response.status >= 400 && !operation.errors.includes(String(errorType))) problems.push(`${name}: ${errorType} is not among ${operation.errors.join(", ")}`);
      // A kind openlive does not have.
      const labelled = operation.path.includes("{");
      const expected = name === "DescribeAccountConfiguration" ? 200 : operation.method !== "GET" ? 400 : !labelled ? 200 : operation.errors.includes("NotFoundException") ? 404 : 400;
      if (response.status !== expected) problems.push(`${name}: expected ${expected}, got ${response.status} ${response.text.slice(0, 200)}`);
      if (expected === 200 && name !== "DescribeAccountConfiguration") {
        const lists = Object.values(response.json ?? {}).filter(Array.isArray);
        if (lists.length !== 1 || lists[0]!.length !== 0) problems.push(`${name}: expected one empty list, got ${response.text}`);
      }
      if (expected === 400 && !/openlive does not offer/.test(response.json?.message ?? "")) problems.push(`${name}: the 400 does not say openlive does not offer it: ${response.text}`);
    }
    assert.deepEqual(problems, []);
    assert.equal(openlive.child.exitCode, null, "openlive is still running");
  });

  it("looks like an account without multiplexes or offerings to the SDK", async () => {
    assert.deepEqual((await client.send(new ListMultiplexesCommand({}))).Multiplexes, []);
    assert.deepEqual((await client.send(new ListOfferingsCommand({}))).Offerings, []);
    await assert.rejects(client.send(new DescribeMultiplexCommand({ MultiplexId: "1234567" })), (error: unknown) => error instanceof NotFoundException && /does not exist/.test(error.message));
  });
});
