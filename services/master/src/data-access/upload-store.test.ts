import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDirectoryUploadStore, UploadIncompleteError, UploadTooLargeError, type UploadStore } from "./upload-store.js";

// The directory store on a real temp directory: what is stored is whole, and a failed put leaves nothing.

const TEAM = "0b7c2f3e-1d4a-4c8e-9f00-123456789abc";
const KEY = `${TEAM}/${"ab".repeat(32)}`;

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

async function* chunks(...parts: (string | Buffer)[]): AsyncIterable<Uint8Array> {
  for (const part of parts) yield Buffer.from(part);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(parts);
}

let dir: string;
let store: UploadStore;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "cubicle-uploads-"));
  store = createDirectoryUploadStore(dir);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function tmpFiles(): Promise<string[]> {
  return readdir(path.join(dir, ".tmp")).catch(() => []);
}

async function expectNothingStored(): Promise<void> {
  expect(await store.has(KEY)).toBe(false);
  expect(await store.open(KEY)).toBeNull();
  expect(await tmpFiles()).toEqual([]);
}

describe("createDirectoryUploadStore", () => {
  test("a put stores the bytes, answers their size and SHA-256, and they read back whole", async () => {
    const data = Buffer.from("hello, world\n".repeat(1000));
    const result = await store.put(KEY, chunks(data.subarray(0, 5000), data.subarray(5000)), { maxBytes: 1 << 20, expectedBytes: data.length });
    expect(result).toEqual({ bytes: data.length, sha256: sha256(data) });
    expect(await store.has(KEY)).toBe(true);
    expect(await readAll((await store.open(KEY))!)).toEqual(data);
    expect(await readFile(path.join(dir, TEAM, "ab".repeat(32)))).toEqual(data);
    expect(await tmpFiles()).toEqual([]);
  });

  test("an unknown key is not there and opens as null", async () => {
    expect(await store.has(KEY)).toBe(false);
    expect(await store.open(KEY)).toBeNull();
  });

  test("a body larger than maxBytes is refused with UploadTooLargeError, stops being read, and leaves nothing", async () => {
    let read = 0;
    async function* endless(): AsyncIterable<Uint8Array> {
      for (;;) {
        read++;
        yield Buffer.alloc(1024);
      }
    }
    const put = store.put(KEY, endless(), { maxBytes: 4096 });
    await expect(put).rejects.toBeInstanceOf(UploadTooLargeError);
    await expect(put).rejects.toMatchObject({ maxBytes: 4096 });
    expect(read).toBe(5);
    await expectNothingStored();
  });

  test("an announced size above maxBytes is refused before reading anything", async () => {
    let read = false;
    async function* body(): AsyncIterable<Uint8Array> {
      read = true;
      yield Buffer.from("x");
    }
    await expect(store.put(KEY, body(), { maxBytes: 10, expectedBytes: 11 })).rejects.toBeInstanceOf(UploadTooLargeError);
    expect(read).toBe(false);
    await expectNothingStored();
  });

  test("fewer bytes than announced is refused with UploadIncompleteError and leaves nothing", async () => {
    await expect(store.put(KEY, chunks("abc"), { maxBytes: 100, expectedBytes: 10 })).rejects.toBeInstanceOf(UploadIncompleteError);
    await expectNothingStored();
  });

  test("more bytes than announced is refused with UploadIncompleteError and leaves nothing", async () => {
    await expect(store.put(KEY, chunks("abcdef", "ghij"), { maxBytes: 100, expectedBytes: 8 })).rejects.toBeInstanceOf(UploadIncompleteError);
    await expectNothingStored();
  });

  test("a body that fails midway (an aborted request) rethrows its error and leaves nothing", async () => {
    async function* aborted(): AsyncIterable<Uint8Array> {
      yield Buffer.from("partial");
      throw new Error("aborted");
    }
    await expect(store.put(KEY, aborted(), { maxBytes: 100 })).rejects.toThrow("aborted");
    await expectNothingStored();
  });

  test("check sees the complete temp file with its hash and size; its rejection stores nothing", async () => {
    let seen: { path: string; sha256: string; bytes: number; content: string } | undefined;
    const put = store.put(KEY, chunks("not an archive"), {
      maxBytes: 100,
      check: async (file) => {
        seen = { ...file, content: await readFile(file.path, "utf8") };
        throw new Error("not a tar archive");
      },
    });
    await expect(put).rejects.toThrow("not a tar archive");
    expect(seen).toMatchObject({ sha256: sha256(Buffer.from("not an archive")), bytes: 14, content: "not an archive" });
    expect(seen!.path.startsWith(path.join(dir, ".tmp") + path.sep)).toBe(true);
    await expectNothingStored();
  });

  test("concurrent puts of one key leave one whole file and no temp files", async () => {
    const data = Buffer.alloc(256 * 1024, 7);
    async function* slow(): AsyncIterable<Uint8Array> {
      for (let i = 0; i < data.length; i += 16 * 1024) {
        await new Promise((resolve) => setImmediate(resolve));
        yield data.subarray(i, i + 16 * 1024);
      }
    }
    const results = await Promise.all(Array.from({ length: 5 }, () => store.put(KEY, slow(), { maxBytes: data.length })));
    for (const r of results) expect(r).toEqual({ bytes: data.length, sha256: sha256(data) });
    expect(await readAll((await store.open(KEY))!)).toEqual(data);
    expect(await readdir(path.join(dir, TEAM))).toEqual(["ab".repeat(32)]);
    expect(await tmpFiles()).toEqual([]);
  });

  test("a second put of a stored key keeps the first file", async () => {
    await store.put(KEY, chunks("first"), { maxBytes: 100 });
    await store.put(KEY, chunks("second"), { maxBytes: 100 });
    expect((await readAll((await store.open(KEY))!)).toString()).toBe("first");
    expect(await tmpFiles()).toEqual([]);
  });

  test.each([
    ["a path escape", `${TEAM}/../../etc/passwd`],
    ["a parent directory as team", `../${"ab".repeat(32)}`],
    ["upper-case hex", `${TEAM}/${"AB".repeat(32)}`],
    ["a short hash", `${TEAM}/${"ab".repeat(31)}`],
    ["a team that is not a uuid", `team-1/${"ab".repeat(32)}`],
    ["no team", "ab".repeat(32)],
    ["an extra segment", `${KEY}/x`],
    ["an absolute path", `/${KEY}`],
    ["a trailing newline", `${KEY}\n`],
  ])("a bad key (%s) is refused by has, put and open", async (_what, key) => {
    await expect(store.has(key)).rejects.toThrow(/invalid upload key/);
    await expect(store.open(key)).rejects.toThrow(/invalid upload key/);
    await expect(store.put(key, chunks("x"), { maxBytes: 10 })).rejects.toThrow(/invalid upload key/);
    expect(await readdir(dir)).toEqual([]);
  });

  test("prune removes sets unused for the given time and keeps those stored or asked about since", async () => {
    const OTHER = `${TEAM}/${"cd".repeat(32)}`;
    await store.put(KEY, chunks("old"), { maxBytes: 100 });
    await store.put(OTHER, chunks("asked"), { maxBytes: 100 });
    const longAgo = new Date(Date.now() - 3_600_000);
    for (const key of [KEY, OTHER]) await utimes(path.join(dir, ...key.split("/")), longAgo, longAgo);
    expect(await store.has(OTHER)).toBe(true); // a use: kept
    expect(await store.prune(60_000)).toBe(1);
    expect(await store.has(KEY)).toBe(false);
    expect((await readAll((await store.open(OTHER))!)).toString()).toBe("asked");
  });

  test("prune removes temp files a dead put left long ago, not one being written now", async () => {
    await mkdir(path.join(dir, ".tmp"), { recursive: true });
    const dead = path.join(dir, ".tmp", "dead");
    await writeFile(dead, "partial");
    const longAgo = new Date(Date.now() - 3_600_000);
    await utimes(dead, longAgo, longAgo);
    await writeFile(path.join(dir, ".tmp", "live"), "partial");
    expect(await store.prune(60_000)).toBe(0);
    expect(await tmpFiles()).toEqual(["live"]);
  });

  test("prune of an empty store removes nothing", async () => {
    await rm(dir, { recursive: true, force: true });
    expect(await store.prune(0)).toBe(0);
  });
});
