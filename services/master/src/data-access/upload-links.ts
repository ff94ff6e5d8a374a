import type { Db } from "./prisma.js";

/**
 * Upload links (`GET /templates/{id}/files/{hash}`): a random token, kept as its SHA-256
 * digest, standing for one team's file set `hash` until it expires. In the database, so a
 * link one master issued is honoured by every other; expired links are pruned as new ones
 * are issued.
 */

export interface UploadLinkRow {
  teamId: string;
  templateId: string;
  hash: string;
  expiresAt: Date;
}

export function createUploadLinkRepository(prisma: Db) {
  return {
    /** Records a link valid for `ttlMs` (by the database's clock); answers when it expires. */
    async issue(tokenDigest: string, link: Omit<UploadLinkRow, "expiresAt">, ttlMs: number): Promise<Date> {
      await prisma.$executeRaw`
        DELETE FROM upload_links WHERE token_digest IN (SELECT token_digest FROM upload_links WHERE expires_at < now() LIMIT 1000)`;
      const [row] = await prisma.$queryRaw<{ expires_at: Date }[]>`
        INSERT INTO upload_links (token_digest, team_id, template_id, hash, expires_at)
        VALUES (${tokenDigest}, ${link.teamId}::uuid, ${link.templateId}, ${link.hash}, now() + (${ttlMs}::int * interval '1 millisecond'))
        RETURNING expires_at`;
      return row!.expires_at;
    },

    /** The link a token stands for, while it has not expired. */
    async find(tokenDigest: string): Promise<UploadLinkRow | null> {
      const [row] = await prisma.$queryRaw<{ team_id: string; template_id: string; hash: string; expires_at: Date }[]>`
        SELECT team_id::text AS team_id, template_id, hash, expires_at FROM upload_links WHERE token_digest = ${tokenDigest} AND expires_at > now()`;
      return row ? { teamId: row.team_id, templateId: row.template_id, hash: row.hash, expiresAt: row.expires_at } : null;
    },
  };
}

export type UploadLinkRepository = ReturnType<typeof createUploadLinkRepository>;
