// A network of machines on one Linux host, for the cluster tests: each "machine" is a network
// namespace (ip-netns(8)) with one interface, eth0, joined by a veth pair to a bridge that
// lives in a namespace of its own, so nothing touches the host's interfaces or addresses.
// Names carry the process id and a counter, so test files running in parallel never collide,
// and close() deletes every namespace (which deletes its veths) and kills every process
// started inside; a process exit handler does the same for a test that crashed before close().
//
// Needs root (CAP_NET_ADMIN) and iproute2: netnsSkipReason() says why a test cannot run.

import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

let beds = 0;
const liveNamespaces = new Set<string>();
const liveChildren = new Set<ChildProcess>();

process.once("exit", () => {
  for (const child of liveChildren) child.kill("SIGKILL");
  for (const namespace of liveNamespaces) {
    try {
      execFileSync("ip", ["netns", "del", namespace], { stdio: "ignore" });
    } catch {
      // already gone
    }
  }
});

/** Why the namespace tests cannot run here, or undefined when they can. */
export function netnsSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return "network namespaces need root (CAP_NET_ADMIN); CI runs these tests as root";
  try {
    execFileSync("ip", ["netns", "list"], { stdio: "ignore" });
  } catch (error) {
    return `ip netns does not work here: ${(error as Error).message}`;
  }
  return undefined;
}

export interface ExecResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A namespace with eth0 on the bed's bridge. */
export interface NetnsHost {
  readonly namespace: string;
  readonly interface: "eth0";
  /** Its base address with prefix, e.g. 10.77.0.1/24. */
  readonly cidr: string;
  /** The argv prefix that runs a command inside it. */
  readonly prefix: readonly string[];
  exec(argv: readonly string[]): Promise<ExecResult>;
  /** A long-running command inside the namespace; killed by the bed's close(). */
  spawn(argv: readonly string[]): ChildProcess;
  /** eth0's MAC address, lowercase. */
  mac(): Promise<string>;
  /** The link-layer address this host's neighbour table has for `address`, if any. */
  neighbourMac(address: string): Promise<string | undefined>;
  /** Takes eth0 down: to the rest of the network, the machine is gone. */
  unplug(): Promise<void>;
  /** Takes eth0 up again (its addresses stay, routes come back). */
  plug(): Promise<void>;
}

export interface NetnsBed {
  readonly bridgeNamespace: string;
  /** A new namespace on the bridge with `cidr` on its eth0. */
  addHost(label: string, cidr: string): Promise<NetnsHost>;
  /**
   * Joins the root namespace (this process, the database, the upstream encoders) to the bridge
   * with one veth carrying `cidr`; the veth goes when close() deletes the bridge's namespace.
   */
  attachRoot(cidr: string): Promise<void>;
  close(): Promise<void>;
}

async function ip(argv: readonly string[]): Promise<void> {
  await run("ip", [...argv]);
}

async function execIn(namespace: string, argv: readonly string[]): Promise<ExecResult> {
  try {
    const { stdout, stderr } = await run("ip", ["netns", "exec", namespace, ...argv]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    return { code: typeof failed.code === "number" ? failed.code : 1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? String(error) };
  }
}

export async function createNetnsBed(): Promise<NetnsBed> {
  const id = `ol${process.pid}-${++beds}`;
  const namespaces: string[] = [];
  const children = new Set<ChildProcess>();
  const newNamespace = async (label: string): Promise<string> => {
    const namespace = `${id}-${label}`;
    await ip(["netns", "add", namespace]);
    namespaces.push(namespace);
    liveNamespaces.add(namespace);
    await ip(["-n", namespace, "link", "set", "lo", "up"]);
    return namespace;
  };
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    for (const child of children) {
      child.kill("SIGKILL");
      liveChildren.delete(child);
    }
    for (const namespace of namespaces.reverse()) {
      await ip(["netns", "del", namespace]).catch(() => undefined);
      liveNamespaces.delete(namespace);
    }
  };
  try {
    const bridgeNamespace = await newNamespace("bridge");
    await ip(["-n", bridgeNamespace, "link", "add", "br0", "type", "bridge"]);
    await ip(["-n", bridgeNamespace, "link", "set", "br0", "up"]);
    let ports = 0;
    return {
      bridgeNamespace,
      close,
      async attachRoot(cidr: string): Promise<void> {
        // IFNAMSIZ: at most 15 bytes, unique in the root namespace.
        const rootSide = id.replace("-", "r").slice(0, 15);
        const port = `p${++ports}`;
        await ip(["link", "add", rootSide, "type", "veth", "peer", "name", port, "netns", bridgeNamespace]);
        await ip(["-n", bridgeNamespace, "link", "set", port, "master", "br0", "up"]);
        await ip(["addr", "add", cidr, "dev", rootSide]);
        await ip(["link", "set", rootSide, "up"]);
      },
      async addHost(label: string, cidr: string): Promise<NetnsHost> {
        const namespace = await newNamespace(label);
        const port = `p${++ports}`;
        await ip(["link", "add", "eth0", "netns", namespace, "type", "veth", "peer", "name", port, "netns", bridgeNamespace]);
        await ip(["-n", bridgeNamespace, "link", "set", port, "master", "br0", "up"]);
        await ip(["-n", namespace, "addr", "add", cidr, "dev", "eth0"]);
        await ip(["-n", namespace, "link", "set", "eth0", "up"]);
        const prefix = ["ip", "netns", "exec", namespace] as const;
        return {
          namespace,
          interface: "eth0",
          cidr,
          prefix,
          exec: (argv) => execIn(namespace, argv),
          spawn(argv) {
            const child = spawn("ip", ["netns", "exec", namespace, ...argv], { stdio: ["ignore", "pipe", "pipe"] });
            children.add(child);
            liveChildren.add(child);
            child.once("exit", () => {
              children.delete(child);
              liveChildren.delete(child);
            });
            return child;
          },
          async mac() {
            const { stdout } = await execIn(namespace, ["cat", "/sys/class/net/eth0/address"]);
            return stdout.trim().toLowerCase();
          },
          async neighbourMac(address: string) {
            const { stdout } = await execIn(namespace, ["ip", "neigh", "show", address, "dev", "eth0"]);
            return /lladdr ([0-9a-f:]{17})/i.exec(stdout)?.[1]?.toLowerCase();
          },
          async unplug() {
            await ip(["-n", namespace, "link", "set", "eth0", "down"]);
          },
          async plug() {
            await ip(["-n", namespace, "link", "set", "eth0", "up"]);
          },
        };
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
