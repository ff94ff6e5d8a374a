// `pnpm bench --quick`: the benchmark's smoke run. It measures nothing worth reading here
// (windows of a fraction of a second, beside the other tests); it shows that every scenario
// runs against the real processes and that the report holds what the README promises.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "@jest/globals";
import { repoRoot, spawnNode } from "./support.js";

const dir = mkdtempSync(join(tmpdir(), "cubicle-bench-smoke-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADLINE_KEYS = [
  "master_cached_vs_express",
  "master_cached_vs_http",
  "gateway_cached_vs_two_hop",
  "cached_vs_uncached",
  "uncached_vs_pg",
  "tracing_on_vs_off",
  "stampede_db_queries",
  "rss_growth_mb_1m_unknown",
];

test(
  "pnpm bench --quick runs every scenario without a failed request and writes the report",
  async () => {
    const out = join(dir, "quick.json");
    // As a user runs it: on the test server's PostgreSQL (a scratch database of its own),
    // or, where the tests run on the embedded database, on an embedded one of its own.
    const env: NodeJS.ProcessEnv = { ...process.env, BENCH_DATABASE: `${process.env.CUBICLE_TEST_DB_PREFIX ?? "cubicle_test"}_bench` };
    if (process.env.CUBICLE_TEST_EMBEDDED === "1") delete env.DATABASE_URL;
    const bench = spawnNode([join(repoRoot, "scripts", "bench.js"), "--quick", "--out", out], { env });
    const { code } = await bench.exited;
    expect({ code, output: code === 0 ? "" : bench.output() }).toEqual({ code: 0, output: "" });

    const report = JSON.parse(readFileSync(out, "utf8"));
    expect(report.commit).toMatch(/^[0-9a-f]{40}$|^unknown$/);
    expect(report.machine).toMatchObject({ cores: expect.any(Number), node: process.version });
    expect(Object.keys(report.headline).sort()).toEqual([...HEADLINE_KEYS].sort());
    for (const key of HEADLINE_KEYS) expect({ key, finite: Number.isFinite(report.headline[key]) }).toEqual({ key, finite: true });

    // Every scenario ran and was answered; a 0.2 s window on a busy machine may see no answer
    // finish (other test files run alongside), so only some window must have one.
    for (const [name, s] of Object.entries(report.scenarios) as [string, { failures: number; windows: { rps: number }[] }][]) {
      const answered = s.windows.some((w) => w.rps > 0);
      expect({ name, failures: s.failures, windows: s.windows.length, answered }).toEqual({ name, failures: 0, windows: 3, answered: true });
    }
    // Singleflight and the caps hold whatever the machine's speed.
    expect(report.stampede).toMatchObject({ requests: 1000, dbQueries: 1, failures: 0 });
    expect(report.memory).toMatchObject({ lookups: 2000, failures: 0 });
    expect(report.memory.cache.negative).toBe(report.memory.cache.negativeCap);
    expect(report.memory.cache.positive).toBeLessThanOrEqual(report.memory.cache.positiveCap);

    // The Markdown table on stdout.
    expect(bench.output()).toContain("| scenario | req/s | p50 ms | p99 ms | failed |");
    expect(bench.output()).toContain("| master_cached_vs_express |");
  },
  180_000,
);
