import { CubicleError, echo, isTeamSlug, isTemplateId, looksLikeTemplateId, parseDisplayName, splitReference, withTag, type LookupResponse } from "@cubicle/contracts";
import type { CallContext, MasterClient } from "@cubicle/master-client";

/**
 * Turns what a caller wrote (a display name, `team-slug/name` for another team's public
 * template, or an id in any letter case, each optionally ending in `:tag`) into a template
 * id (and the build a tag names), asking master once. Reads may use master's cached
 * lookup; anything that changes a template must pass `fresh`, so a stale name can never
 * rename, delete or build the wrong one.
 */
export function createTemplateRefs(master: Pick<MasterClient, "lookup">) {
  /** The checked, trimmed display name in `ref`, or a 400 that says what is wrong with it. */
  const displayName = (ref: string): string => parseDisplayName(ref).displayName;

  /** A checked id, name or `team-slug/name`, with its checked tag. */
  const reference = (ref: string): { name: string; tag: string | null; id: string | null } => {
    const { name, tag } = splitReference(ref);
    if (looksLikeTemplateId(name)) {
      const id = name.toLowerCase();
      if (!isTemplateId(id)) throw new CubicleError("invalid_request", `'${echo(name)}' is not a valid template id: 'tpl-' and 24 hex characters`);
      return { name: id, tag, id };
    }
    const slash = name.indexOf("/");
    if (slash < 0) return { name: displayName(name), tag, id: null };
    const slug = name.slice(0, slash);
    if (!isTeamSlug(slug)) {
      throw new CubicleError("invalid_name", `invalid reference '${echo(name)}': before '/' comes a team's slug (lower-case letters, digits and '-')`, { reason: "invalid_namespace" });
    }
    return { name: `${slug}/${displayName(name.slice(slash + 1))}`, tag, id: null };
  };

  return {
    displayName,

    /** Looks a reference up in master (404 when nothing holds it, or its tag names no build). */
    lookup(ref: string, opts: { fresh: boolean }, ctx: CallContext): Promise<LookupResponse> {
      const r = reference(ref);
      return master.lookup(withTag(r.name, r.tag), opts, ctx);
    },

    /** The template id `ref` stands for. An id without a tag is taken as it is (lower-cased), without a call. */
    async resolve(ref: string, opts: { fresh: boolean }, ctx: CallContext): Promise<string> {
      const r = reference(ref);
      if (r.id !== null && r.tag === null) return r.id;
      return (await master.lookup(withTag(r.name, r.tag), opts, ctx)).templateId;
    },

    /**
     * The template a change applies to, resolved fresh. A tag is refused: it names one build,
     * while a change (rename, delete, rebuild, publish, a build's files or spec, tag removal)
     * applies to the whole template, which `my-app:v1` would wrongly suggest it does not.
     */
    async resolveForChange(ref: string, ctx: CallContext): Promise<string> {
      const r = reference(ref);
      if (r.tag !== null) {
        throw new CubicleError("invalid_request", `'${echo(ref.trim())}' names one build (tag '${echo(r.tag)}'), but this changes the whole template: refer to it as '${echo(r.name)}'`, { reason: "tag_not_allowed" });
      }
      return r.id ?? (await master.lookup(r.name, { fresh: true }, ctx)).templateId;
    },

    /** The template and, when `ref` has a tag, the build it names (else master starts the ready build). */
    async resolveBuild(ref: string, opts: { fresh: boolean }, ctx: CallContext): Promise<{ templateId: string; buildId?: string }> {
      const r = reference(ref);
      if (r.tag === null) return { templateId: r.id ?? (await master.lookup(r.name, opts, ctx)).templateId };
      const found = await master.lookup(withTag(r.name, r.tag), opts, ctx);
      return found.buildId ? { templateId: found.templateId, buildId: found.buildId } : { templateId: found.templateId };
    },
  };
}

export type TemplateRefs = ReturnType<typeof createTemplateRefs>;
