// Upload links and uploads of a build's file sets through the gateway, E2B's way: GET
// /templates/{ref}/files/{hash} answers E2B's TemplateBuildFileUpload (present, or a link at
// the gateway's origin or PUBLIC_URL), and PUT /uploads/{token} takes the file set with no API
// key (the link's token is the credential). Refused uploads (not what the hash names, too
// large, bad or unknown or expired token) store nothing; file sets and links never cross teams.
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { uploadResponseSchema } from "@cubicle/contracts";
// The gateway does not depend on `tar`; master (which reads the archives) does.
import { create as createTar } from "tar";
import { ADMIN_TOKEN, API_KEY, e2bCall, expectGatewayError, expectSchema, makeTeam, rawRequest, useTestGateway, withGateway, type GatewayClient, type Reply, type TestTeam } from "./support.js";

const MAX_BYTES = 16_384;
const UPLOAD_DIR = mkdtempSync(join(tmpdir(), "cubicle-gw-uploads-"));
const ctx = useTestGateway({ gatewayEnv: { ADMIN_TOKEN }, masterEnv: { UPLOAD_MAX_BYTES: String(MAX_BYTES), UPLOAD_DIR } });
afterAll(() => rm(UPLOAD_DIR, { recursive: true, force: true }));

/** A gzip'd tar (or a plain one) of `files` (path → content), made with the `tar` package as E2B's SDK makes it. */
async function tarGz(files: Record<string, string>, gzip = true): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), "cubicle-gw-files-"));
  try {
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), content);
    }
    const top = [...new Set(Object.keys(files).map((p) => p.split("/")[0]!))];
    return await createTar({ cwd: dir, gzip, portable: true }, top).concat();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A fresh files hash: 64 hex characters (E2B's SDK's SHA-256 of a COPY step). */
const newHash = () => randomBytes(32).toString("hex");
const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

const FILES_OP = "/templates/{templateID}/files/{hash}";
const files = (api: GatewayClient, ref: string, hash: string, status = 201) => e2bCall(api, "GET", `/templates/${ref}/files/${hash}`, FILES_OP, status);
/** The upload link for `hash` (it must not be stored yet). */
async function linkFor(api: GatewayClient, ref: string, hash: string): Promise<string> {
  const r = await files(api, ref, hash);
  expect(r.body).toEqual({ present: false, url: expect.any(String) });
  return r.body.url;
}

/** PUT `body` to an upload link as E2B's SDK does: no API key unless `headers` give one. A stream is sent chunked (no Content-Length). */
async function put(url: string, body: Buffer | ReadableStream<Uint8Array>, headers: Record<string, string> = {}): Promise<Reply> {
  const init = { method: "PUT", body, headers: { "content-type": "application/octet-stream", ...headers }, duplex: "half" };
  const res = await fetch(url, init as RequestInit);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}
const stored = (r: Reply, hash: string, bytes: number, status = 201) => {
  expect({ status: r.status, body: r.body }).toEqual({ status, body: { hash, bytes } });
  expectSchema(uploadResponseSchema, r.body);
};

/** Whether master's upload directory holds the team's file set, and any temp file left over. */
const onDisk = (team: string, hash: string) => existsSync(join(UPLOAD_DIR, team, hash));
const tempFiles = () => (existsSync(join(UPLOAD_DIR, ".tmp")) ? readdirSync(join(UPLOAD_DIR, ".tmp")) : []);

let app: string;
let archive: Buffer;

beforeAll(async () => {
  app = (await e2bCall(ctx.api, "POST", "/v3/templates", "/v3/templates", 202, { name: "uploads-app" })).body.templateID;
  archive = await tarGz({ "app/main.py": "print('hello from cubicle')\n", "app/lib/util.py": "X = 1\n".repeat(100) });
});

describe("GET /templates/{ref}/files/{hash}", () => {
  test("a set not stored → 201 {present: false, url} at the gateway's origin with a 43-character token; each ask a new link", async () => {
    const hash = newHash();
    const url = await linkFor(ctx.api, app, hash);
    expect(url).toMatch(new RegExp(`^${ctx.gateway.url}/uploads/[A-Za-z0-9_-]{43}$`));
    expect(await linkFor(ctx.api, "uploads-app", hash)).not.toBe(url);
    // The hash in any letter case names the same set.
    expect((await files(ctx.api, app, hash.toUpperCase())).body.present).toBe(false);
  });

  test("without PUBLIC_URL the link's origin is the one the request came to (its Host)", async () => {
    const r = await rawRequest(ctx.gateway.url, { path: `/templates/${app}/files/${newHash()}`, headers: { "x-api-key": API_KEY, host: "gw.example.test:8080" } });
    expect({ status: r.status, url: r.body.url }).toEqual({ status: 201, url: expect.stringMatching(/^http:\/\/gw\.example\.test:8080\/uploads\/[A-Za-z0-9_-]{43}$/) });
  });

  test("with PUBLIC_URL every link starts with it, and its token works at the gateway", async () => {
    await withGateway({ MASTER_URL: ctx.master.url, PUBLIC_URL: "https://api.example.test/" }, async (gateway) => {
      const hash = newHash();
      const url = await linkFor(gateway.api, app, hash);
      expect(url).toMatch(/^https:\/\/api\.example\.test\/uploads\/[A-Za-z0-9_-]{43}$/);
      stored(await put(url.replace("https://api.example.test", ctx.gateway.url), archive), hash, archive.length);
      expect((await files(gateway.api, app, hash)).body).toEqual({ present: true });
    });
  });

  test("a hash that is not 64 hex characters → 400; an unknown template → 404 template_not_found", async () => {
    for (const hash of ["abc", "g".repeat(64), "a".repeat(63), "a".repeat(65)]) await files(ctx.api, app, hash, 400);
    expectGatewayError(await files(ctx.api, `tpl-${"0".repeat(24)}`, newHash(), 404), 404, "template_not_found");
    expectGatewayError(await files(ctx.api, "no-such-uploads-app", newHash(), 404), 404, "template_not_found");
  });
});

describe("PUT /uploads/{token}", () => {
  test("a tar.gz with no API key → 201 {hash, bytes}; then files says present: true and the same link again → 200 {bytes: 0}", async () => {
    const hash = newHash();
    const url = await linkFor(ctx.api, app, hash);
    stored(await put(url, archive), hash, archive.length);
    expect(onDisk(ctx.master.team, hash)).toBe(true);
    expect((await files(ctx.api, app, hash)).body).toEqual({ present: true });
    stored(await put(url, archive), hash, 0, 200);
  });

  test("a wrong API key is ignored: the token is the credential", async () => {
    const hash = newHash();
    stored(await put(await linkFor(ctx.api, app, hash), archive, { "x-api-key": "not-a-key-of-anyone-0123456789" }), hash, archive.length);
  });

  test("a plain tar, and bytes whose SHA-256 is the hash (a plain content address), are stored too", async () => {
    const tar = await tarGz({ "app/run.sh": "echo hi\n" }, false);
    const tarHash = newHash();
    stored(await put(await linkFor(ctx.api, app, tarHash), tar), tarHash, tar.length);
    const bytes = randomBytes(500);
    const hash = sha256(bytes);
    stored(await put(await linkFor(ctx.api, app, hash), bytes), hash, 500);
  });

  test("an empty body whose hash is the SHA-256 of nothing → 201 {bytes: 0} the first time (stored), 200 after", async () => {
    const hash = sha256(Buffer.alloc(0));
    const url = await linkFor(ctx.api, app, hash);
    stored(await put(url, Buffer.alloc(0)), hash, 0, 201);
    expect((await files(ctx.api, app, hash)).body).toEqual({ present: true });
    stored(await put(url, Buffer.alloc(0)), hash, 0, 200);
  });

  test("bytes that are neither (random, or an archive cut short) → 400 upload_hash_mismatch; nothing is stored", async () => {
    for (const body of [randomBytes(2_000), archive.subarray(0, Math.floor(archive.length / 2))]) {
      const hash = newHash();
      const url = await linkFor(ctx.api, app, hash);
      expectGatewayError(await put(url, body), 400, "upload_hash_mismatch");
      expect((await files(ctx.api, app, hash)).body.present).toBe(false);
      expect(onDisk(ctx.master.team, hash)).toBe(false);
    }
    expect(tempFiles()).toEqual([]);
  });

  test("more than UPLOAD_MAX_BYTES (announced, or streamed without a Content-Length) → 413 payload_too_large; nothing is stored", async () => {
    const big = randomBytes(MAX_BYTES + 1);
    const hash = sha256(big);
    const url = await linkFor(ctx.api, app, hash);
    expectGatewayError(await put(url, big), 413, "payload_too_large");
    const chunks = [big.subarray(0, 10_000), big.subarray(10_000)];
    const stream = new ReadableStream<Uint8Array>({ pull: (c) => (chunks.length ? c.enqueue(chunks.shift()!) : c.close()) });
    expectGatewayError(await put(url, stream), 413, "payload_too_large");
    expect((await files(ctx.api, app, hash)).body.present).toBe(false);
    expect(onDisk(ctx.master.team, hash)).toBe(false);
    expect(tempFiles()).toEqual([]);
    // Exactly the limit is fine.
    const fits = big.subarray(0, MAX_BYTES);
    stored(await put(await linkFor(ctx.api, app, sha256(fits)), fits), sha256(fits), MAX_BYTES);
  });

  test("a token of the wrong shape → 400 invalid_request; an unknown one → 403 upload_link_invalid", async () => {
    for (const token of ["abc", "A".repeat(42), "A".repeat(44), `${"A".repeat(42)}!`]) {
      expectGatewayError(await put(`${ctx.gateway.url}/uploads/${encodeURIComponent(token)}`, archive), 400, "invalid_request");
    }
    expectGatewayError(await put(`${ctx.gateway.url}/uploads/${"A".repeat(43)}`, archive), 403, "upload_link_invalid");
  });

  test("an expired link → 403 upload_link_invalid, and nothing is stored", async () => {
    const hash = newHash();
    const url = await linkFor(ctx.api, app, hash);
    await ctx.db.query("UPDATE upload_links SET expires_at = now() - interval '1 second' WHERE hash = $1", [hash]);
    expectGatewayError(await put(url, archive), 403, "upload_link_invalid");
    expect((await files(ctx.api, app, hash)).body.present).toBe(false);
  });
});

describe("teams", () => {
  let a: TestTeam;
  let b: TestTeam;
  let aApp: string;
  let bApp: string;

  beforeAll(async () => {
    a = await makeTeam(ctx.gateway, "uploads-a");
    b = await makeTeam(ctx.gateway, "uploads-b");
    aApp = (await a.api.post("/v3/templates", { name: "team-files" })).body.templateID;
    bApp = (await b.api.post("/v3/templates", { name: "team-files" })).body.templateID;
  });

  test("another team's template → 404 template_not_found (as a missing one); its public template → 403 forbidden", async () => {
    expectGatewayError(await files(b.api, aApp, newHash(), 404), 404, "template_not_found");
    const readyA = (await a.api.post("/templates", { name: "public-files", image: "alpine:3.20" })).body.templateID;
    expect((await a.api.patch(`/templates/${readyA}`, { public: true })).status).toBe(200);
    expectGatewayError(await files(b.api, readyA, newHash(), 403), 403, "forbidden");
  });

  test("a set one team uploaded is not present for another, even under the same hash, and a link stores for its own team whoever sends it", async () => {
    const hash = newHash();
    const url = await linkFor(a.api, aApp, hash);
    stored(await put(url, archive, { "x-api-key": b.key }), hash, archive.length);
    expect((await files(a.api, aApp, hash)).body).toEqual({ present: true });
    expect(onDisk(a.teamID, hash)).toBe(true);
    expect((await files(b.api, bApp, hash)).body.present).toBe(false);
    expect(onDisk(b.teamID, hash)).toBe(false);
    // B uploads its own: stored apart, and A's link answers 'already stored' for A only.
    stored(await put(await linkFor(b.api, bApp, hash), archive), hash, archive.length);
    stored(await put(url, archive), hash, 0, 200);
  });
});
