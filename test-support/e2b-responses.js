// @ts-check
/**
 * What the tests need of E2B's API description (an OpenAPI 3.0 YAML file): each operation's
 * responses, and the schemas and responses they refer to. Shared by the script that writes the
 * committed fixture and by the test that checks the fixture still matches the description.
 */
import { parse } from "yaml";

export const SOURCE =
  "E2B API description: e2b-dev/infra spec/openapi.yml at commit 54693ff353d26c5fe1951db5467e751f3e2f984e (Apache-2.0). Only each operation's responses and the components they refer to are kept here.";

/** @param {string} yamlText */
export function extractResponses(yamlText) {
  const spec = parse(yamlText);
  /** @type {Record<string, Record<string, {responses: unknown}>>} */
  const paths = {};
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const [method, operation] of Object.entries(item ?? {})) {
      if (!operation || typeof operation !== "object" || !("responses" in operation)) continue;
      (paths[path] ??= {})[method] = { responses: operation.responses };
    }
  }
  return { source: SOURCE, paths, components: { schemas: spec.components?.schemas ?? {}, responses: spec.components?.responses ?? {} } };
}
