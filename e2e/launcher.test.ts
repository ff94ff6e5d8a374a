// `npm start`'s launcher (scripts/start.js) on a machine without PostgreSQL: an embedded database,
// migrations, master and the gateway, and a clean stop of all of them on Ctrl-C.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "@jest/globals";
import { eventually, freePort, isListening, jsonClient, killHard, processGroupAlive, repoRoot, spawnNode, type Spawned } from "./support.js";

const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { devDependencies: { node: string } };

let launcher: Spawned | undefined;
let dataDir: string | undefined;

afterAll(() => {
  // Whatever happened, nothing of the launcher's process group (master included) may survive.
  if (launcher) killHard(launcher.process, true);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("the launcher", () => {
  test(
    "the launcher runs master, a node agent and the gateway on an embedded database when DATABASE_URL is unset",
    async () => {
      dataDir = mkdtempSync(join(tmpdir(), "cubicle-e2e-launcher-"));
      const port = await freePort();
      const gatewayPort = await freePort();
      const agentPort = await freePort();
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        CUBICLE_DATA_DIR: dataDir,
        MASTER_PORT: String(port),
        GATEWAY_PORT: String(gatewayPort),
        AGENT_PORT: String(agentPort),
        AGENT_STATE_FILE: join(dataDir, "node-1.json"),
        LOG_LEVEL: "warn",
        BUILD_PHASE_DELAY_MS: "50",
      };
      delete env.DATABASE_URL;
      delete env.MASTER_HOST;
      delete env.MASTER_TOKEN;
      delete env.API_KEYS;
      delete env.AGENT_TOKEN;
      delete env.AGENT_NODE_ID;
      delete env.GATEWAY_HOST;
      // Its own process group, so the afterAll can reach master even if the launcher dies first.
      const started = spawnNode(["scripts/start.js"], { env, cwd: repoRoot, group: true });
      launcher = started;
      const output = () => `\n--- launcher output ---\n${started.output() || "(none)"}`;

      const url = `http://127.0.0.1:${gatewayPort}`;
      let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
      void started.exited.then((e) => (exited = e));
      await eventually(
        async () => {
          if (exited) throw new Error(`the launcher exited before the gateway was ready (code ${exited.code}, signal ${exited.signal})${output()}`);
          try {
            return (await fetch(`${url}/readyz`)).status === 200 ? true : undefined;
          } catch {
            return undefined;
          }
        },
        60_000,
        "the gateway started by the launcher to be ready",
      ).catch((err: Error) => {
        throw new Error(err.message.includes("--- launcher output ---") ? err.message : err.message + output());
      });
      expect(started.output()).toMatch(/embedded PostgreSQL/);
      // Both services run on the Node the repo pins (as does this test, started by `npm test`).
      const pinned = `v${manifest.devDependencies.node}`;
      expect(process.version).toBe(pinned);
      for (const service of ["master", "node-agent", "gateway"]) expect(started.output()).toContain(`${service} runs on Node ${pinned} `);

      try {
        // Without API_KEYS the gateway made a key and printed it once; master wants a token
        // only the launcher and the gateway know.
        const printed = started.output().match(/X-API-Key: (\S+)/g) ?? [];
        expect(printed).toHaveLength(1);
        const apiKey = printed[0]!.slice("X-API-Key: ".length);
        expect((await fetch(`${url}/templates`)).status).toBe(401);
        expect((await fetch(`http://127.0.0.1:${port}/templates`)).status).toBe(401);

        const api = jsonClient(url, { "x-api-key": apiKey });
        const created = await api.post("/templates", { name: "Launched-Template", image: "alpine:3.20" });
        expect(created.status).toBe(202);
        await eventually(async () => ((await api.get("/templates/launched-template")).body?.buildStatus === "ready" ? true : undefined), 10_000, "the build");
        const found = await api.get("/templates/lookup?name=lAUNCHED-tEMPLATE");
        expect({ status: found.status, body: found.body }).toEqual({
          status: 200,
          body: { templateID: created.body.templateID, buildID: created.body.buildID, names: ["Launched-Template"], buildStatus: "ready" },
        });
        // A sandbox runs on the launcher's node agent, which only master may call.
        const sandbox = await api.post("/sandboxes", { templateID: "launched-template" });
        expect({ status: sandbox.status, clientID: sandbox.body.clientID }).toEqual({ status: 201, clientID: "node-1" });
        expect((await fetch(`http://127.0.0.1:${agentPort}/sandboxes`)).status).toBe(401);
      } catch (err) {
        if (err instanceof Error) err.message += output();
        throw err;
      }

      // Ctrl-C: the launcher stops master and the embedded database, then exits 0.
      const stoppedAt = Date.now();
      const result = await started.stop("SIGINT", 10_000);
      expect({ ...result, output: result.code === 0 ? "" : started.output() }).toEqual({ code: 0, signal: null, output: "" });
      expect(Date.now() - stoppedAt).toBeLessThan(10_000);
      expect(await isListening(port)).toBe(false);
      expect(await isListening(gatewayPort)).toBe(false);
      expect(await isListening(agentPort)).toBe(false);
      // Nor any other process of its group (the services run as the launcher's children).
      expect(processGroupAlive(started.process.pid!)).toBe(false);
    },
    90_000,
  );
});
