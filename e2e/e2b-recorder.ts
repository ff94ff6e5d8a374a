/**
 * A recording proxy in front of the gateway, for tests that drive E2B's own clients (SDK,
 * CLI): point the client's API URL at `recorder.url`, and every request it makes reaches the
 * gateway unchanged while the recorder keeps what the gateway answered. `check()` then
 * validates each recorded body against E2B's schema for its operation (`expectE2bResponse`,
 * from E2B's API description), so a test sees both what the client made of an answer and
 * that the answer itself is what E2B's description promises.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import { expectE2bResponse } from "../test-support/e2b-schema.js";
import { closeServer, listenLocally } from "../test-support/http.js";

/** One request the client made and what the gateway answered. */
export interface Exchange {
  method: string;
  /** The path without its query. */
  path: string;
  query: string;
  status: number;
  /** The answer's JSON, its text when it is not JSON, undefined when empty. */
  body: unknown;
  /** E2B's operation (`METHOD /path/{param}`), when the path is one of `E2B_OPERATIONS`. */
  operation?: string;
}

/**
 * The E2B operations these tests drive, as E2B's description writes their paths: literal
 * paths before those whose parameter would take the same position.
 */
export const E2B_OPERATIONS: readonly string[] = [
  "GET /sandboxes/metrics",
  "GET /sandboxes",
  "POST /sandboxes",
  "GET /v2/sandboxes",
  "POST /v2/sandboxes",
  "GET /sandboxes/{sandboxID}",
  "DELETE /sandboxes/{sandboxID}",
  "GET /sandboxes/{sandboxID}/metrics",
  "GET /sandboxes/{sandboxID}/logs",
  "GET /v2/sandboxes/{sandboxID}/logs",
  "POST /sandboxes/{sandboxID}/pause",
  "POST /sandboxes/{sandboxID}/resume",
  "POST /sandboxes/{sandboxID}/connect",
  "POST /v2/sandboxes/{sandboxID}/connect",
  "POST /sandboxes/{sandboxID}/timeout",
  "POST /sandboxes/{sandboxID}/refreshes",
  "GET /templates/aliases/{alias}",
  "GET /templates",
  "GET /v2/templates",
  "GET /templates/{templateID}",
  "PATCH /templates/{templateID}",
  "PATCH /v2/templates/{templateID}",
];

/**
 * Operations E2B's SDK 2.51 uses that the description (at the commit copied) does not hold:
 * the SDK's own typed client (`e2b/dist/index.d.mts`) gives each the answers of the older
 * operation named here (a `Sandbox`, and E2B's `Error`), so they are checked against that one.
 */
const SCHEMA_OF: Record<string, string> = {
  "POST /v2/sandboxes": "POST /sandboxes",
  "POST /v2/sandboxes/{sandboxID}/connect": "POST /sandboxes/{sandboxID}/connect",
};

const matchers = E2B_OPERATIONS.map((operation) => {
  const [method, template] = operation.split(" ") as [string, string];
  const pattern = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+");
  return { operation, method, regex: new RegExp(`^${pattern}$`) };
});

/** The E2B operation a request is, if it is one of `E2B_OPERATIONS`. */
export function e2bOperationOf(method: string, path: string): string | undefined {
  return matchers.find((m) => m.method === method.toUpperCase() && m.regex.test(path))?.operation;
}

/** Headers not to pass on as they are (the hop's own, and those `fetch` already undid). */
const HOP_HEADERS = new Set(["host", "connection", "content-length", "transfer-encoding", "keep-alive", "content-encoding"]);

export interface Recorder {
  /** Where the client should send its API requests. */
  url: string;
  /** Everything recorded since the last `check()` (or the start). */
  exchanges(): Exchange[];
  /**
   * Throws unless every exchange recorded since the last call has a body valid against E2B's
   * schema for its operation and status; answers the operations seen (in order), and forgets
   * them. An exchange outside `E2B_OPERATIONS` fails the check too: the test should know it.
   */
  check(): string[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export async function startRecorder(target: string): Promise<Recorder> {
  let recorded: Exchange[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", target);
      const body = await readBody(req);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined || HOP_HEADERS.has(name)) continue;
        headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
      const method = (req.method ?? "GET").toUpperCase();
      const answer = await fetch(url, { method, headers, body: body.length > 0 ? body : undefined });
      const text = await answer.text();
      let parsed: unknown = text === "" ? undefined : text;
      try {
        parsed = text === "" ? undefined : JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      recorded.push({ method, path: url.pathname, query: url.search, status: answer.status, body: parsed, operation: e2bOperationOf(method, url.pathname) });
      const out: Record<string, string> = {};
      answer.headers.forEach((value, name) => {
        if (!HOP_HEADERS.has(name)) out[name] = value;
      });
      res.writeHead(answer.status, out);
      res.end(text);
    })().catch((err: Error) => {
      res.writeHead(502, { "content-type": "text/plain" });
      res.end(`recorder: ${err.message}`);
    });
  });
  const url = await listenLocally(server);
  return {
    url,
    exchanges: () => [...recorded],
    check() {
      const seen = recorded;
      recorded = [];
      const problems: string[] = [];
      for (const x of seen) {
        const where = `${x.method} ${x.path}${x.query} → ${x.status}`;
        if (x.operation === undefined) {
          problems.push(`${where}: not one of the E2B operations this recorder knows`);
          continue;
        }
        try {
          const described = SCHEMA_OF[x.operation] ?? x.operation;
          expectE2bResponse(x.method, described.slice(x.method.length + 1), x.status, x.body);
        } catch (err) {
          problems.push(`${where}: ${(err as Error).message}`);
        }
      }
      if (problems.length > 0) throw new Error(`responses that are not what E2B's description says:\n${problems.join("\n\n")}`);
      return seen.map((x) => x.operation!);
    },
    close: () => closeServer(server),
  };
}
