// End-to-end: an API node of a cluster (`./openlive serve --role api --store postgres://…`)
// takes push endpoints from the zones' pools that `./openlive cluster zones` wrote: the SDK's
// CreateInput and DescribeInput show endpoint 0 in zone a and endpoint 1 in zone b in
// Destinations[].Vpc.AvailabilityZone (strict responses check the shape against the model),
// and a push input that cannot get two zones is refused with the MediaLive error shape.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { CreateInputCommand, CreateInputSecurityGroupCommand, DescribeInputCommand, UnprocessableEntityException, type InputDestination } from "@aws-sdk/client-medialive";
import { makeTempDir, REPO_ROOT, startOpenlive, type OpenliveProcess } from "../helpers/openlive-process.ts";
import { startPostgresServer, type PostgresServer } from "../helpers/postgres-server.ts";
import { sdkClient } from "../helpers/sdk.ts";

let server: PostgresServer;
before(async () => {
  server = await startPostgresServer();
});
after(async () => {
  await server.stop();
});

/** An API node on a new database, with the given zones written by `openlive cluster zones`. */
async function apiNodeWithZones(name: string, zones: unknown[]): Promise<OpenliveProcess> {
  const url = await server.createDatabase(name);
  const dataDir = makeTempDir();
  const file = path.join(dataDir, "cluster.json");
  writeFileSync(file, JSON.stringify({ zones }));
  // The node migrates the database at start; the zones are read at each CreateInput.
  const node = await startOpenlive({ dataDir, extraArgs: ["--store", url, "--role", "api"] });
  const synced = spawnSync(path.join(REPO_ROOT, "openlive"), ["cluster", "zones", "--store", url, "--cluster-config", file], { cwd: REPO_ROOT, encoding: "utf8" });
  if (synced.status !== 0) await node.stop();
  assert.equal(synced.status, 0, synced.stderr);
  return node;
}

describe("push endpoints per zone on a cluster API node", () => {
  it("CreateInput and DescribeInput show each endpoint's zone in Destinations[].Vpc.AvailabilityZone", async () => {
    const node = await apiNodeWithZones("e2e_zones_two", [{ name: "a", pushAddresses: ["10.0.1.10"] }, { name: "b", pushAddresses: ["10.0.2.10"] }]);
    try {
      const client = sdkClient(node);
      const isg = await client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: [{ Cidr: "0.0.0.0/0" }] }));
      const created = await client.send(new CreateInputCommand({ Name: "zoned", Type: "RTP_PUSH", InputSecurityGroups: [isg.SecurityGroup!.Id!] }));
      const shape = (destinations: InputDestination[] | undefined) => destinations?.map((d) => [d.Ip, d.Vpc?.AvailabilityZone, d.Url]);
      assert.deepEqual(shape(created.Input!.Destinations), [
        ["10.0.1.10", "a", "rtp://10.0.1.10:5000"],
        ["10.0.2.10", "b", "rtp://10.0.2.10:5000"],
      ]);
      const described = await client.send(new DescribeInputCommand({ InputId: created.Input!.Id! }));
      assert.deepEqual(shape(described.Destinations), shape(created.Input!.Destinations));
    } finally {
      await node.stop();
    }
  });

  it("refuses a STANDARD push input when only one zone has push addresses, naming it", async () => {
    const node = await apiNodeWithZones("e2e_zones_one", [{ name: "a", pushAddresses: ["10.0.1.10"] }, { name: "b", pushAddresses: [] }]);
    try {
      const client = sdkClient(node);
      const isg = await client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: [{ Cidr: "0.0.0.0/0" }] }));
      await assert.rejects(client.send(new CreateInputCommand({ Type: "RTP_PUSH", InputSecurityGroups: [isg.SecurityGroup!.Id!] })), (error: unknown) => {
        assert.ok(error instanceof UnprocessableEntityException, String(error));
        assert.match(error.message, /2 endpoints in 2 zones with push addresses; only zone "a" has push addresses; the pushAddresses pool of zone "b" is empty/);
        return true;
      });
    } finally {
      await node.stop();
    }
  });
});
