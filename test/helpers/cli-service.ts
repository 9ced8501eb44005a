// A `./openlive serve` for one describe block of the aws CLI e2e tests: started in the
// block's first before() hook, ended in after() by stopHealthy (no crash, no error logged).
// Call it synchronously inside the describe callback, ahead of the block's own hooks.

import { after, before } from "node:test";
import { medialive, type Ml } from "./aws-cli.ts";
import { stopHealthy } from "./cli-asserts.ts";
import { startOpenlive, type OpenliveProcess, type StartOptions } from "./openlive-process.ts";

export interface CliService {
  /** The running service; read it inside hooks and tests (it is set by the first before()). */
  readonly server: OpenliveProcess;
  /** `aws medialive …` against the service. */
  readonly ml: Ml;
}

export function serveForCli(options: StartOptions = {}): CliService {
  let server: OpenliveProcess | undefined;
  let ml: Ml | undefined;
  before(async () => {
    server = await startOpenlive(options);
    ml = medialive(server);
  });
  after(() => stopHealthy(server));
  const started = (): { server: OpenliveProcess; ml: Ml } => {
    if (!server || !ml) throw new Error("serveForCli: the service is not started (used outside a hook or test?)");
    return { server, ml };
  };
  return {
    get server() {
      return started().server;
    },
    ml: (...args) => started().ml(...args),
  };
}
