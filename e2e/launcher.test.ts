// `pnpm start` (scripts/start.js) on a machine without PostgreSQL: an embedded database,
// migrations, master, and a clean stop of all of them on Ctrl-C.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "@jest/globals";
import { eventually, freePort, isListening, jsonClient, killHard, processGroupAlive, repoRoot, spawnNode, waitForStatus, type Spawned } from "./support.js";

let launcher: Spawned | undefined;
let dataDir: string | undefined;

afterAll(() => {
  // Whatever happened, nothing of the launcher's process group (master included) may survive.
  if (launcher) killHard(launcher.process, true);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("the launcher", () => {
  test(
    "pnpm start runs master on an embedded database when DATABASE_URL is unset",
    async () => {
      dataDir = mkdtempSync(join(tmpdir(), "cubicle-e2e-launcher-"));
      const port = await freePort();
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        CUBICLE_DATA_DIR: dataDir,
        MASTER_PORT: String(port),
        LOG_LEVEL: "warn",
        BUILD_PHASE_DELAY_MS: "50",
      };
      delete env.DATABASE_URL;
      delete env.MASTER_HOST;
      delete env.MASTER_TOKEN;
      // Its own process group, so the afterAll can reach master even if the launcher dies first.
      const started = spawnNode(["scripts/start.js"], { env, cwd: repoRoot, group: true });
      launcher = started;
      const output = () => `\n--- launcher output ---\n${started.output() || "(none)"}`;

      const url = `http://127.0.0.1:${port}`;
      let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
      void started.exited.then((e) => (exited = e));
      await eventually(
        async () => {
          if (exited) throw new Error(`the launcher exited before master was ready (code ${exited.code}, signal ${exited.signal})${output()}`);
          try {
            return (await fetch(`${url}/readyz`)).status === 200 ? true : undefined;
          } catch {
            return undefined;
          }
        },
        60_000,
        "master started by the launcher to be ready",
      ).catch((err: Error) => {
        throw new Error(err.message.includes("--- launcher output ---") ? err.message : err.message + output());
      });
      expect(started.output()).toMatch(/embedded PostgreSQL/);

      try {
        const api = jsonClient(url);
        const created = await api.post("/templates", { displayName: "Launched-Template", image: "alpine:3.20" });
        expect(created.status).toBe(202);
        const ready = await waitForStatus(api, created.body.templateId, ["ready", "failed"], 10_000);
        expect(ready.status).toBe("ready");
        const found = await api.get("/lookup?name=lAUNCHED-tEMPLATE");
        expect({ status: found.status, body: found.body }).toMatchObject({
          status: 200,
          body: { templateId: created.body.templateId, displayName: "Launched-Template", status: "ready" },
        });
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
      // Nor any other process of its group (master runs as the launcher's child).
      expect(processGroupAlive(started.process.pid!)).toBe(false);
    },
    90_000,
  );
});
