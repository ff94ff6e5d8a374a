import { createHash, randomBytes } from "node:crypto";
import { link, mkdir, open, readdir, rename, rm, stat, utimes, type FileHandle } from "node:fs/promises";
import path from "node:path";

/**
 * Where the file sets E2B's SDK uploads for `COPY` steps (tar or tar.gz archives) are kept,
 * one per team and files hash. Behind an interface so an object store can replace the
 * directory later. A put is all or nothing: the bytes stream into a temp file (hashed on
 * the way, cut off past the limit), are checked whole, and only then renamed into place, so
 * a reader never sees a partial upload and a failed one leaves nothing behind.
 */

export interface UploadStore {
  /** True when `key` is stored (whole). Counts as a use: a set asked about is kept (see `prune`). */
  has(key: string): Promise<boolean>;
  /**
   * Streams `body` in under `key`, all or nothing: on any failure (too large, aborted stream,
   * rejected by `check`) nothing is stored and no temp file is left. Answers the bytes and
   * the SHA-256 (hex) of what was stored.
   */
  put(key: string, body: AsyncIterable<Uint8Array>, opts: PutOptions): Promise<{ bytes: number; sha256: string }>;
  /** A readable stream of the stored bytes, or null. */
  open(key: string): Promise<NodeJS.ReadableStream | null>;
  /**
   * Removes sets not used (stored or asked about) for `unusedMs`, and temp files of puts that
   * died that long ago; answers how many sets it removed. Uploads are a cache of what clients
   * can send again: a set removed is uploaded again by the next build that needs it.
   */
  prune(unusedMs: number): Promise<number>;
}

export interface PutOptions {
  maxBytes: number;
  /** What the sender said it sends (Content-Length): fewer or more bytes fail the put. */
  expectedBytes?: number;
  /** Runs on the complete temp file before it is stored; throws to reject it. */
  check?(file: { path: string; sha256: string; bytes: number }): Promise<void>;
}

/** More than `maxBytes` arrived (or were announced): nothing was stored. */
export class UploadTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the upload is larger than ${maxBytes} bytes`);
    this.name = "UploadTooLargeError";
  }
}

/** The body had fewer (or more) bytes than announced (Content-Length): nothing was stored. */
export class UploadIncompleteError extends Error {
  constructor(
    readonly expectedBytes: number,
    readonly receivedBytes: number,
  ) {
    super(`the upload announced ${expectedBytes} bytes but ${receivedBytes > expectedBytes ? "more" : `only ${receivedBytes}`} arrived`);
    this.name = "UploadIncompleteError";
  }
}

/** `<team uuid>/<64 lowercase hex>`: nothing else, so a key can never name a path outside the store. */
const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/[0-9a-f]{64}$/;

export function isUploadKey(key: string): boolean {
  return KEY.test(key);
}

function checkedKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`invalid upload key '${key.slice(0, 200)}': expected <team uuid>/<64 lowercase hex>`);
  return key;
}

/** Filesystems without hard links: fall back to rename (which replaces, with the same content). */
const NO_HARD_LINKS = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EMLINK", "EXDEV"]);

const codeOf = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code;

export function createDirectoryUploadStore(dir: string): UploadStore {
  const root = path.resolve(dir);
  const tmpDir = path.join(root, ".tmp");
  const fileOf = (key: string) => path.join(root, ...checkedKey(key).split("/"));

  async function isFile(file: string): Promise<boolean> {
    try {
      return (await stat(file)).isFile();
    } catch (err) {
      if (codeOf(err) === "ENOENT") return false;
      throw err;
    }
  }

  /** Moves the temp file to `target` unless something is there already (then keeps that one). */
  async function place(tmp: string, target: string): Promise<void> {
    await mkdir(path.dirname(target), { recursive: true });
    try {
      // link() never replaces: the first complete upload of a key wins, atomically.
      await link(tmp, target);
      return;
    } catch (err) {
      if (codeOf(err) === "EEXIST") return;
      if (!NO_HARD_LINKS.has(codeOf(err) ?? "")) throw err;
    }
    if (await isFile(target)) return;
    await rename(tmp, target);
  }

  async function put(key: string, body: AsyncIterable<Uint8Array>, opts: PutOptions): Promise<{ bytes: number; sha256: string }> {
    const target = fileOf(key);
    const { maxBytes, expectedBytes } = opts;
    if (expectedBytes !== undefined && expectedBytes > maxBytes) throw new UploadTooLargeError(maxBytes);
    await mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, randomBytes(16).toString("hex"));
    let handle: FileHandle | undefined = await open(tmp, "wx");
    try {
      const hash = createHash("sha256");
      let bytes = 0;
      // Leaving the loop early (a throw) ends the body's iterator: the rest is not read.
      for await (const chunk of body) {
        bytes += chunk.byteLength;
        if (bytes > maxBytes) throw new UploadTooLargeError(maxBytes);
        if (expectedBytes !== undefined && bytes > expectedBytes) throw new UploadIncompleteError(expectedBytes, bytes);
        hash.update(chunk);
        await handle.write(chunk);
      }
      if (expectedBytes !== undefined && bytes !== expectedBytes) throw new UploadIncompleteError(expectedBytes, bytes);
      await handle.sync();
      await handle.close();
      handle = undefined;
      const sha256 = hash.digest("hex");
      await opts.check?.({ path: tmp, sha256, bytes });
      await place(tmp, target);
      return { bytes, sha256 };
    } finally {
      await handle?.close().catch(() => {});
      // After link() (or a lost race) the temp name is an extra name or a duplicate; after rename it is gone.
      await rm(tmp, { force: true });
    }
  }

  async function openKey(key: string): Promise<NodeJS.ReadableStream | null> {
    let handle: FileHandle;
    try {
      handle = await open(fileOf(key), "r");
    } catch (err) {
      if (codeOf(err) === "ENOENT") return null;
      throw err;
    }
    return handle.createReadStream();
  }

  /** Whether `key` is stored; if so, marks it used now. */
  async function has(key: string): Promise<boolean> {
    const file = fileOf(key);
    if (!(await isFile(file))) return false;
    const now = new Date();
    try {
      await utimes(file, now, now);
      return true;
    } catch (err) {
      // Pruned between the two calls: not there any more.
      if (codeOf(err) === "ENOENT") return false;
      throw err;
    }
  }

  /** Files directly in `dir` last used before `before`, removed; how many. */
  async function removeOld(dir: string, before: number): Promise<number> {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (err) {
      if (codeOf(err) === "ENOENT") return 0;
      throw err;
    }
    let removed = 0;
    for (const name of names) {
      const file = path.join(dir, name);
      const info = await stat(file).catch(() => undefined);
      if (info?.isFile() && info.mtimeMs < before) {
        await rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }

  async function prune(unusedMs: number): Promise<number> {
    const before = Date.now() - unusedMs;
    await removeOld(tmpDir, before);
    let removed = 0;
    const teams = await readdir(root).catch((err) => (codeOf(err) === "ENOENT" ? [] : Promise.reject(err)));
    for (const team of teams) {
      if (team === ".tmp") continue;
      removed += await removeOld(path.join(root, team), before);
    }
    return removed;
  }

  return { has, put, open: openKey, prune };
}
