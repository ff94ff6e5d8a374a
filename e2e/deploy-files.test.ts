// The deployment files at the root: docker-compose.yml, Dockerfile, .env.example. Linted with the
// repo's pinned linters (dclint, dockerfilelint), checked by `docker-compose config` when it is
// installed, and read for the topology they promise. Needs no Docker daemon and no database.
import { execFile, spawnSync } from "node:child_process";
import { accessSync, constants, readFileSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "@jest/globals";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const read = (file: string) => readFileSync(join(repoRoot, file), "utf8");

// The linters are root devDependencies; `yaml` is not a dependency of this package, so it is
// loaded from where dclint (which parses compose files with it) resolves it.
const requireHere = createRequire(import.meta.url);
const dclintDir = dirname(realpathSync(requireHere.resolve("dclint/package.json")));
const dockerfilelintDir = dirname(realpathSync(requireHere.resolve("dockerfilelint/package.json")));
const YAML = createRequire(join(dclintDir, "package.json"))("yaml") as {
  parse(source: string, options?: { merge?: boolean }): unknown;
};

/** docker-compose v1 (Debian's package) on PATH, if any: it validates without a daemon. */
const dockerCompose = (process.env.PATH ?? "")
  .split(delimiter)
  .filter(Boolean)
  .map((dir) => join(dir, "docker-compose"))
  .find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });

interface Service {
  image?: string;
  build?: { context: string; target: string };
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string | number | boolean | null>;
  ports?: string[];
  restart?: string;
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
  volumes?: string[];
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const composeText = read("docker-compose.yml");
// `merge`: the file shares its environment blocks through YAML merge keys (`<<: *anchor`).
const compose = YAML.parse(composeText, { merge: true }) as Compose;
const envExample = read(".env.example");
const dockerfile = read("Dockerfile");

const MASTERS = ["master-1", "master-2"];
const AGENTS = ["node-agent-1", "node-agent-2"];
/** Every service that runs until stopped. Jaeger is left out: its image has nothing to probe with, and nothing waits on it. */
const LONG_RUNNING = ["postgres", ...MASTERS, ...AGENTS, "gateway"];
/** Secrets without a default: compose must refuse to start without them. */
const REQUIRED = ["MASTER_TOKEN", "AGENT_TOKEN", "POSTGRES_PASSWORD"];

// Throwaway values for the required variables, valid for the services' rules.
const requiredEnv = { MASTER_TOKEN: "t".repeat(32), AGENT_TOKEN: "a".repeat(32), POSTGRES_PASSWORD: "p".repeat(16) };

function run(file: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(file, args, { cwd: repoRoot, env, encoding: "utf8", timeout: 20_000 });
  return { status: result.status, output: `${result.stdout ?? ""}${result.stderr ?? ""}${result.error ? String(result.error) : ""}` };
}

/** `run`, without blocking: docker-compose takes about a second to start, so its runs go side by side. */
function runAsync(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: repoRoot, env, encoding: "utf8", timeout: 20_000 }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === "number" ? error.code : null) : 0;
      resolve({ status, output: `${stdout}${stderr}${error && typeof error.code !== "number" ? String(error) : ""}` });
    });
  });
}

function service(name: string): Service {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
}

/** The host:port pairs a comma-separated MASTER_URL names. */
function hostsOf(urls: unknown): string[] {
  return String(urls ?? "")
    .split(",")
    .map((u) => new URL(u.trim()).host)
    .sort();
}

/** The Dockerfile's stages: name (or base image) → its instructions. */
function stages(): Map<string, { from: string; lines: string[] }> {
  const result = new Map<string, { from: string; lines: string[] }>();
  let current: { from: string; lines: string[] } | undefined;
  // Join continuation lines, drop comments.
  const instructions = dockerfile
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  for (const line of instructions) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) {
      current = { from: from[1]!, lines: [] };
      result.set(from[2] ?? from[1]!, current);
    } else current?.lines.push(line);
  }
  return result;
}

describe("the deployment files", () => {
  test("dclint finds no problem in docker-compose.yml", () => {
    const { status, output } = run(process.execPath, [join(dclintDir, "bin", "dclint.cjs"), "docker-compose.yml", "--max-warnings", "0", "--color", "false"]);
    expect({ status, output }).toEqual({ status: 0, output: expect.any(String) });
  });

  test("dockerfilelint finds no problem in the Dockerfile", () => {
    const { status, output } = run(process.execPath, [join(dockerfilelintDir, "bin", "dockerfilelint"), "Dockerfile"]);
    expect({ status, output }).toEqual({ status: 0, output: expect.any(String) });
  });

  (dockerCompose ? test : test.skip)(
    `docker-compose accepts the file (config -q), and refuses it without the required secrets${dockerCompose ? "" : " — skipped: docker-compose is not on PATH"}`,
    async () => {
      const config = (env: Record<string, string>) => runAsync(dockerCompose!, ["-f", "docker-compose.yml", "config", "-q"], { ...process.env, ...env });
      // Set but empty counts as missing (`:?`), whatever a local .env says. Compose names the
      // first one it meets; the test above checks the file requires each of them the same way.
      const missingAll = Object.fromEntries(REQUIRED.map((name) => [name, ""]));
      const [ok, missing] = await Promise.all([config(requiredEnv), config(missingAll)]);
      expect(ok).toEqual({ status: 0, output: "" });
      expect(missing.status).not.toBe(0);
      expect(missing.output).toMatch(new RegExp(`(${REQUIRED.join("|")}) is required - set it in \\.env`));
    },
  );

  test("compose runs postgres, the migration job, two masters, two node agents, the gateway and jaeger", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["gateway", "jaeger", "master-1", "master-2", "migrate", "node-agent-1", "node-agent-2", "postgres"]);
    // Our images come from the Dockerfile's targets; the others are pinned.
    const targets: Record<string, string> = { migrate: "migrate", gateway: "gateway" };
    for (const m of MASTERS) targets[m] = "master";
    for (const a of AGENTS) targets[a] = "node-agent";
    for (const [name, target] of Object.entries(targets)) expect([name, service(name).build]).toEqual([name, { context: ".", target }]);
    expect(service("postgres").image).toMatch(/^postgres:15[.\d]*(-|$)/);
    expect(service("jaeger").image).toMatch(/^jaegertracing\/all-in-one:\d+\.\d+\.\d+$/);
    expect(service("postgres").volumes?.[0]).toMatch(/^postgres-data:\/var\/lib\/postgresql\/data$/);
    expect(compose.volumes).toHaveProperty("postgres-data");
  });

  test("the gateway is published on port 3000 (loopback), jaeger's UI on 16686, nothing else", () => {
    expect(service("gateway").ports).toEqual(["127.0.0.1:3000:3000"]);
    expect(service("jaeger").ports).toEqual(["127.0.0.1:16686:16686"]);
    for (const name of ["postgres", "migrate", ...MASTERS, ...AGENTS]) expect([name, service(name).ports]).toEqual([name, undefined]);
  });

  test("every long-running service has a healthcheck, restarts unless stopped and gets 30 s to drain", () => {
    for (const name of LONG_RUNNING) {
      const s = service(name);
      expect([name, s.healthcheck?.test?.[0]]).toEqual([name, "CMD"]);
      expect([name, s.restart]).toEqual([name, "unless-stopped"]);
      expect([name, s.stop_grace_period]).toEqual([name, "30s"]);
    }
    expect(service("postgres").healthcheck!.test).toContain("pg_isready");
    const ports: Record<string, number> = { gateway: 3000, "master-1": 3100, "master-2": 3100, "node-agent-1": 3200, "node-agent-2": 3200 };
    for (const [name, port] of Object.entries(ports)) {
      expect([name, service(name).healthcheck!.test.join(" ")]).toEqual([name, expect.stringContaining(`fetch('http://127.0.0.1:${port}/readyz')`)]);
    }
    // The job runs once.
    expect(service("migrate").restart).toBe("no");
    expect(service("migrate").healthcheck).toBeUndefined();
  });

  test("start order: postgres healthy → migrations done → masters healthy → node agents and the gateway", () => {
    expect(service("migrate").depends_on).toEqual({ postgres: { condition: "service_healthy" } });
    for (const m of MASTERS) expect([m, service(m).depends_on]).toEqual([m, { migrate: { condition: "service_completed_successfully" } }]);
    const mastersHealthy = { "master-1": { condition: "service_healthy" }, "master-2": { condition: "service_healthy" } };
    for (const name of [...AGENTS, "gateway"]) expect([name, service(name).depends_on]).toEqual([name, mastersHealthy]);
  });

  test("the gateway and each node agent know both masters; masters share the database", () => {
    expect(hostsOf(service("gateway").environment?.MASTER_URL)).toEqual(["master-1:3100", "master-2:3100"]);
    const ids = new Set<unknown>();
    for (const [i, name] of AGENTS.entries()) {
      const env = service(name).environment!;
      expect([name, hostsOf(env.MASTER_URL)]).toEqual([name, ["master-1:3100", "master-2:3100"]]);
      expect([name, env.AGENT_ADVERTISE_URL]).toEqual([name, `http://${name}:3200`]);
      expect([name, env.AGENT_NODE_ID]).toEqual([name, `node-${i + 1}`]);
      ids.add(env.AGENT_NODE_ID);
    }
    expect(ids.size).toBe(AGENTS.length);
    const urls = MASTERS.map((m) => String(service(m).environment?.DATABASE_URL));
    expect(new Set(urls).size).toBe(1);
    expect(urls[0]).toMatch(/^postgresql:\/\/cubicle:\$\{POSTGRES_PASSWORD:\?[^}]*\}@postgres:5432\/cubicle$/);
    expect(service("migrate").environment?.DATABASE_URL).toBe(urls[0]);
    // Any master may run a build, so both read and write the same uploaded file sets.
    for (const m of MASTERS) expect([m, service(m).volumes, service(m).environment?.UPLOAD_DIR]).toEqual([m, ["uploads:/var/lib/cubicle/uploads"], "/var/lib/cubicle/uploads"]);
    expect(compose.volumes).toHaveProperty("uploads");
    for (const name of [...MASTERS, ...AGENTS, "gateway"]) {
      const env = service(name).environment!;
      expect([name, env.OTEL_TRACES_EXPORTER, env.OTEL_EXPORTER_OTLP_ENDPOINT, env.OTEL_METRICS_EXPORTER, env.OTEL_LOGS_EXPORTER]).toEqual([
        name,
        "${OTEL_TRACES_EXPORTER:-otlp}",
        "${OTEL_EXPORTER_OTLP_ENDPOINT:-http://jaeger:4318}",
        "none",
        "none",
      ]);
    }
  });

  test("the secrets come from .env and have no defaults; every ${VAR} in the compose file is documented in .env.example", () => {
    for (const name of REQUIRED) {
      expect(composeText).toMatch(new RegExp(`\\$\\{${name}:\\?${name} is required[^}]*\\}`));
      expect(composeText).not.toMatch(new RegExp(`\\$\\{${name}(:?-|\\})`));
    }
    const used = [...new Set([...composeText.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!))].sort();
    expect(used).toEqual(expect.arrayContaining(REQUIRED));
    const documented = new Set([...envExample.matchAll(/^#?\s*([A-Z_][A-Z0-9_]*)=/gm)].map((m) => m[1]!));
    expect(used.filter((v) => !documented.has(v))).toEqual([]);
    // Each documented variable has its comment line, and the file says how to make a secret.
    for (const v of documented) expect([v, envExample]).toEqual([v, expect.stringMatching(new RegExp(`^# .+\\n(# )?${v}=`, "m"))]);
    expect(envExample).toContain("openssl rand -base64 32");
    // Placeholders only: the required secrets are empty in the example.
    for (const name of REQUIRED) expect(envExample).toMatch(new RegExp(`^${name}=$`, "m"));
  });

  test("the Dockerfile has a target per service, on Node 24 slim, running as a non-root user", () => {
    const all = stages();
    for (const target of ["master", "gateway", "node-agent", "migrate"]) {
      const stage = all.get(target);
      expect([target, stage?.from]).toEqual([target, "node:24-slim"]);
      const users = stage!.lines.filter((l) => /^USER\s/i.test(l)).map((l) => l.split(/\s+/)[1]);
      expect([target, users.at(-1)]).toEqual([target, expect.stringMatching(/^(?!root$|0$|0:)\S+$/)]);
      expect([target, stage!.lines.some((l) => /^ENV\s.*NODE_ENV=production/.test(l))]).toEqual([target, true]);
    }
    for (const target of ["master", "gateway", "node-agent"]) {
      expect([target, all.get(target)!.lines.filter((l) => /^CMD\s/.test(l))]).toEqual([target, ['CMD ["node", "--import", "./dist/instrumentation.js", "dist/main.js"]']]);
    }
    const ports: Record<string, string> = { master: "3100", gateway: "3000", "node-agent": "3200" };
    for (const [target, port] of Object.entries(ports)) expect([target, all.get(target)!.lines]).toEqual([target, expect.arrayContaining([`EXPOSE ${port}`])]);
    expect(all.get("master")!.lines.some((l) => /MIGRATIONS_DIR=\/app\/prisma\/migrations/.test(l))).toBe(true);
    // The pnpm the image installs is the one the repo pins.
    const pinned = (JSON.parse(read("package.json")) as { packageManager: string }).packageManager;
    expect(dockerfile).toContain(`npm install -g ${pinned} `);
  });
});
