// Faults of the cluster's parts, with the real processes:
// A. a node agent SIGKILLed: its sandboxes read `unknown` (nothing is deleted) and new ones go
//    elsewhere; restarted with its state file, they read `running` again; restarted without
//    it, reconciliation ends them; a sandbox killed while its node was down is stopped there
//    when the node is back.
// B. PostgreSQL stopped and started again under load (a private cluster, never the shared
//    server): 503 while it is down, never 500 or a hang; ready again after; no answered write
//    lost; the masters hear each other's name changes again.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import pg from "pg";
import { applyMigrations } from "../scripts/lib/prisma-cli.js";
import {
  eventually,
  freePort,
  startAgentProcess,
  startGatewayProcess,
  startMasterProcess,
  stopAllServices,
  truncateTables,
  waitForStatus,
  type AgentProcess,
  type GatewayProcess,
  type MasterProcess,
  type ServiceProcess,
} from "./support.js";

const RUN = `${Date.now().toString(36)}-${process.pid}`;
/** No per-key rate limit gets in the way of the load. */
const NO_LIMITS = { RATE_LIMIT_LOOKUPS: "0", RATE_LIMIT_CREATES: "0", RATE_LIMIT_SANDBOXES: "0", RATE_LIMIT_READS: "0", RATE_LIMIT_WRITES: "0" };

afterAll(async () => {
  await stopAllServices();
});

/** Adds the processes' output to a failing test's message. */
async function withOutput<T>(procs: () => Record<string, ServiceProcess | undefined>, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    const outputs = Object.entries(procs())
      .filter((e): e is [string, ServiceProcess] => e[1] !== undefined)
      .map(([name, p]) => `--- ${name} (port ${p.port}) output ---\n${p.output().slice(-8_000) || "(none)"}`);
    if (err instanceof Error) err.message += `\n${outputs.join("\n")}`;
    throw err;
  }
}

describe("a node agent killed, then restarted with and without its sandboxes", () => {
  // A node is down after 3 s without a heartbeat (every 200 ms): node 2 stays up through a
  // stall of the busy machine, and node 1 killed is down soon enough. No sandbox here is an
  // orphan (running with no record): a long grace keeps a fast-mode sandbox whose record is
  // slow to land from being taken for one by a reconciliation (every 2 s).
  const MASTER_ENV = { NODE_DOWN_AFTER_MS: "3000", SANDBOX_SWEEP_MS: "200", NODE_RECONCILE_MS: "2000", NODE_ORPHAN_GRACE_MS: "600000", BUILD_PHASE_DELAY_MS: "20" };
  const NODE1 = `cf-node1-${RUN}`;
  const TEMPLATE = `cf-box-${RUN}`;
  let db: pg.Pool;
  let master: MasterProcess;
  let agent1: AgentProcess | undefined;
  let agent2: AgentProcess;
  let gateway: GatewayProcess;
  /** Node 1's port: the OS picks it at the first start; restarts take it again. */
  let agent1Port: number | undefined;
  let stateDir: string;
  let stateFile: string;
  const onNode1: string[] = [];
  const onNode2: string[] = [];
  /** One of node 1's sandboxes, killed while node 1 is down. */
  let victim: string;

  const procs = () => ({ master, agent1, agent2, gateway });
  const startAgent1 = (file: string) =>
    startAgentProcess(master.url, { AGENT_NODE_ID: NODE1, AGENT_PORT: String(agent1Port ?? 0), AGENT_HEARTBEAT_MS: "200", AGENT_STATE_FILE: file });

  async function rowsOf(ids: string[]): Promise<string[]> {
    return (await db.query<{ id: string }>("SELECT id FROM sandboxes WHERE id = ANY($1) ORDER BY id", [ids])).rows.map((r) => r.id);
  }
  const sorted = (ids: string[]) => [...ids].sort();

  /** Each sandbox as GET /sandboxes/{id} through the gateway answers it. */
  async function read(ids: string[]): Promise<{ id: string; status: number; state?: string; clientID?: string }[]> {
    return Promise.all(
      ids.map(async (id) => {
        const r = await gateway.api.get(`/sandboxes/${id}`);
        return { id, status: r.status, state: r.body?.state, clientID: r.body?.clientID };
      }),
    );
  }
  const expected = (ids: string[], state: string, clientID: string) => ids.map((id) => ({ id, status: 200, state, clientID }));

  /** The gateway's list, as id → state. */
  async function listed(): Promise<Map<string, string>> {
    const r = await gateway.api.get("/sandboxes");
    expect(r.status).toBe(200);
    return new Map((r.body as { sandboxID: string; state: string }[]).map((s) => [s.sandboxID, s.state]));
  }

  function savedIds(): string[] {
    try {
      return (JSON.parse(readFileSync(stateFile, "utf8")) as { sandboxes: { sandboxId: string }[] }).sandboxes.map((s) => s.sandboxId);
    } catch {
      return [];
    }
  }

  beforeAll(async () => {
    await truncateTables();
    db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
    stateDir = mkdtempSync(join(tmpdir(), "cubicle-cluster-faults-"));
    stateFile = join(stateDir, "node1.json");
    master = await startMasterProcess(MASTER_ENV);
    [agent1, agent2] = await Promise.all([startAgent1(stateFile), startAgentProcess(master.url, { AGENT_HEARTBEAT_MS: "200" })]);
    agent1Port = agent1.port;
    gateway = await startGatewayProcess(master.url, NO_LIMITS);
    await withOutput(procs, async () => {
      const created = await gateway.api.post("/templates", { name: TEMPLATE, image: "alpine:3.20" });
      expect(created.status).toBe(202);
      await waitForStatus(master.api, created.body.templateID, ["ready"]);

      // Placement spreads sandboxes over both nodes (most free room first).
      for (let i = 0; i < 24 && (onNode1.length < 3 || onNode2.length < 3); i++) {
        const r = await gateway.api.post("/sandboxes", { templateID: TEMPLATE });
        expect({ status: r.status, clientID: [NODE1, agent2.nodeId].includes(r.body?.clientID) }).toEqual({ status: 201, clientID: true });
        (r.body.clientID === NODE1 ? onNode1 : onNode2).push(r.body.sandboxID);
      }
      expect({ onNode1: onNode1.length >= 3, onNode2: onNode2.length >= 3 }).toEqual({ onNode1: true, onNode2: true });
      // Fast mode writes records after answering, and the agent its state file after the change.
      const all = [...onNode1, ...onNode2];
      await eventually(async () => ((await rowsOf(all)).length === all.length ? true : undefined), 10_000, "every sandbox's record");
      await eventually(async () => (onNode1.every((id) => savedIds().includes(id)) ? true : undefined), 10_000, "node 1's state file to hold its sandboxes");
    });
  }, 60_000);

  afterAll(async () => {
    await stopAllServices();
    await db?.end();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  test("SIGKILLed: its sandboxes read 'unknown' and none is deleted; the other node's run on and take the new ones", () =>
    withOutput(procs, async () => {
      expect(await agent1!.stop("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
      agent1 = undefined;

      const unknown = expected(onNode1, "unknown", NODE1);
      await eventually(async () => {
        const seen = await read(onNode1);
        return JSON.stringify(seen) === JSON.stringify(unknown) ? true : undefined;
      }, 10_000, "node 1's sandboxes to read 'unknown'");
      await eventually(async () => {
        const nodes = (await master.api.get("/nodes")).body as { nodeId: string; state: string }[];
        return nodes.find((n) => n.nodeId === NODE1)?.state === "down" ? true : undefined;
      }, 10_000, "master to list node 1 as down");
      // Sweeps (every 200 ms) and reconciliations pass with the node down: none may remove anything.
      await sleep(1_200);

      expect(await read(onNode1)).toEqual(unknown);
      expect(await read(onNode2)).toEqual(expected(onNode2, "running", agent2.nodeId));
      expect(await rowsOf([...onNode1, ...onNode2])).toEqual(sorted([...onNode1, ...onNode2]));
      const list = await listed();
      expect(onNode1.map((id) => [id, list.get(id)])).toEqual(onNode1.map((id) => [id, "unknown"]));
      expect(onNode2.map((id) => [id, list.get(id)])).toEqual(onNode2.map((id) => [id, "running"]));

      for (let i = 0; i < 3; i++) {
        const r = await gateway.api.post("/sandboxes", { templateID: TEMPLATE });
        expect({ status: r.status, clientID: r.body?.clientID }).toEqual({ status: 201, clientID: agent2.nodeId });
        onNode2.push(r.body.sandboxID);
      }
      expect(await read(onNode2)).toEqual(expected(onNode2, "running", agent2.nodeId));
    }), 45_000);

  test("a sandbox killed while its node is down: 204, gone from reads and lists at once, its record ended", () =>
    withOutput(procs, async () => {
      victim = onNode1.pop()!;
      expect((await gateway.api.delete(`/sandboxes/${victim}`)).status).toBe(204);
      expect((await gateway.api.get(`/sandboxes/${victim}`)).status).toBe(404);
      expect((await listed()).has(victim)).toBe(false);
      expect((await gateway.api.delete(`/sandboxes/${victim}`)).status).toBe(404);
      // The record waits, ended, for the node to come back and stop the sandbox.
      const row = await db.query<{ ended: boolean }>("SELECT end_at <= now() AS ended FROM sandboxes WHERE id = $1", [victim]);
      expect(row.rows).toEqual([{ ended: true }]);
    }));

  test("restarted with its state file (same id and port): its sandboxes read 'running' again, and the one killed meanwhile is stopped there", () =>
    withOutput(procs, async () => {
      expect(savedIds()).toContain(victim);
      agent1 = await startAgent1(stateFile);
      expect(agent1.port).toBe(agent1Port);

      const running = expected(onNode1, "running", NODE1);
      await eventually(async () => {
        const seen = await read(onNode1);
        return JSON.stringify(seen) === JSON.stringify(running) ? true : undefined;
      }, 10_000, "node 1's sandboxes to read 'running' again");
      expect(await rowsOf(onNode1)).toEqual(sorted(onNode1));
      for (const id of onNode1) expect((await agent1.api.get(`/sandboxes/${id}`)).status).toBe(200);

      // The reaper stops the ended sandbox at its node, then removes its record.
      await eventually(async () => ((await agent1!.api.get(`/sandboxes/${victim}`)).status === 404 ? true : undefined), 10_000, "node 1 to stop the killed sandbox");
      await eventually(async () => ((await rowsOf([victim])).length === 0 ? true : undefined), 10_000, "the killed sandbox's record to go");
      expect((await listed()).has(victim)).toBe(false);
      expect(await read(onNode2)).toEqual(expected(onNode2, "running", agent2.nodeId));
    }), 45_000);

  test("SIGKILLed again and restarted without its state: reconciliation ends its sandboxes; the other node's are untouched", () =>
    withOutput(procs, async () => {
      expect(await agent1!.stop("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
      agent1 = await startAgent1(join(stateDir, "fresh-node1.json"));
      expect((await agent1.api.get("/sandboxes")).body).toEqual({ sandboxes: [] });

      // Records first (no read may trigger the removal): the restart (a new boot id) makes the node due.
      await eventually(async () => ((await rowsOf(onNode1)).length === 0 ? true : undefined), 15_000, "reconciliation to remove node 1's records");
      for (const r of await read(onNode1)) expect({ id: r.id, status: r.status }).toEqual({ id: r.id, status: 404 });
      const list = await listed();
      expect(onNode1.filter((id) => list.has(id))).toEqual([]);

      expect(await read(onNode2)).toEqual(expected(onNode2, "running", agent2.nodeId));
      expect(await rowsOf(onNode2)).toEqual(sorted(onNode2));
      expect(onNode2.map((id) => [id, list.get(id)])).toEqual(onNode2.map((id) => [id, "running"]));
      for (const id of onNode2) expect((await agent2.api.get(`/sandboxes/${id}`)).status).toBe(200);
    }), 45_000);
});

// A private PostgreSQL server is made with the machine's PostgreSQL binaries, as the `postgres`
// user (initdb refuses root): where there are none (a machine with only Node and npm, which
// runs the tests on the embedded database), there is no server to stop and start.
const PG_BIN = "/usr/lib/postgresql/15/bin";
const canRunPostgres = existsSync(join(PG_BIN, "initdb")) && spawnSync("id", ["-u", "postgres"]).status === 0;
const describeWithPostgres = canRunPostgres ? describe : describe.skip;

describeWithPostgres("PostgreSQL stopped and started again under load", () => {
  /** The gateway's wait for master; nothing may take longer (plus a margin for the busy machine). */
  const GATEWAY_TIMEOUT_MS = 5_000;
  const SLOWEST_MS = GATEWAY_TIMEOUT_MS + 1_500;
  const READY_NAME = `cf-pg-ready-${RUN}`;
  let base: string | undefined;
  let dataDir: string;
  let pgPort: number;
  let url: string;
  let db: pg.Pool | undefined;
  let masterA: MasterProcess;
  let masterB: MasterProcess;
  let agent: AgentProcess;
  let gateway: GatewayProcess;
  let readyId: string;
  const procs = () => ({ masterA, masterB, agent, gateway });

  /** Runs a command to its exit (not its pipes' end: pg_ctl leaves the server running); throws unless it exits 0. */
  function run(cmd: string, args: string[], timeoutMs = 60_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(cmd, args, { cwd: base, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (d: Buffer) => (output += d));
      child.stderr.on("data", (d: Buffer) => (output += d));
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      child.once("error", (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        if (code === 0) resolve(output);
        else reject(new Error(`${cmd} ${args.join(" ")} ended with ${code ?? signal}:\n${output}`));
      });
    });
  }
  const asPostgres = (tool: string, args: string[]) => run("runuser", ["-u", "postgres", "--", join(PG_BIN, tool), ...args]);
  const startPg = () =>
    asPostgres("pg_ctl", ["-D", dataDir, "-l", join(base!, "postgres.log"), "-o", `-p ${pgPort} -k /tmp -c listen_addresses=127.0.0.1`, "-w", "-t", "30", "start"]);
  const stopPg = (mode: "fast" | "immediate") => asPostgres("pg_ctl", ["-D", dataDir, "-m", mode, "-w", "-t", "30", "stop"]);

  const readyz = async (m: MasterProcess) => (await fetch(`${m.url}/readyz`, { signal: AbortSignal.timeout(SLOWEST_MS) })).status;

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), "cubicle-cluster-faults-pg-"));
    dataDir = join(base, "data");
    execFileSync("chown", ["postgres", base]);
    await asPostgres("initdb", ["-D", dataDir, "-A", "trust", "-U", "postgres", "--no-sync"]);
    pgPort = await freePort();
    await startPg();
    url = `postgresql://postgres@127.0.0.1:${pgPort}/postgres`;
    await applyMigrations(url);
    db = new pg.Pool({ connectionString: url, max: 2 });
    db.on("error", () => {}); // idle connections die with the server

    // A real server whatever the rest of the run uses: a pool of connections, prepared
    // statements and notifications (the embedded run's settings are inherited otherwise).
    const server = { DB_POOL_MAX: "10", DB_PREPARED_STATEMENTS: "true", DB_LISTEN: "true" };
    const env = { ...server, DATABASE_URL: url, DB_STATEMENT_TIMEOUT_MS: "2000", BUILD_PHASE_DELAY_MS: "20", NODE_DOWN_AFTER_MS: "3000" };
    [masterA, masterB] = await Promise.all([startMasterProcess(env), startMasterProcess(env)]);
    const masters = `${masterA.url},${masterB.url}`;
    agent = await startAgentProcess(masters, { AGENT_HEARTBEAT_MS: "200" });
    gateway = await startGatewayProcess(masters, { ...NO_LIMITS, MASTER_TIMEOUT_MS: String(GATEWAY_TIMEOUT_MS) });
    await withOutput(procs, async () => {
      const created = await gateway.api.post("/templates", { name: READY_NAME, image: "alpine:3.20" });
      expect(created.status).toBe(202);
      readyId = created.body.templateID;
      await waitForStatus(masterA.api, readyId, ["ready"]);
    });
  }, 75_000);

  afterAll(async () => {
    await stopAllServices();
    await db?.end().catch(() => {});
    if (base) {
      if (existsSync(join(base, "data", "postmaster.pid"))) await stopPg("immediate").catch(() => {});
      rmSync(base, { recursive: true, force: true });
    }
  }, 30_000);

  type Phase = "before" | "down" | "after";
  interface Outcome {
    kind: "write" | "read";
    phase: Phase;
    status: number;
    ms: number;
    name?: string;
    templateID?: string;
    body?: unknown;
    error?: string;
  }

  test("stopped under load: 503 (never 500, never a hang), /readyz 503; ready again after; no answered write lost", () =>
    withOutput(procs, async () => {
      const outcomes: Outcome[] = [];
      let phase: Phase = "before";
      let loading = true;
      let seq = 0;

      async function one(kind: "write" | "read"): Promise<void> {
        const at = phase;
        const started = Date.now();
        const name = kind === "write" ? `cf-pg-load-${RUN}-${++seq}` : undefined;
        const signal = AbortSignal.timeout(SLOWEST_MS + 5_000);
        try {
          const r =
            kind === "write"
              ? await gateway.api.call("POST", "/templates", { name, image: "alpine:3.20" }, {}, signal)
              : await gateway.api.call("GET", `/templates/lookup?name=${READY_NAME}`, undefined, {}, signal);
          outcomes.push({ kind, phase: at, status: r.status, ms: Date.now() - started, name, templateID: r.body?.templateID, ...(r.status >= 300 && { body: r.body }) });
        } catch (err) {
          outcomes.push({ kind, phase: at, status: 0, ms: Date.now() - started, name, error: String(err) });
        }
      }
      const loop = async (kind: "write" | "read") => {
        while (loading) {
          await one(kind);
          await sleep(10);
        }
      };
      const workers = [loop("write"), loop("write"), loop("read"), loop("read")];
      const count = (p: Phase, ok: (o: Outcome) => boolean) => outcomes.filter((o) => o.phase === p && ok(o)).length;
      const okWrite = (o: Outcome) => o.kind === "write" && o.status === 202;
      const okRead = (o: Outcome) => o.kind === "read" && o.status === 200;

      try {
        await eventually(async () => (count("before", okWrite) >= 3 && count("before", okRead) >= 3 ? true : undefined), 15_000, "the load to get answers");

        phase = "down";
        const stoppedAt = Date.now();
        await stopPg("fast");
        await eventually(async () => ((await readyz(masterA)) === 503 && (await readyz(masterB)) === 503 ? true : undefined), 5_000, "both masters' /readyz to answer 503");
        // The load goes on for about 2 s with the database down, and meets it.
        await eventually(
          async () => (Date.now() - stoppedAt >= 2_000 && count("down", (o) => o.kind === "write" && o.status === 503) > 0 && count("down", (o) => o.kind === "read" && o.status === 503) > 0 ? true : undefined),
          10_000,
          "503 answers to reads and writes while the database is down",
        );
        await startPg();
        phase = "after";
        await eventually(async () => ((await readyz(masterA)) === 200 && (await readyz(masterB)) === 200 ? true : undefined), 10_000, "both masters' /readyz to answer 200 again");
        await eventually(async () => (count("after", okWrite) >= 3 && count("after", okRead) >= 3 ? true : undefined), 10_000, "reads and writes to succeed again");
      } finally {
        loading = false;
        await Promise.all(workers);
      }

      // Every answer was 2xx or 503, in bounded time.
      const bad = outcomes.filter((o) => ![200, 202, 503].includes(o.status) || o.ms > SLOWEST_MS);
      expect(bad).toEqual([]);
      // No write answered 2xx is missing, nor its name.
      const answered = outcomes.filter(okWrite);
      expect(answered.length).toBeGreaterThan(6);
      const rows = await db!.query<{ id: string; display_name: string | null }>("SELECT id, display_name FROM templates WHERE id = ANY($1)", [answered.map((o) => o.templateID)]);
      const stored = new Map(rows.rows.map((r) => [r.id, r.display_name]));
      expect(answered.filter((o) => !stored.has(o.templateID!)).map((o) => o.name)).toEqual([]);
    }), 60_000);

  test("after the restart, a rename through master A is seen by master B: B hears name changes again", () =>
    withOutput(procs, async () => {
      // Both masters' LISTEN connections are back...
      await eventually(
        async () => {
          const r = await db!.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'cubicle-master-names'");
          return r.rows[0]!.n === 2 ? true : undefined;
        },
        10_000,
        "both masters to LISTEN again",
      );
      // ...and B caches again (it does only while it hears changes): it holds the old name.
      const cachedEntries = async () => Number(/^cubicle_name_cache_entries\{kind="positive"\} (\d+)/m.exec((await masterB.api.get("/metrics")).body)?.[1] ?? 0);
      await eventually(
        async () => {
          const found = await masterB.api.get(`/lookup?name=${READY_NAME}`);
          expect({ status: found.status, templateId: found.body?.templateId }).toEqual({ status: 200, templateId: readyId });
          return (await cachedEntries()) > 0 ? true : undefined;
        },
        10_000,
        "master B to cache names again",
      );

      const renamed = `${READY_NAME}-renamed`;
      const r = await masterA.api.post("/display-name", { templateId: readyId, displayName: renamed });
      expect({ status: r.status, displayName: r.body?.displayName }).toEqual({ status: 200, displayName: renamed });

      await eventually(
        async () => {
          const [oldName, newName] = await Promise.all([masterB.api.get(`/lookup?name=${READY_NAME}`), masterB.api.get(`/lookup?name=${renamed}`)]);
          return oldName.status === 404 && newName.status === 200 && newName.body?.templateId === readyId ? true : undefined;
        },
        3_000,
        "master B to see the rename made through master A",
      );
    }), 40_000);
});
