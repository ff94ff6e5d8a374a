// @ts-check
// `node scripts/e2b-responses-fixture.js [path/to/openapi.yml]`: writes
// test-support/fixtures/e2b-responses.json from E2B's API description (default:
// ../shared/e2b/openapi.yml beside the repository). The tests check response bodies against
// it (test-support/e2b-schema.ts); a test fails when the fixture no longer matches the
// description beside the repository, and this script brings it up to date.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { extractResponses } from "../test-support/e2b-responses.js";

const specPath = process.argv[2] ?? fileURLToPath(new URL("../../shared/e2b/openapi.yml", import.meta.url));
const out = fileURLToPath(new URL("../test-support/fixtures/e2b-responses.json", import.meta.url));
writeFileSync(out, JSON.stringify(extractResponses(readFileSync(specPath, "utf8")), null, 1) + "\n");
console.log(`wrote ${out} from ${specPath}`);
