import { createHash, randomBytes } from "node:crypto";
import { CubicleError, echo, type FileUploadLink, type StoredUpload } from "@cubicle/contracts";
import type { UploadLinkRepository } from "../data-access/upload-links.js";
import { UploadIncompleteError, UploadTooLargeError, type UploadStore } from "../data-access/upload-store.js";
import type { TemplateRepository } from "../data-access/template-repository.js";
import { mustOwn } from "./template-service.js";

/**
 * Uploads of the file sets a build's `COPY` steps use, E2B's way: the client asks whether
 * its set (named by a hash) is there, and if not gets a link to `PUT` it to. A link stands
 * for one team's one hash and expires; the set is stored under that hash (per team, so no
 * team learns what another uploaded), whole or not at all.
 *
 * What "checked against its hash" can mean: E2B's SDK names a set by a SHA-256 over the
 * `COPY` line, each file's path, mode, size and content, and directories' sizes as its
 * file system reports them, which an archive does not carry; nobody but the client can
 * recompute it. So an upload is accepted when its bytes' SHA-256 is the hash (a plain
 * content address), or when it is a readable tar archive (gzip'd or not), which is what a
 * file set is; anything else is refused as not being what the hash names.
 */

export interface UploadsDeps {
  templates: Pick<TemplateRepository, "owner">;
  links: UploadLinkRepository;
  store: UploadStore;
  /** Resolves when the file at `path` is a readable tar archive (gzip'd or not). */
  readableArchive(path: string): Promise<void>;
  maxBytes: number;
  linkTtlMs: number;
}

const digestOf = (token: string) => createHash("sha256").update(token).digest("hex");

export function createUploads({ templates, links, store, readableArchive, maxBytes, linkTtlMs }: UploadsDeps) {
  const tooLarge = () => new CubicleError("payload_too_large", `an upload may carry at most ${maxBytes} bytes`, { maxBytes });

  return {
    async link(team: string, templateId: string, rawHash: string): Promise<FileUploadLink> {
      mustOwn(team, await templates.owner(templateId), templateId);
      const hash = rawHash.toLowerCase();
      if (await store.has(`${team}/${hash}`)) return { present: true };
      const token = randomBytes(32).toString("base64url");
      const expiresAt = await links.issue(digestOf(token), { teamId: team, templateId, hash }, linkTtlMs);
      return { present: false, token, expiresAt: expiresAt.toISOString() };
    },

    /** Stores what `body` carries under the hash the link stands for. */
    async receive(token: string, body: AsyncIterable<Uint8Array>, announcedBytes: number | undefined): Promise<StoredUpload> {
      const link = await links.find(digestOf(token));
      if (!link) throw new CubicleError("upload_link_invalid", "this upload link is unknown or has expired: ask for a new one (GET /templates/{templateID}/files/{hash})");
      if (announcedBytes !== undefined && announcedBytes > maxBytes) throw tooLarge();
      const key = `${link.teamId}/${link.hash}`;
      if (await store.has(key)) return { hash: link.hash, bytes: 0, stored: false };
      try {
        const { bytes } = await store.put(key, body, {
          maxBytes,
          ...(announcedBytes !== undefined && { expectedBytes: announcedBytes }),
          check: async (file) => {
            if (file.sha256 === link.hash) return;
            try {
              await readableArchive(file.path);
            } catch {
              throw new CubicleError(
                "upload_hash_mismatch",
                `the upload is not what hash '${echo(link.hash)}' names: its SHA-256 is ${file.sha256}, and it is not a readable tar archive of a file set`,
                { hash: link.hash, sha256: file.sha256 },
              );
            }
          },
        });
        return { hash: link.hash, bytes, stored: true };
      } catch (err) {
        if (err instanceof UploadTooLargeError) throw tooLarge();
        // The sender stopped before the end of its body (a cut connection, or an end before Content-Length).
        if (err instanceof UploadIncompleteError || (err as NodeJS.ErrnoException).code === "ECONNRESET") {
          throw new CubicleError("upload_incomplete", `the upload ended before the ${announcedBytes} bytes its Content-Length announced (or went past them): nothing was stored`);
        }
        throw err;
      }
    },
  };
}

export type Uploads = ReturnType<typeof createUploads>;
