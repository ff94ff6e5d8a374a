// Master's upload links and uploads of the file sets a build's COPY steps use: GET
// /templates/:id/files/:hash answers whether the team's set is stored or gives a link's
// token; PUT /uploads/:token stores a tar/tar.gz archive, or bytes whose SHA-256 is the hash,
// all or nothing (too large, cut short, not what the hash names: nothing is stored); links
// expire; a COPY step lists the stored archive's files, and fails for a set never uploaded.
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { create as createTar } from "tar";
import { eventually, expectErrorShape, startTestMaster, useTestMaster, waitForBuild } from "./support.js";
import type { JsonClient } from "../../../test-support/http.js";

const uploadDir = mkdtempSync(join(tmpdir(), "hm-uploads-"));
const MAX_BYTES = 1024;
const ctx = useTestMaster({ env: { UPLOAD_DIR: uploadDir, UPLOAD_MAX_BYTES: String(MAX_BYTES) } });
const api = () => ctx.master.api;
afterAll(() => rmSync(uploadDir, { recursive: true, force: true }));

/** A tar.gz of `files` (path → content), made with the tar package as E2B's SDK makes its sets. */
function archive(files: Record<string, string>): Buffer {
  const src = mkdtempSync(join(tmpdir(), "hm-set-"));
  try {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(src, "in", path)), { recursive: true });
      writeFileSync(join(src, "in", path), content);
    }
    const file = join(src, "set.tar.gz");
    createTar({ gzip: true, cwd: join(src, "in"), file, sync: true, portable: true }, [...new Set(Object.keys(files).map((p) => p.split("/")[0]!))]);
    return readFileSync(file);
  } finally {
    rmSync(src, { recursive: true, force: true });
  }
}

const newHash = () => randomBytes(32).toString("hex");
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const filesOf = (templateId: string, hash: string, client: JsonClient = api()) => client.get(`/templates/${templateId}/files/${hash}`);
const storedAt = (hash: string, team = ctx.master.team) => join(uploadDir, team, hash);
/** Nothing of a refused upload is left: not stored, no temp file, and the set is still missing. */
async function expectNothingStored(hash: string): Promise<void> {
  expect(existsSync(storedAt(hash))).toBe(false);
  await eventually(async () => (!existsSync(join(uploadDir, ".tmp")) || readdirSync(join(uploadDir, ".tmp")).length === 0 ? true : undefined), 2_000, "no temp file left");
  expect((await filesOf(templateId, hash)).body).toMatchObject({ present: false });
}

async function put(token: string, body: Buffer, url = ctx.master.url): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}/uploads/${token}`, { method: "PUT", body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function tokenFor(hash: string, client: JsonClient = api(), id = templateId): Promise<string> {
  const r = await filesOf(id, hash, client);
  if (r.status !== 200 || r.body.present !== false) throw new Error(`files/${hash} answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body.token as string;
}

/** A PUT by node:http: `send` writes (part of) the body; resolves with the answer or the connection's error. */
function rawPut(token: string, headers: Record<string, string>, send: (req: ReturnType<typeof httpRequest>) => void): Promise<{ status: number; body: any } | { error: string }> {
  return new Promise((resolve) => {
    const req = httpRequest(`${ctx.master.url}/uploads/${token}`, { method: "PUT", headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
        req.destroy();
      });
      res.on("error", (err) => resolve({ error: (err as NodeJS.ErrnoException).code ?? err.message }));
    });
    req.on("error", (err) => resolve({ error: (err as NodeJS.ErrnoException).code ?? err.message }));
    send(req);
  });
}

let templateId: string;
let other: JsonClient;
beforeAll(async () => {
  templateId = (await api().post("/template-builds", { displayName: "up-main" })).body.template.templateId;
  other = ctx.master.as((await api().post("/teams", { slug: "hm-uploads-other" })).body.teamId);
});

const app = { "app/main.py": 'print("hello from main.py")\n', "app/lib/util.py": "x = 1\n" };

describe("GET /templates/:id/files/:hash and PUT /uploads/:token", () => {
  test("a missing set → present:false with a token and its expiry; its archive PUT → 201, then present:true, and PUT again → 200 bytes 0", async () => {
    const hash = newHash();
    const link = await filesOf(templateId, hash);
    expect(link.status).toBe(200);
    expect(link.body).toEqual({ present: false, token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), expiresAt: expect.any(String) });
    expect(Date.parse(link.body.expiresAt)).toBeGreaterThan(Date.now());
    const tarball = archive(app);
    expect(tarball.length).toBeLessThan(MAX_BYTES);
    const stored = await put(link.body.token, tarball);
    expect(stored).toEqual({ status: 201, body: { hash, bytes: tarball.length, stored: true } });
    expect(readFileSync(storedAt(hash)).equals(tarball)).toBe(true);
    expect((await filesOf(templateId, hash)).body).toEqual({ present: true });
    expect((await filesOf(templateId, hash.toUpperCase())).body).toEqual({ present: true });
    expect(await put(link.body.token, tarball)).toEqual({ status: 200, body: { hash, bytes: 0, stored: false } });
  });

  test("bytes whose SHA-256 is the hash (not an archive) → 201, stored as sent", async () => {
    const bytes = Buffer.from("any content at all, named by its own SHA-256\n");
    const hash = sha256(bytes);
    expect(await put(await tokenFor(hash), bytes)).toEqual({ status: 201, body: { hash, bytes: bytes.length, stored: true } });
    expect(readFileSync(storedAt(hash)).equals(bytes)).toBe(true);
  });

  test("bytes that are neither an archive nor what the hash names → 400 upload_hash_mismatch, nothing stored", async () => {
    const hash = newHash();
    const r = await put(await tokenFor(hash), Buffer.from("garbage, not a tar archive"));
    expectErrorShape(r, 400, "upload_hash_mismatch");
    await expectNothingStored(hash);
  });

  test("an archive cut short → 400 upload_hash_mismatch, nothing stored", async () => {
    const hash = newHash();
    const whole = archive(app);
    expectErrorShape(await put(await tokenFor(hash), whole.subarray(0, Math.floor(whole.length / 2))), 400, "upload_hash_mismatch");
    await expectNothingStored(hash);
  });

  test("a Content-Length above UPLOAD_MAX_BYTES → 413 payload_too_large before any of the body is read", async () => {
    const hash = newHash();
    // Only the headers are sent: the answer comes without the body.
    const r = await rawPut(await tokenFor(hash), { "content-length": String(MAX_BYTES * 1000) }, (req) => req.flushHeaders());
    expectErrorShape(r as { status: number; body: any }, 413, "payload_too_large");
    await expectNothingStored(hash);
  });

  test("a chunked body (no Content-Length) that goes over UPLOAD_MAX_BYTES → 413 payload_too_large, nothing stored", async () => {
    const hash = newHash();
    const r = await rawPut(await tokenFor(hash), { "transfer-encoding": "chunked" }, (req) => {
      for (let i = 0; i < 4; i++) req.write(Buffer.alloc(MAX_BYTES / 2, i));
      req.end();
    });
    expectErrorShape(r as { status: number; body: any }, 413, "payload_too_large");
    await expectNothingStored(hash);
  });

  test("a body shorter than its Content-Length, then the end of the connection → 400 (not valid HTTP, or upload_incomplete) or no answer, nothing stored", async () => {
    const hash = newHash();
    const token = await tokenFor(hash);
    const { port } = new URL(ctx.master.url);
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(Number(port), "127.0.0.1", () => {
        socket.write(`PUT /uploads/${token} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 500\r\n\r\n`);
        socket.end(Buffer.alloc(200, 7));
      });
      let text = "";
      socket.setEncoding("utf8");
      socket.on("data", (c: string) => (text += c));
      socket.on("close", () => resolve(text));
      socket.on("error", () => undefined);
    });
    await expectNothingStored(hash);
    // The connection may end unanswered. An answer is a 400: Node's parser finds the request
    // cut short (service-kit answers "not valid HTTP"), or the upload route does first.
    if (answer !== "") {
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toMatch(/"error_code":"(invalid_request|upload_incomplete)"/);
    }
  });

  test("an unknown token → 403 upload_link_invalid; a token of the wrong form → 400", async () => {
    expectErrorShape(await put(randomBytes(32).toString("base64url"), Buffer.from("x")), 403, "upload_link_invalid");
    expectErrorShape(await put("short", Buffer.from("x")), 400, "invalid_request");
  });

  test("a link past UPLOAD_LINK_TTL_MS → 403 upload_link_invalid", async () => {
    const brief = await startTestMaster({ UPLOAD_LINK_TTL_MS: "1000" });
    try {
      const hash = newHash();
      const token = await tokenFor(hash, brief.api);
      await new Promise((r) => setTimeout(r, 1_200));
      expectErrorShape(await put(token, archive(app), brief.url), 403, "upload_link_invalid");
    } finally {
      await brief.close();
    }
  });

  test("another team's template → 404 template_not_found; a set one team stored is missing for another", async () => {
    const hash = newHash();
    await put(await tokenFor(hash), archive(app));
    expectErrorShape(await filesOf(templateId, hash, other), 404, "template_not_found");
    const theirs = (await other.post("/template-builds", { displayName: "up-theirs" })).body.template.templateId;
    expect((await filesOf(theirs, hash, other)).body).toMatchObject({ present: false });
  });

  test.each(["abc", "0".repeat(63), "0".repeat(65), `${"0".repeat(63)}g`])("a hash that is not 64 hex digits (%s) → 400 invalid_request", async (hash) => {
    expectErrorShape(await filesOf(templateId, hash), 400, "invalid_request");
  });
});

describe("COPY steps read the uploaded sets", () => {
  const requestBuild = async (name: string) => {
    const r = await api().post("/template-builds", { displayName: name });
    return { templateId: r.body.template.templateId as string, buildId: r.body.buildId as string };
  };

  test("a COPY of an uploaded archive → the build logs list its files with their sizes", async () => {
    const ids = await requestBuild("up-copy");
    const hash = newHash();
    expect((await put(await tokenFor(hash, api(), ids.templateId), archive(app))).status).toBe(201);
    const spec = { fromImage: "python:3.12", steps: [{ type: "COPY", args: ["app", "/srv/app"], filesHash: hash }] };
    expect((await api().post(`/templates/${ids.templateId}/builds/${ids.buildId}/spec`, spec)).status).toBe(202);
    const build = await waitForBuild(api(), ids.templateId, ids.buildId);
    expect(build.status).toBe("ready");
    const copied = build.logs.filter((l) => l.step === "1").map((l) => l.message);
    expect(copied[0]).toBe("COPY app /srv/app");
    expect(copied).toEqual(expect.arrayContaining(["  app/main.py (28 bytes)", "  app/lib/util.py (6 bytes)", "copied 2 files, 2 directories (34 bytes) to /srv/app"]));
  });

  test("a COPY of a set never uploaded → the build fails saying so", async () => {
    const ids = await requestBuild("up-missing");
    const spec = { fromImage: "alpine", steps: [{ type: "RUN", args: ["true"] }, { type: "COPY", args: ["app", "/app"], filesHash: newHash() }] };
    expect((await api().post(`/templates/${ids.templateId}/builds/${ids.buildId}/spec`, spec)).status).toBe(202);
    const build = await waitForBuild(api(), ids.templateId, ids.buildId);
    expect(build).toMatchObject({ status: "failed", phase: "2" });
    expect(build.reason).toMatch(/^step 2: COPY app: .*never uploaded/);
  });
});
