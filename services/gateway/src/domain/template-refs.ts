import { CubicleError, echo, isTeamSlug, isTemplateId, looksLikeTemplateId, parseDisplayName, type LookupResponse } from "@cubicle/contracts";
import type { CallContext, MasterClient } from "@cubicle/master-client";

/**
 * Turns what a caller wrote (a display name, `team-slug/name` for another team's public
 * template, or an id in any letter case) into a template id, asking master once. Reads may use master's cached lookup; anything that changes a
 * template must pass `fresh`, so a stale name can never rename, delete or build the wrong one.
 */
export function createTemplateRefs(master: Pick<MasterClient, "lookup">) {
  /** The checked, trimmed display name in `ref`, or a 400 that says what is wrong with it. */
  const displayName = (ref: string): string => parseDisplayName(ref).displayName;

  /** A checked name, or `team-slug/name` with both parts checked. */
  const reference = (ref: string): string => {
    const trimmed = ref.trim();
    const slash = trimmed.indexOf("/");
    if (slash < 0) return displayName(trimmed);
    const slug = trimmed.slice(0, slash);
    if (!isTeamSlug(slug)) {
      throw new CubicleError("invalid_name", `invalid reference '${echo(trimmed)}': before '/' comes a team's slug (lower-case letters, digits and '-')`, { reason: "invalid_namespace" });
    }
    return `${slug}/${displayName(trimmed.slice(slash + 1))}`;
  };

  return {
    displayName,

    /** Looks a checked name (or `team-slug/name`) up in master (404 `template '<name>' not found` when none holds it). */
    lookup(name: string, opts: { fresh: boolean }, ctx: CallContext): Promise<LookupResponse> {
      return master.lookup(reference(name), opts, ctx);
    },

    /** The template id `ref` stands for. Ids are taken as they are (lower-cased), without a call. */
    async resolve(ref: string, opts: { fresh: boolean }, ctx: CallContext): Promise<string> {
      if (looksLikeTemplateId(ref)) {
        const id = ref.trim().toLowerCase();
        if (!isTemplateId(id)) throw new CubicleError("invalid_request", `'${echo(ref.trim())}' is not a valid template id: 'tpl-' and 24 hex characters`);
        return id;
      }
      return (await this.lookup(ref, opts, ctx)).templateId;
    },
  };
}

export type TemplateRefs = ReturnType<typeof createTemplateRefs>;
