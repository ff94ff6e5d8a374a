/**
 * The harness itself: a service it starts is the one tests then talk to. A port picked free
 * and let go of can be taken by another test's server before the service binds it; the
 * service would then die, and whatever held the port would answer in its place.
 */
import { afterAll, describe, expect, test } from "@jest/globals";
import { createServer } from "node:http";
import { closeServer, listenLocally } from "../test-support/http.js";
import { startMasterProcess, stopAllServices } from "./support.js";

afterAll(() => stopAllServices());

describe("starting a service", () => {
  test("on a port another server holds: it fails, saying the service exited, and never takes the other server's answers for the service's", async () => {
    // An impostor answering every request, /readyz included, with 200.
    const impostor = createServer((_req, res) => res.end("{}"));
    const url = await listenLocally(impostor);
    try {
      const port = new URL(url).port;
      await expect(startMasterProcess({ MASTER_PORT: port })).rejects.toThrow(/master exited before it listened[\s\S]*EADDRINUSE/);
    } finally {
      await closeServer(impostor);
    }
  });

  test("without a port named: the OS picks one, and the URL the harness gives is where that very process answers", async () => {
    const master = await startMasterProcess();
    expect(master.port).toBeGreaterThan(0);
    expect(master.url).toBe(`http://127.0.0.1:${master.port}`);
    expect((await fetch(`${master.url}/readyz`)).status).toBe(200);
    await master.stop();
    await expect(fetch(`${master.url}/readyz`)).rejects.toThrow();
  });
});
