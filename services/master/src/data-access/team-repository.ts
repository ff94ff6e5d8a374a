import type pg from "pg";
import type { ApiKeyView } from "@cubicle/contracts";
import { DEFAULT_TEAM_SLUG } from "@cubicle/contracts";
import type { ApiKey, Team } from "../generated/prisma/client.js";
import type { Db } from "./prisma.js";
import { isUniqueViolation } from "./errors.js";

export const SLUG_INDEX = "teams_slug_key";
export const KEY_DIGEST_INDEX = "api_keys_digest_key";

/** Thrown when the unique index refuses a team's slug. */
export class SlugTakenError extends Error {
  constructor(readonly slug: string) {
    super(`team slug '${slug}' is taken`);
  }
}

export interface NewApiKey {
  digest: string;
  name: string;
  mask: ApiKeyView["mask"];
}

/** Whose a verified key is. */
export interface KeyOwner {
  keyId: string;
  teamId: string;
  teamSlug: string;
}

const maskColumns = (mask: ApiKeyView["mask"]) => ({
  maskPrefix: mask.prefix,
  valueLength: mask.valueLength,
  maskStart: mask.maskedValuePrefix,
  maskEnd: mask.maskedValueSuffix,
});

// Whose key a digest is, stamping its last use. Revoked keys are nobody's.
const VERIFY = `
  UPDATE api_keys k SET last_used_at = now() FROM teams t
   WHERE k.digest = $1 AND k.revoked_at IS NULL AND t.id = k.team_id
  RETURNING k.id::text AS key_id, t.id::text AS team_id, t.slug AS team_slug`;

// A configured key joins the default team unless a key with its digest exists already (in
// any team, revoked or not: a revoked key stays revoked).
const REGISTER = `
  INSERT INTO api_keys (team_id, digest, name, mask_prefix, value_length, mask_start, mask_end)
  SELECT id, $1, $2, $3, $4, $5, $6 FROM teams WHERE slug = $7
  ON CONFLICT (digest) DO NOTHING`;

// The team's sandbox-slot counter set to its records, where no create can be under way:
// nothing took a slot for `$1` ms. A master that died mid-create leaves a slot taken.
const RECONCILE_SLOTS = `
  UPDATE teams t SET sandbox_slots = c.n
    FROM (SELECT tm.id, (SELECT count(*) FROM sandboxes s WHERE s.team_id = tm.id)::int AS n FROM teams tm) c
   WHERE c.id = t.id AND t.sandbox_slots <> c.n
     AND (t.slot_taken_at IS NULL OR t.slot_taken_at < now() - ($1::int * interval '1 millisecond'))`;

export function createTeamRepository(prisma: Db, pool: pg.Pool) {
  return {
    async create(input: { slug: string; name: string; maxSandboxes: number | null; maxTemplates: number | null }): Promise<Team> {
      try {
        return await prisma.team.create({ data: input });
      } catch (err) {
        if (isUniqueViolation(err, SLUG_INDEX)) throw new SlugTakenError(input.slug);
        throw err;
      }
    },

    find: (id: string): Promise<Team | null> => prisma.team.findUnique({ where: { id } }),

    findBySlug: (slug: string): Promise<Pick<Team, "id"> | null> => prisma.team.findUnique({ where: { slug }, select: { id: true } }),

    async createKey(teamId: string, key: NewApiKey): Promise<ApiKey> {
      return prisma.apiKey.create({ data: { teamId, digest: key.digest, name: key.name, ...maskColumns(key.mask) } });
    },

    /** The team's keys that are not revoked, newest first. */
    listKeys: (teamId: string): Promise<ApiKey[]> =>
      prisma.apiKey.findMany({ where: { teamId, revokedAt: null }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] }),

    /** Renames a key of the team; null when the team has no such (unrevoked) key. */
    async renameKey(teamId: string, keyId: string, name: string): Promise<ApiKey | null> {
      const { count } = await prisma.apiKey.updateMany({ where: { id: keyId, teamId, revokedAt: null }, data: { name } });
      return count > 0 ? prisma.apiKey.findUnique({ where: { id: keyId } }) : null;
    },

    /** Revokes a key of the team; false when the team has no such (unrevoked) key. */
    async revokeKey(teamId: string, keyId: string): Promise<boolean> {
      const { count } = await prisma.apiKey.updateMany({ where: { id: keyId, teamId, revokedAt: null }, data: { revokedAt: new Date() } });
      return count > 0;
    },

    async verify(digest: string): Promise<KeyOwner | null> {
      const r = (await pool.query<{ key_id: string; team_id: string; team_slug: string }>(VERIFY, [digest])).rows[0];
      return r ? { keyId: r.key_id, teamId: r.team_id, teamSlug: r.team_slug } : null;
    },

    /** Puts a configured key in the default team unless its digest is known already. */
    async register(key: NewApiKey): Promise<void> {
      const m = maskColumns(key.mask);
      await pool.query(REGISTER, [key.digest, key.name, m.maskPrefix, m.valueLength, m.maskStart, m.maskEnd, DEFAULT_TEAM_SLUG]);
    },

    /** Sets slot counters to the records of teams with no create under way; returns how many changed. */
    async reconcileSlots(quietMs: number): Promise<number> {
      return (await pool.query(RECONCILE_SLOTS, [quietMs])).rowCount ?? 0;
    },
  };
}

export type TeamRepository = ReturnType<typeof createTeamRepository>;
