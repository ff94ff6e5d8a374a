import { createReadStream } from "node:fs";
import { once } from "node:events";
import { Parser, type ReadEntry } from "tar";
import { isUploadKey, type UploadStore } from "../data-access/upload-store.js";
import type { FileSetEntry, FileSets } from "./builder.js";

/**
 * Reads the file sets E2B's SDK uploads for `COPY` steps: tar archives, gzip'd or not (the
 * parser tells them apart by their bytes). Only the entries are read, never written
 * anywhere. The work is bounded (entries counted, decompression ratio capped by the parser)
 * and anything that is not a whole archive (garbage, cut short) is refused, so the upload
 * route can reject it up front and a builder can rely on what it lists.
 */

/** At most this many entries are read from one archive. */
export const MAX_ARCHIVE_ENTRIES = 100_000;

/** The bytes are not a whole, readable tar (or tar.gz) archive. */
export class UnreadableArchiveError extends Error {
  constructor(readonly reason: string, options?: { cause?: unknown }) {
    super(`not a readable tar or tar.gz archive: ${reason}`, options);
    this.name = "UnreadableArchiveError";
  }
}

function entryType(type: ReadEntry["type"]): FileSetEntry["type"] {
  switch (type) {
    case "File":
    case "OldFile":
    case "ContiguousFile":
      return "file";
    case "Directory":
      return "directory";
    case "SymbolicLink":
      return "symlink";
    default:
      return "other";
  }
}

/**
 * The entries of a tar or tar.gz archive streamed from `source` (binary chunks). Throws
 * UnreadableArchiveError when the bytes are not a whole archive (garbage, truncated, no
 * end-of-archive marker) or hold more than `maxEntries` entries; an error of `source`
 * itself is rethrown as it is.
 */
export async function listArchive(
  source: AsyncIterable<Uint8Array | string>,
  options: { maxEntries?: number } = {},
): Promise<FileSetEntry[]> {
  const maxEntries = options.maxEntries ?? MAX_ARCHIVE_ENTRIES;
  const entries: FileSetEntry[] = [];
  let sawEndMarker = false;
  let failure: UnreadableArchiveError | undefined;
  let rejectFailed!: (err: Error) => void;
  const failed = new Promise<never>((_, reject) => (rejectFailed = reject));
  failed.catch(() => {});
  const fail = (err: UnreadableArchiveError) => {
    if (failure) return;
    failure = err;
    rejectFailed(err);
  };

  // Strict: every damaged entry, and an archive the parser does not recognize, is an error.
  const parser = new Parser({ strict: true });
  parser.on("error", (err: Error) => fail(new UnreadableArchiveError(err.message, { cause: err })));
  parser.on("eof", () => (sawEndMarker = true));
  parser.on("entry", (entry: ReadEntry) => {
    entry.resume();
    if (failure) return;
    if (entries.length >= maxEntries) {
      const err = new UnreadableArchiveError(`it holds more than ${maxEntries} entries`);
      fail(err);
      parser.abort(err); // stops parsing what is already buffered
      return;
    }
    const type = entryType(entry.type);
    entries.push({ path: entry.path, type, size: type === "file" ? entry.size : 0 });
  });

  try {
    // The parser (and its gunzip) works through each chunk before write() returns, and every
    // entry's body is discarded, so nothing piles up: no need to wait for 'drain'. Leaving
    // the loop early (break or throw) ends `source`: the rest is not read.
    for await (const chunk of source) {
      if (failure) break;
      parser.write(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
    }
    if (!failure) {
      const ended = Promise.race([once(parser, "end"), failed]);
      parser.end();
      await ended;
    }
  } catch (err) {
    if (!failure) throw err; // `source` failed: not the archive's fault
  }
  if (failure) throw failure;
  // A plain tar cut off between two entries parses cleanly: only the missing marker tells.
  if (!sawEndMarker) throw new UnreadableArchiveError("it ends without the end-of-archive marker (truncated?)");
  return entries;
}

/** Resolves when the file at `path` is a whole, readable tar or tar.gz archive; rejects with UnreadableArchiveError otherwise. */
export async function checkReadableArchive(path: string): Promise<void> {
  await listArchive(createReadStream(path));
}

/**
 * File sets as the upload store keeps them, one per team and files hash (`<team>/<hash>`).
 * A hash that is not 64 hex digits can never have been uploaded: it lists as null.
 */
export function createFileSets(store: UploadStore): FileSets {
  return {
    async list(teamId, hash) {
      const key = `${teamId}/${hash.toLowerCase()}`;
      if (!isUploadKey(key) || !(await store.has(key))) return null;
      const stream = await store.open(key);
      if (!stream) return null;
      return listArchive(stream);
    },
  };
}
