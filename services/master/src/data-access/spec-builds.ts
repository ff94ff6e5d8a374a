import type { Db } from "./prisma.js";
import type { BuildSpec } from "../domain/builder.js";

/**
 * E2B's build flow, step 2: a build made by `POST /v3/templates` waits (`awaiting_spec`)
 * until its spec arrives; storing the spec is what lets a runner take it.
 */

export type StartResult = "started" | "not_found" | { already: { spec: BuildSpec | null; status: string; reason: string | null } };

export function createSpecBuildRepository(prisma: Db) {
  return {
    /** Gives the waiting build its spec and the image it builds from. */
    async start(templateId: string, buildId: string, spec: BuildSpec, image: string): Promise<StartResult> {
      const n = await prisma.$executeRaw`
        UPDATE builds SET spec = ${JSON.stringify(spec)}::jsonb, image = ${image}, awaiting_spec = false, updated_at = now()
         WHERE id = ${buildId}::uuid AND template_id = ${templateId} AND awaiting_spec AND status = 'waiting'`;
      if (n > 0) {
        // A template that never had a ready build shows the spec of the build it waits for.
        await prisma.$executeRaw`UPDATE templates SET image = ${image}, updated_at = now() WHERE id = ${templateId} AND ready_build_id IS NULL`;
        return "started";
      }
      const [b] = await prisma.$queryRaw<{ spec: BuildSpec | null; status: string; reason: string | null }[]>`
        SELECT spec, status::text AS status, reason FROM builds WHERE id = ${buildId}::uuid AND template_id = ${templateId}`;
      return b ? { already: b } : "not_found";
    },
  };
}

export type SpecBuildRepository = ReturnType<typeof createSpecBuildRepository>;
