import { describe, expect, test } from "@jest/globals";
import { hostname } from "node:os";
import fc from "fast-check";
import { NODE_ID_PATTERN } from "@cubicle/contracts";
import { loadConfig, nodeIdFromHost } from "./config.js";

const MASTER_URL = "http://127.0.0.1:3100";

/** The message loadConfig throws for `env`. */
function refusal(env: Record<string, string | undefined>): string {
  try {
    loadConfig(env);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`expected loadConfig to refuse ${JSON.stringify(env)}`);
}

describe("loadConfig", () => {
  test("MASTER_URL is required, and the message names it", () => {
    expect(refusal({})).toMatch(/MASTER_URL is not set/);
    expect(refusal({ MASTER_URL: "" })).toMatch(/MASTER_URL/);
  });

  test("with MASTER_URL alone, the defaults apply", () => {
    const config = loadConfig({ MASTER_URL });
    expect(config).toMatchObject({
      MASTER_URL,
      AGENT_HOST: "127.0.0.1",
      AGENT_PORT: 3200,
      AGENT_CAPACITY: 10_000,
      AGENT_HEARTBEAT_MS: 1_000,
      AGENT_DELAY_MS: 0,
      AGENT_DRAIN_MS: 2_000,
      AGENT_ENDED_LOGS_MS: 3_600_000,
      LOG_LEVEL: "info",
    });
    expect(config.AGENT_TOKEN).toBeUndefined();
    expect(config.AGENT_STATE_FILE).toBeUndefined();
  });

  test("numbers are read from strings", () => {
    const config = loadConfig({ MASTER_URL, AGENT_PORT: "0", AGENT_CAPACITY: "7", AGENT_HEARTBEAT_MS: "50", AGENT_ENDED_LOGS_MS: "0" });
    expect(config).toMatchObject({ AGENT_PORT: 0, AGENT_CAPACITY: 7, AGENT_HEARTBEAT_MS: 50, AGENT_ENDED_LOGS_MS: 0 });
  });

  test.each(["http://master-1:3100,http://master-2:3100", "http://10.0.0.1:3100/, https://10.0.0.2", "http://a:1 ,http://b:2,http://c:3"])("a comma-separated list of origins is accepted: %s", (list) => {
    expect(loadConfig({ MASTER_URL: list }).MASTER_URL).toBe(list);
  });

  test.each([
    ["a path", "http://master:3100/api"],
    ["a trailing comma", "http://master-1:3100,"],
    ["an empty entry", "http://master-1:3100,,http://master-2:3100"],
    ["an entry without a scheme", "http://master-1:3100,master-2:3100"],
    ["another scheme", "http://master-1:3100,ftp://master-2"],
    ["a query", "http://master-1:3100?x=1"],
    ["spaces inside an origin", "http://mas ter:3100"],
  ])("a MASTER_URL with %s is refused, naming the variable", (_what, value) => {
    expect(refusal({ MASTER_URL: value })).toMatch(/MASTER_URL must be one or more origins/);
  });

  test("AGENT_NODE_ID defaults to one made from the host name", () => {
    const id = loadConfig({ MASTER_URL }).AGENT_NODE_ID;
    expect(id).toBe(nodeIdFromHost(hostname()));
    expect(id).toMatch(new RegExp(NODE_ID_PATTERN));
  });

  test("a valid AGENT_NODE_ID is kept as it is", () => {
    expect(loadConfig({ MASTER_URL, AGENT_NODE_ID: "node-7" }).AGENT_NODE_ID).toBe("node-7");
  });

  test.each(["Node-1", "-node", "node_1", "node.1", "a".repeat(64)])("a bad AGENT_NODE_ID (%s) is refused, with what it must be", (value) => {
    expect(refusal({ MASTER_URL, AGENT_NODE_ID: value })).toMatch(/AGENT_NODE_ID must be 1 to 63 lower-case letters, digits or '-'/);
  });

  test("an AGENT_TOKEN shorter than 16 characters is refused without echoing it", () => {
    const message = refusal({ MASTER_URL, AGENT_TOKEN: "short-secret" });
    expect(message).toMatch(/AGENT_TOKEN/);
    expect(message).not.toContain("short-secret");
    expect(loadConfig({ MASTER_URL, AGENT_TOKEN: "a-long-enough-secret" }).AGENT_TOKEN).toBe("a-long-enough-secret");
  });

  test("a MASTER_TOKEN shorter than 16 characters is refused without echoing it", () => {
    const message = refusal({ MASTER_URL, MASTER_TOKEN: "tiny-token" });
    expect(message).toMatch(/MASTER_TOKEN/);
    expect(message).not.toContain("tiny-token");
  });

  test("several problems are reported at once", () => {
    const message = refusal({ MASTER_URL: "nope", AGENT_PORT: "70000", LOG_LEVEL: "loud" });
    expect(message).toMatch(/MASTER_URL/);
    expect(message).toMatch(/AGENT_PORT/);
    expect(message).toMatch(/LOG_LEVEL/);
  });

  test("AGENT_ADVERTISE_URL must be an origin", () => {
    expect(loadConfig({ MASTER_URL, AGENT_ADVERTISE_URL: "http://10.0.0.5:3200" }).AGENT_ADVERTISE_URL).toBe("http://10.0.0.5:3200");
    expect(refusal({ MASTER_URL, AGENT_ADVERTISE_URL: "http://10.0.0.5:3200/agent" })).toMatch(/AGENT_ADVERTISE_URL must be an origin/);
  });
});

describe("nodeIdFromHost", () => {
  test("lower-cases the host name", () => {
    expect(nodeIdFromHost("Worker-01")).toBe("worker-01");
  });

  test("replaces every run of other characters with one '-'", () => {
    expect(nodeIdFromHost("ip-10-0-0-5.ec2.internal")).toBe("ip-10-0-0-5-ec2-internal");
    expect(nodeIdFromHost("host_name..x")).toBe("host-name-x");
    expect(nodeIdFromHost("héllo wörld")).toBe("h-llo-w-rld");
  });

  test("trims leading '-'", () => {
    expect(nodeIdFromHost("--node")).toBe("node");
    expect(nodeIdFromHost(".node")).toBe("node");
    expect(nodeIdFromHost("_.-node")).toBe("node");
  });

  test("keeps at most 63 characters", () => {
    expect(nodeIdFromHost("a".repeat(100))).toBe("a".repeat(63));
  });

  test("is never empty", () => {
    expect(nodeIdFromHost("")).toBe("node");
    expect(nodeIdFromHost("---")).toBe("node");
    expect(nodeIdFromHost("ÄÖÜ")).toBe("node");
  });

  test("any host name gives a valid node id", () => {
    const valid = new RegExp(NODE_ID_PATTERN);
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 120, unit: "grapheme" }), fc.string({ maxLength: 120, unit: "binary-ascii" })), (host) => valid.test(nodeIdFromHost(host))),
      { numRuns: 500 },
    );
  });
});
