import { describe, expect, test } from "@jest/globals";
import { createServer } from "node:http";
import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { answerMalformedRequests, gracefulStop } from "./http-server.js";
import { listenLocally } from "../../../test-support/http.js";

async function listen(handler: Parameters<typeof createServer>[1]) {
  const server = createServer(handler);
  const stop = gracefulStop(server);
  return { server, stop, url: await listenLocally(server) };
}

describe("gracefulStop", () => {
  test("ends after a caller abandoned a request, with keep-alive connections open (Node's close() alone waits for good)", async () => {
    const { stop, url } = await listen((req, res) => {
      if (req.url === "/slow") return void setTimeout(() => res.end("late"), 300);
      res.end("ok");
    });
    await fetch(`${url}/fast`).then((r) => r.text());
    await expect(fetch(`${url}/slow`, { signal: AbortSignal.timeout(50) })).rejects.toThrow();
    await fetch(`${url}/fast`).then((r) => r.text());
    await sleep(400);
    const started = Date.now();
    await stop(5_000);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test("lets a request in flight finish before closing", async () => {
    const { stop, url } = await listen((_req, res) => void setTimeout(() => res.end("done"), 200));
    const answer = fetch(url).then((r) => r.text());
    await sleep(50);
    await stop(5_000);
    await expect(answer).resolves.toBe("done");
  });

  test("does not wait past the grace period for a request that never ends", async () => {
    const { stop, url } = await listen(() => undefined);
    const hung = fetch(url).catch(() => "cut");
    await sleep(50);
    const started = Date.now();
    await stop(200);
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(hung).resolves.toBe("cut");
  });
});

describe("answerMalformedRequests", () => {
  async function rawExchange(text: string): Promise<string> {
    const server = createServer((_req, res) => res.end("ok"));
    answerMalformedRequests(server);
    const port = Number(new URL(await listenLocally(server)).port);
    try {
      return await new Promise<string>((resolve, reject) => {
        const socket = connect(port, "127.0.0.1", () => socket.end(text));
        let got = "";
        socket.on("data", (c) => (got += c));
        socket.on("close", () => resolve(got));
        socket.on("error", reject);
      });
    } finally {
      server.close();
    }
  }

  test("a URL over Node's header limit → 431 headers_too_large in the catalogue's shape", async () => {
    const answer = await rawExchange(`GET /${"x".repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    const body = JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4));
    expect(body).toMatchObject({ code: 431, error_code: "headers_too_large", requestId: expect.any(String) });
  });

  test("malformed HTTP → 400 invalid_request in the catalogue's shape", async () => {
    const answer = await rawExchange("NONSENSE\r\n\r\n");
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4))).toMatchObject({ code: 400, error_code: "invalid_request" });
  });
});
