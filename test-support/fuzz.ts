/**
 * Property-based fuzzing of a service's HTTP boundary with fast-check: generated requests
 * (paths, queries, bodies, headers) that mix valid values with what breaks services (NUL,
 * lone surrogates, prototype keys, huge and odd numbers, wrong types, encodings) and the
 * invariants every answer must keep. Each service's fuzz test supplies its routes.
 *
 * Runs are seeded: `FUZZ_SEED` replays a run (fast-check prints the seed and the shrunk
 * case of a failure), `FUZZ_RUNS` scales every property's number of runs.
 */
import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { ERROR_STATUS } from "@cubicle/contracts";

export const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
const SCALE = process.env.FUZZ_RUNS_SCALE ? Number(process.env.FUZZ_RUNS_SCALE) : 1;

/** fast-check's options for a property of `runs` runs, with the run's seed. */
const fuzzOptions = (runs: number) => ({ numRuns: Math.max(1, Math.round(runs * SCALE)), seed: FUZZ_SEED, endOnFailure: false });

// ---- values ---------------------------------------------------------------------------------

/** Strings a service sees in the wild, and the ones that break naive code. */
const nasty = fc.constantFrom(
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "\udc00\ud800",
  "🙂",
  "é",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "tags",
  "lookup",
  "aliases",
  "metrics",
  "tpl-",
  "TPL-0123456789abcdef01234567",
  "tpl-0123456789abcdef01234567",
  "snap-1",
  "my-app:v1",
  "team/my-app",
  "../..",
  "%00",
  "%ZZ",
  "%",
  "a%2Fb",
  "null",
  "true",
  "0",
  "-1",
  "1e309",
  "NaN",
  "2026-02-30T25:61:61Z",
  "9999-12-31T23:59:59.999Z",
  "0000-01-01T00:00:00Z",
  "2026-11-30T23:59:60Z",
  "running,paused",
  "fast",
  "strong",
  "'; DROP TABLE templates; --",
  "<script>",
  "\r\n",
  "\t",
);

/** Inserts NUL or a lone surrogate somewhere in `s` (what the database cannot store). */
const poisoned = fc.tuple(fc.string({ maxLength: 12 }), fc.constantFrom("\u0000", "\ud800", "\udfff", "\ud83d"), fc.nat()).map(([s, bad, at]) => {
  const i = s.length === 0 ? 0 : at % (s.length + 1);
  return s.slice(0, i) + bad + s.slice(i);
});

/** Any string: short and long, ASCII, unicode, poisoned, and the nasty list. */
export const anyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
  { weight: 3, arbitrary: nasty },
  { weight: 2, arbitrary: poisoned },
  { weight: 1, arbitrary: fc.nat({ max: 20_000 }).map((n) => "x".repeat(n)) },
);

/** Numbers at and around every boundary a field might have. */
export const anyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.integer({ min: -2, max: 1100 }),
  fc.constantFrom(0, -0, 1, 63, 64, 65, 127, 128, 129, 262_144, 262_145, 86_400, 86_401, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, 1.5, 0.1),
  fc.double(),
);

/** Any JSON value built from those strings and numbers, a few levels deep. */
const anyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    anyString,
    anyNumber,
    fc.boolean(),
    fc.constant(null),
    tie("array"),
    tie("object"),
  ),
  array: fc.array(tie("value"), { maxLength: 4 }),
  object: fc.dictionary(anyString, tie("value"), { maxKeys: 4 }),
})).value;

/** A JSON object of string pairs, as metadata: mostly fine, sometimes not. */
export const anyStringMap: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fc.string({ unit: "grapheme", minLength: 1, maxLength: 10 }), fc.string({ unit: "grapheme", maxLength: 10 }), { maxKeys: 4 }) },
  { weight: 2, arbitrary: fc.dictionary(anyString, fc.oneof(anyString, anyNumber, fc.constant(null)), { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.nat({ max: 80 }).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]))) },
);

/** An integer within [min, max] mostly, any number now and then. */
export const between = (min: number, max: number): fc.Arbitrary<number> => fc.oneof({ weight: 4, arbitrary: fc.integer({ min, max }) }, { weight: 1, arbitrary: anyNumber });

/** A whole number as a query string, or anything. */
export const intString: fc.Arbitrary<string> = fc.oneof(fc.nat({ max: 2000 }).map(String), anyString);

/** A display name (`<prefix>-…`), or anything. */
export const nameOrAny = (prefix: string): fc.Arbitrary<string> =>
  fc.oneof({ weight: 3, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/).map((s) => `${prefix}-${s}`) }, { weight: 1, arbitrary: anyString });

/** A container image (one that fails to build among them), or anything. */
export const imageOrAny: fc.Arbitrary<string> = fc.oneof({ weight: 3, arbitrary: fc.constantFrom("alpine:3.20", "alpine:fail", "ghcr.io/org/app:1.0") }, { weight: 1, arbitrary: anyString });

/** A fast-mode sandbox id's form: 32 lower-case hex characters. */
export const hex32: fc.Arbitrary<string> = fc.stringMatching(/^[0-9a-f]{32}$/);

/**
 * An object built from `fields`: each field is left out, given one of its good values, or
 * given anything; sometimes an unknown field is added.
 */
export function bodyOf(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.entries(fields).map(([name, good]) =>
    fc.oneof({ weight: 8, arbitrary: good.map((v) => [name, v] as const) }, { weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: anyJson.map((v) => [name, v] as const) }),
  );
  return fc
    .tuple(fc.tuple(...entries), fc.oneof({ weight: 11, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.tuple(anyString, anyJson) }))
    .map(([chosen, extra]) => {
      const body: Record<string, unknown> = {};
      for (const entry of chosen) if (entry) Object.defineProperty(body, entry[0], { value: entry[1], enumerable: true, writable: true, configurable: true });
      if (extra) Object.defineProperty(body, extra[0], { value: extra[1], enumerable: true, writable: true, configurable: true });
      return body;
    });
}

// ---- requests -----------------------------------------------------------------------------

export interface FuzzRequest {
  method: string;
  /** The path, already percent-encoded where it needs to be. */
  path: string;
  /** Query pairs, encoded into the URL as given (raw) or with encodeURIComponent. */
  query: [string, string][];
  rawQuery: boolean;
  headers: Record<string, string>;
  /** The body's text, and the JSON it was made from (when it was). */
  body?: string | undefined;
  json?: unknown;
}

/**
 * encodeURIComponent that also takes a lone surrogate, sending its three bytes as the
 * generalised UTF-8 form (%ED%A0%80 for U+D800): invalid UTF-8, as a hostile client can send.
 */
function encodeLoose(s: string): string {
  return s.replace(/[\uD800-\uDFFF]/gu, (u) => {
    const c = u.charCodeAt(0);
    return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join("");
  }).replace(/[^%]+/g, (part) => encodeURIComponent(part));
}

/** A path segment: a good value, or anything (percent-encoded, or raw when it is safe in a URL). */
export function segment(good: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: good.map(encodeLoose) },
    { weight: 2, arbitrary: anyString.filter((s) => s.length > 0 && s.length < 300).map(encodeLoose) },
    { weight: 1, arbitrary: fc.constantFrom("%00", "%ZZ", "%E0%A4%A", "%ED%A0%80", "..", ".", "%2F", "a%2Fb", "tags", "metrics") },
  );
}

/** Query pairs: known keys with good or any values, unknown keys, repeats. */
export function queryOf(keys: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<[string, string][]> {
  const known = Object.entries(keys).map(([k, good]) => fc.tuple(fc.constant(k), fc.oneof({ weight: 2, arbitrary: good }, { weight: 1, arbitrary: anyString })));
  const pair = known.length > 0 ? fc.oneof({ weight: 4, arbitrary: fc.oneof(...known) }, { weight: 1, arbitrary: fc.tuple(anyString, anyString) }) : fc.tuple(anyString, anyString);
  return fc.array(pair, { maxLength: 5 });
}

const contentTypes = fc.oneof(
  { weight: 8, arbitrary: fc.constant("application/json") },
  { weight: 1, arbitrary: fc.constantFrom("application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "application/merge-patch+json", "application/json; charset=latin1", "") },
);

/** A request with a JSON body made by `body` (or, now and then, a body that is not JSON at all). */
export function jsonRequest(method: string, path: fc.Arbitrary<string>, body: fc.Arbitrary<unknown>, extraHeaders: fc.Arbitrary<Record<string, string>> = fc.constant({})): fc.Arbitrary<FuzzRequest> {
  const text = fc.oneof(
    { weight: 12, arbitrary: body.map((json) => ({ body: JSON.stringify(json), json })) },
    { weight: 1, arbitrary: fc.constantFrom("{", "", "null", "[]", '"x"', "{\"a\":1}}", "\u0000").map((b) => ({ body: b, json: undefined })) },
    { weight: 1, arbitrary: fc.nat({ max: 70_000 }).map((n) => ({ body: JSON.stringify({ x: "y".repeat(n) }), json: undefined })) },
  );
  return fc.record({ path, text, type: contentTypes, extra: extraHeaders }).map(({ path, text, type, extra }) => ({
    method,
    path,
    query: [],
    rawQuery: false,
    headers: { ...(type ? { "content-type": type } : {}), ...extra },
    body: text.body,
    json: text.json,
  }));
}

/** A request without a body. */
export function bodilessRequest(method: string, path: fc.Arbitrary<string>, query: fc.Arbitrary<[string, string][]> = fc.constant([])): fc.Arbitrary<FuzzRequest> {
  return fc.record({ path, query, rawQuery: fc.boolean() }).map(({ path, query, rawQuery }) => ({ method, path, query, rawQuery, headers: {} }));
}

/** Any method on any path: made-up paths, and the service's own with odd methods. */
export function strayRequest(knownPaths: string[]): fc.Arbitrary<FuzzRequest> {
  const path = fc.oneof(
    fc.array(segment(fc.string({ minLength: 1, maxLength: 8 })), { minLength: 1, maxLength: 5 }).map((parts) => `/${parts.join("/")}`),
    fc.constantFrom(...knownPaths),
    fc.constantFrom(...knownPaths).chain((p) => segment(fc.constantFrom("x", "tags", "metrics", "logs")).map((s) => `${p}/${s}`)),
  );
  return fc.record({ method: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"), path, query: queryOf({}) }).map(({ method, path, query }) => ({
    method,
    path,
    query,
    rawQuery: false,
    headers: {},
  }));
}

function urlOf(req: FuzzRequest): string {
  if (req.query.length === 0) return req.path;
  const enc = (s: string) => (req.rawQuery ? s.replace(/[#&=\s]/g, encodeURIComponent) : encodeLoose(s));
  return `${req.path}?${req.query.map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&")}`;
}

export function describeRequest(req: FuzzRequest): string {
  return `${req.method} ${urlOf(req)} ${JSON.stringify(req.headers)} ${req.body === undefined ? "" : req.body.slice(0, 300)}`;
}

// ---- answers --------------------------------------------------------------------------------

export interface FuzzAnswer {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

/** Sends `req` with fetch (which refuses only what HTTP cannot carry: those are skipped). */
async function send(baseUrl: string, req: FuzzRequest, auth: Record<string, string>): Promise<FuzzAnswer | undefined> {
  let res: Response;
  try {
    res = await fetch(baseUrl + urlOf(req), {
      method: req.method,
      headers: { ...auth, ...req.headers },
      ...(req.body !== undefined && req.method !== "GET" && req.method !== "HEAD" && { body: req.body }),
    });
  } catch (err) {
    // fetch refuses to send some URLs and header values (a TypeError of its own, or undici's
    // UND_ERR_INVALID_ARG for a header with a control character): the service never saw them.
    // Any other "fetch failed" is the network, and a service that dropped the connection
    // fails the run. (Checked by name: Jest's test realm has its own TypeError.)
    const e = err as Error & { cause?: { code?: string } };
    if (e.name === "TypeError" && (e.message !== "fetch failed" || e.cause?.code === "UND_ERR_INVALID_ARG")) return undefined;
    throw err;
  }
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, text, body };
}

/** Fails unless the answer keeps the invariants every answer keeps. */
function checkAnswer(req: FuzzRequest, answer: FuzzAnswer): void {
  const where = () => `${describeRequest(req)}\n→ ${answer.status} ${answer.text.slice(0, 500)}`;
  // (A HEAD has no body to say so: its GET is the operation that is not implemented.)
  const isNotImplemented = answer.status === 501 && (req.method === "HEAD" || (answer.body as { error_code?: string } | undefined)?.error_code === "not_implemented");
  if (answer.status >= 500 && !isNotImplemented) throw new Error(`a 5xx: ${where()}`);
  if (answer.status < 400 || req.method === "HEAD") return;
  const body = answer.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== "object") throw new Error(`an error without a JSON body: ${where()}`);
  const code = body.error_code as keyof typeof ERROR_STATUS;
  if (!Object.hasOwn(ERROR_STATUS, code) || ERROR_STATUS[code] !== answer.status || body.code !== answer.status) throw new Error(`an error outside the catalogue: ${where()}`);
  if (typeof body.message !== "string" || typeof body.requestId !== "string" || body.requestId === "") throw new Error(`a malformed error body: ${where()}`);
  if (body.message.length > 600) throw new Error(`an error message that echoes too much (${body.message.length} characters): ${where()}`);
  for (const leak of [/127\.0\.0\.1/, /localhost/, /postgres/i, /prisma/i, /\bat .+\.(ts|js):\d+/, /SELECT |INSERT |UPDATE /]) {
    if (leak.test(answer.text)) throw new Error(`an error that leaks internals (${leak}): ${where()}`);
  }
}

// ---- a run ---------------------------------------------------------------------------------

/**
 * Sends generated requests to one service and checks every answer (`checkAnswer`), then lets
 * the service's test read back what an answer says was created (`readBack`, which counts
 * what it checked in `counts.created` / `counts.readBack`). `expectCoverage` at the end fails
 * a run that never reached the service or never created anything.
 */
export function createFuzzer(target: { url: () => string; auth?: Record<string, string>; readBack(req: FuzzRequest, answer: FuzzAnswer): Promise<void> }) {
  const counts = { requests: 0, created: 0, readBack: 0 };
  let planned = 0;
  const property = (requests: fc.Arbitrary<FuzzRequest>) =>
    fc.asyncProperty(requests, async (req) => {
      const answer = await send(target.url(), req, target.auth ?? {});
      if (!answer) return;
      counts.requests++;
      checkAnswer(req, answer);
      await target.readBack(req, answer);
    });
  return {
    counts,
    /** `runs` generated requests (scaled by FUZZ_RUNS_SCALE), with the run's seed. */
    async run(requests: fc.Arbitrary<FuzzRequest>, runs: number): Promise<void> {
      const options = fuzzOptions(runs);
      planned += options.numRuns;
      await fc.assert(property(requests), options);
    },
    /** Fails unless most requests reached the service (fetch refuses to send a few) and some created something, all read back. */
    coverage(): { reached: boolean; created: boolean; allReadBack: boolean } {
      return { reached: counts.requests > planned * 0.9, created: counts.created > planned / 500, allReadBack: counts.readBack === counts.created };
    },
  };
}

/**
 * A service's fuzz suite: one test per group of generated requests (`runs` of each, scaled by
 * FUZZ_RUNS_SCALE), then one that checks the runs reached the service and created things.
 * The title carries the run's seed.
 */
export function describeFuzzing(subject: string, fuzzer: ReturnType<typeof createFuzzer>, groups: { title: string; requests: fc.Arbitrary<FuzzRequest>; runs: number }[]): void {
  describe(`${subject} under generated requests (FUZZ_SEED=${FUZZ_SEED})`, () => {
    for (const { title, requests, runs } of groups) {
      test(title, () => fuzzer.run(requests, runs), 180_000);
    }
    test("the runs reached the service and created things, each read back as sent", () => {
      expect(fuzzer.coverage()).toEqual({ reached: true, created: true, allReadBack: true });
    });
  });
}
