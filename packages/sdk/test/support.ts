// The SDK against a real gateway (and master, node agent, Postgres) started by the gateway's
// test support: a client of it, and a fetch that records what the SDK sent and got.
import { Cubicle, type CubicleOptions } from "../src/index.js";
import { API_KEY } from "../../../services/gateway/test/support.js";

export { ADMIN_TOKEN, API_KEY, startTestGateway, useTestGateway, waitForGatewayBuild, type TestGateway } from "../../../services/gateway/test/support.js";

/** A client of the gateway at `url` with the test API key and quick retries, unless `options` say otherwise. */
export function sdkOf(url: string, options: Omit<CubicleOptions, "apiUrl"> = {}): Cubicle {
  return new Cubicle({ apiUrl: url, apiKey: API_KEY, retry: { minDelayMs: 1, maxDelayMs: 5 }, ...options });
}

export interface Exchange {
  method: string;
  path: string;
  idempotencyKey: string | null;
  status: number | "no answer";
}

/**
 * The real fetch, recording each exchange. `drop(n)` makes the answer to the n-th request
 * (0-based) go missing after the gateway has carried it out, as a connection that breaks
 * on the way back would.
 */
export function recordingFetch(drop: (n: number, exchange: Exchange) => boolean = () => false): { fetch: typeof fetch; exchanges: Exchange[] } {
  const exchanges: Exchange[] = [];
  const recording = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input));
    const exchange: Exchange = { method: init.method ?? "GET", path: url.pathname + url.search, idempotencyKey: new Headers(init.headers).get("idempotency-key"), status: "no answer" };
    const n = exchanges.push(exchange) - 1;
    const response = await fetch(input, init);
    if (drop(n, exchange)) {
      await response.arrayBuffer();
      throw new TypeError("fetch failed");
    }
    exchange.status = response.status;
    return response;
  };
  return { fetch: recording as typeof fetch, exchanges };
}
