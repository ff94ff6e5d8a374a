// The bench runner. `pnpm bench` (scripts/bench.js) prepares a database and runs this with
// BENCH_DATABASE_URL set; see the README's "Benchmarks" section for how to read the report.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { FULL, QUICK } from "./profile.js";
import { repoRoot, stopAll } from "./processes.js";
import { buildResults, markdown } from "./report.js";
import { createRounds, invalidationLag, lookupRounds, stampede, unknownNames } from "./scenarios.js";
import { CACHE_CAPS, getJson, startSystem } from "./system.js";

const { values } = parseArgs({ options: { quick: { type: "boolean", default: false }, out: { type: "string" } } });
const profile = values.quick ? QUICK : FULL;
const databaseUrl = process.env.BENCH_DATABASE_URL;
if (!databaseUrl) {
  console.error("BENCH_DATABASE_URL is not set: run the bench with `pnpm bench`");
  process.exit(2);
}
const database = process.env.BENCH_DATABASE_LABEL ?? "PostgreSQL";

const started = Date.now();
const progress = (msg: string) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}`);

async function main(): Promise<void> {
  progress(`starting master, gateway, their traced twins, a node agent, the OTLP sink and the baselines (${database})`);
  const sys = await startSystem({ databaseUrl: databaseUrl!, embedded: process.env.BENCH_EMBEDDED === "1" });
  progress("lookups and their baselines, interleaved");
  const lookups = await lookupRounds(sys, profile, progress);
  progress(`stampede: ${profile.stampedeRequests} concurrent lookups of one uncached name`);
  const stampeded = await stampede(sys, profile);
  progress(`memory: ${profile.unknownNames.toLocaleString("en-US")} lookups of distinct unknown names`);
  const memory = await unknownNames(sys, profile, CACHE_CAPS, progress);
  progress(`invalidation lag: ${profile.invalidationChanges} renames through the traced master, timed until the plain master answers the new name`);
  const invalidation = await invalidationLag(sys, profile, progress);
  if (invalidation.skipped) progress(`invalidation lag skipped: ${invalidation.skipped}`);
  progress("creates: sandboxes (fast, strong), then templates");
  const creates = await createRounds(sys, profile, progress);
  // Read last: the traced services export in batches, every few seconds.
  const otlp = (await getJson(`${sys.otlpSink.url}/stats`, {})) as { exports: number; bytes: number };

  const results = buildResults({ profile, database, lookups, creates, stampede: stampeded, memory, invalidation, otlp });
  const file = values.out ?? join(repoRoot, "bench", "results", profile.name === "full" ? "latest.json" : "quick.json");
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(markdown(results));
  progress(`done; results in ${file}`);
}

process.once("SIGTERM", () => void stopAll().then(() => process.exit(143)));
process.once("SIGINT", () => void stopAll().then(() => process.exit(130)));

try {
  await main();
} catch (err) {
  console.error(err instanceof Error ? err.stack : err);
  process.exitCode = 1;
} finally {
  await stopAll();
}
