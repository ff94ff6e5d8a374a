import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { createReadStream } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { create } from "tar";
import { createDirectoryUploadStore } from "../data-access/upload-store.js";
import { checkReadableArchive, createFileSets, listArchive, UnreadableArchiveError } from "./file-sets.js";

// Archives made with `tar.create` (as E2B's SDK makes them) in a real temp directory.

let dir: string;
let tarPath: string;
let tgzPath: string;

const sorted = <T extends { path: string }>(entries: T[]) => [...entries].sort((a, b) => a.path.localeCompare(b.path));

const EXPECTED = [
  { path: "app/", type: "directory", size: 0 },
  { path: "app/main.py", type: "file", size: 12 },
  { path: "app/lib/", type: "directory", size: 0 },
  { path: "app/lib/util.py", type: "file", size: 2000 },
  { path: "app/lib/empty.txt", type: "file", size: 0 },
  { path: "app/link", type: "symlink", size: 0 },
];

async function* bytes(data: Buffer, chunk = 1000): AsyncIterable<Uint8Array> {
  for (let i = 0; i < data.length; i += chunk) yield data.subarray(i, i + chunk);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "cubicle-file-sets-"));
  const src = path.join(dir, "src");
  await mkdir(path.join(src, "app", "lib"), { recursive: true });
  await writeFile(path.join(src, "app", "main.py"), "print('hi')\n");
  await writeFile(path.join(src, "app", "lib", "util.py"), "x".repeat(2000));
  await writeFile(path.join(src, "app", "lib", "empty.txt"), "");
  await symlink("main.py", path.join(src, "app", "link"));
  tarPath = path.join(dir, "files.tar");
  tgzPath = path.join(dir, "files.tar.gz");
  await create({ cwd: src, file: tarPath, portable: true }, ["app"]);
  await create({ cwd: src, file: tgzPath, gzip: true, portable: true }, ["app"]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("listArchive", () => {
  test("a plain tar of a directory with nested files lists every entry with its type and size", async () => {
    expect(sorted(await listArchive(createReadStream(tarPath)))).toEqual(sorted(EXPECTED));
  });

  test("a gzip'd tar is recognized by its bytes and lists the same entries", async () => {
    expect(sorted(await listArchive(createReadStream(tgzPath)))).toEqual(sorted(EXPECTED));
  });

  test("an archive arriving in small chunks lists the same entries", async () => {
    expect(sorted(await listArchive(bytes(await readFile(tgzPath), 7)))).toEqual(sorted(EXPECTED));
  });

  test.each([
    ["a body of random text", () => Buffer.from("this is not a tar archive at all\n".repeat(100))],
    ["an empty body", () => Buffer.alloc(0)],
    ["a single short line", () => Buffer.from("hello")],
  ])("%s is refused with UnreadableArchiveError", async (_what, make) => {
    await expect(listArchive(bytes(make()))).rejects.toBeInstanceOf(UnreadableArchiveError);
  });

  test("a tar cut off inside a file's contents is refused", async () => {
    const whole = await readFile(tarPath);
    const cut = whole.subarray(0, 512 * 4 + 100);
    await expect(listArchive(bytes(cut))).rejects.toThrow(/not a readable tar or tar.gz archive/);
  });

  test("a tar cut off between two entries (no end-of-archive marker) is refused", async () => {
    const whole = await readFile(tarPath);
    await expect(listArchive(bytes(whole.subarray(0, 512)))).rejects.toThrow(/end-of-archive marker/);
  });

  test("a gzip'd tar cut off halfway is refused", async () => {
    const whole = await readFile(tgzPath);
    await expect(listArchive(bytes(whole.subarray(0, Math.floor(whole.length / 2))))).rejects.toBeInstanceOf(UnreadableArchiveError);
  });

  test("gzip'd garbage is refused", async () => {
    const { gzipSync } = await import("node:zlib");
    await expect(listArchive(bytes(gzipSync(Buffer.from("garbage ".repeat(500)))))).rejects.toBeInstanceOf(UnreadableArchiveError);
  });

  test("an archive with more entries than allowed is refused", async () => {
    await expect(listArchive(createReadStream(tarPath), { maxEntries: 3 })).rejects.toThrow(/more than 3 entries/);
  });

  test("an error of the source itself is rethrown as it is", async () => {
    async function* failing(): AsyncIterable<Uint8Array> {
      yield (await readFile(tarPath)).subarray(0, 1024);
      throw new Error("connection reset");
    }
    await expect(listArchive(failing())).rejects.toThrow("connection reset");
  });
});

describe("checkReadableArchive", () => {
  test("a tar and a tar.gz pass", async () => {
    await expect(checkReadableArchive(tarPath)).resolves.toBeUndefined();
    await expect(checkReadableArchive(tgzPath)).resolves.toBeUndefined();
  });

  test("a file of garbage is refused", async () => {
    const garbage = path.join(dir, "garbage.bin");
    await writeFile(garbage, Buffer.alloc(4096, 0x41));
    await expect(checkReadableArchive(garbage)).rejects.toBeInstanceOf(UnreadableArchiveError);
  });
});

describe("createFileSets", () => {
  const TEAM = "0b7c2f3e-1d4a-4c8e-9f00-123456789abc";
  const HASH = "cd".repeat(32);

  test("a stored file set lists its entries; one never uploaded is null", async () => {
    const store = createDirectoryUploadStore(path.join(dir, "store"));
    const fileSets = createFileSets(store);
    expect(await fileSets.list(TEAM, HASH)).toBeNull();
    await store.put(`${TEAM}/${HASH}`, createReadStream(tgzPath), { maxBytes: 1 << 20, check: (f) => checkReadableArchive(f.path) });
    expect(sorted((await fileSets.list(TEAM, HASH))!)).toEqual(sorted(EXPECTED));
    expect(await fileSets.list(TEAM, HASH.toUpperCase())).not.toBeNull();
    expect(await fileSets.list("1b7c2f3e-1d4a-4c8e-9f00-123456789abc", HASH)).toBeNull();
    expect(await fileSets.list(TEAM, "../../etc/passwd")).toBeNull();
  });

  test("an upload store that refuses garbage through checkReadableArchive stores nothing", async () => {
    const store = createDirectoryUploadStore(path.join(dir, "store2"));
    const put = store.put(`${TEAM}/${HASH}`, bytes(Buffer.from("nope ".repeat(300))), { maxBytes: 1 << 20, check: (f) => checkReadableArchive(f.path) });
    await expect(put).rejects.toBeInstanceOf(UnreadableArchiveError);
    expect(await createFileSets(store).list(TEAM, HASH)).toBeNull();
  });
});
