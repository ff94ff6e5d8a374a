// Writes src/generated/openapi.ts from the gateway's OpenAPI document (see openapi-types.ts).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { openApiDocument } from "../../../services/gateway/src/entry-points/http/openapi-document.js";
import { typesFromDocument } from "./openapi-types.js";

const target = fileURLToPath(new URL("../src/generated/openapi.ts", import.meta.url));
writeFileSync(target, await typesFromDocument(JSON.parse(JSON.stringify(openApiDocument()))));
console.log(`wrote ${target}`);
