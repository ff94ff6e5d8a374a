// The SDK's types come from the gateway's OpenAPI document: this turns a document into the
// TypeScript source of src/generated/openapi.ts. `pnpm --filter @cubicle/sdk generate` writes
// it from the gateway's code; the drift test compares it with what a running gateway serves.
import openapiTS, { astToString } from "openapi-typescript";

const HEADER = "// Types of Cubicle's public API, from the gateway's /openapi.json. Do not edit by hand:\n// `pnpm --filter @cubicle/sdk generate` writes this file again.\n\n";

export async function typesFromDocument(document: object): Promise<string> {
  const ast = await openapiTS(structuredClone(document) as Parameters<typeof openapiTS>[0], { alphabetize: true, exportType: true });
  return HEADER + astToString(ast);
}
