import {
  CubicleError,
  apiKeyDigest,
  echo,
  generateApiKey,
  isTeamSlug,
  maskApiKey,
  parseTeamSlug,
  type ApiKeyView,
  type CreateTeamRequest,
  type CreatedApiKeyView,
  type TeamView,
  type VerifiedApiKey,
  type VerifyApiKeyRequest,
} from "@cubicle/contracts";
import { createMemoCache } from "@cubicle/service-kit";
import type { ApiKey, Team } from "../generated/prisma/client.js";
import { SlugTakenError, type TeamRepository } from "../data-access/team-repository.js";

/**
 * Teams and their API keys. Master owns them; the gateway asks it whose a key is (and
 * caches the answer briefly). A key's value is made here, returned once, and kept only as
 * its digest.
 */

export interface TeamQuotaDefaults {
  /** Concurrent sandboxes per team, unless the team has its own (0 = unlimited). */
  maxSandboxes: number;
  /** Templates per team, unless the team has its own (0 = unlimited). */
  maxTemplates: number;
}

export const teamNotFound = (teamId: string) => new CubicleError("team_not_found", `team '${echo(teamId)}' not found`);
const keyNotFound = (keyId: string) => new CubicleError("api_key_not_found", `API key '${echo(keyId)}' not found`);

export function toApiKeyView(k: ApiKey): ApiKeyView {
  return {
    id: k.id,
    name: k.name,
    mask: { prefix: k.maskPrefix, valueLength: k.valueLength, maskedValuePrefix: k.maskStart, maskedValueSuffix: k.maskEnd },
    createdAt: k.createdAt.toISOString(),
    lastUsed: k.lastUsedAt ? k.lastUsedAt.toISOString() : null,
  };
}

export function createTeamService(deps: { teams: TeamRepository; defaults: TeamQuotaDefaults }) {
  const { teams, defaults } = deps;

  const toTeamView = (t: Team): TeamView => ({
    teamId: t.id,
    slug: t.slug,
    name: t.name,
    maxSandboxes: t.maxSandboxes ?? defaults.maxSandboxes,
    maxTemplates: t.maxTemplates ?? defaults.maxTemplates,
    createdAt: t.createdAt.toISOString(),
  });

  // Slugs never change and teams are never deleted, so a slug's id can be kept long; an
  // unknown slug briefly (a team made meanwhile is found within that time).
  const slugs = createMemoCache<{ id: string }>({
    load: (slug) => teams.findBySlug(slug),
    max: 10_000,
    ttlMs: 3_600_000,
    negativeMax: 1_000,
    negativeTtlMs: 5_000,
  });

  return {
    async create(req: CreateTeamRequest): Promise<TeamView> {
      const slug = parseTeamSlug(req.slug);
      try {
        const team = await teams.create({ slug, name: req.name?.trim() || slug, maxSandboxes: req.maxSandboxes ?? null, maxTemplates: req.maxTemplates ?? null });
        slugs.delete(slug);
        return toTeamView(team);
      } catch (err) {
        if (err instanceof SlugTakenError) throw new CubicleError("slug_taken", `team slug '${slug}' is already taken`, { slug });
        throw err;
      }
    },

    async get(teamId: string): Promise<TeamView> {
      const team = await teams.find(teamId);
      if (!team) throw teamNotFound(teamId);
      return toTeamView(team);
    },

    /** The id of the team with this slug, or null (also for a string that cannot be a slug). */
    async idOfSlug(slug: string): Promise<string | null> {
      if (!isTeamSlug(slug)) return null;
      return (await slugs.get(slug))?.id ?? null;
    },

    async createKey(teamId: string, name: string): Promise<CreatedApiKeyView> {
      if (!(await teams.find(teamId))) throw teamNotFound(teamId);
      const key = generateApiKey();
      const row = await teams.createKey(teamId, { digest: apiKeyDigest(key), name: name.trim(), mask: maskApiKey(key) });
      return { ...toApiKeyView(row), key };
    },

    async listKeys(teamId: string): Promise<ApiKeyView[]> {
      return (await teams.listKeys(teamId)).map(toApiKeyView);
    },

    async renameKey(teamId: string, keyId: string, name: string): Promise<ApiKeyView> {
      const row = await teams.renameKey(teamId, keyId, name.trim());
      if (!row) throw keyNotFound(keyId);
      return toApiKeyView(row);
    },

    async revokeKey(teamId: string, keyId: string): Promise<void> {
      if (!(await teams.revokeKey(teamId, keyId))) throw keyNotFound(keyId);
    },

    /**
     * Whose key a digest is (stamping its last use). A gateway's configured key is made in
     * the default team on first sight (`register`); a revoked one stays revoked.
     */
    async verify(req: VerifyApiKeyRequest): Promise<VerifiedApiKey> {
      let owner = await teams.verify(req.digest);
      if (!owner && req.register) {
        await teams.register({ digest: req.digest, name: req.register.name.trim(), mask: req.register.mask });
        owner = await teams.verify(req.digest);
      }
      if (!owner) throw new CubicleError("api_key_not_found", "no such API key (or it was revoked)");
      return owner;
    },
  };
}

export type TeamService = ReturnType<typeof createTeamService>;
