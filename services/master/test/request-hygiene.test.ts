// What master refuses at its boundary, for callers that are not the gateway (internal
// services call it directly): bodies that are not JSON, strings PostgreSQL cannot store, and
// prototype keys, before a sandbox is placed or a row written.
import { beforeAll, describe, expect, test } from "@jest/globals";
import { expectErrorShape, useTestMaster, waitForStatus, createTestNode } from "./support.js";
import { rawRequest } from "../../../test-support/http.js";

const agent = createTestNode();
const ctx = useTestMaster({ node: agent });
const api = () => ctx.master.api;
let templateId: string;

beforeAll(async () => {
  const r = await api().post("/templates", { displayName: "m-hygiene", image: "alpine:3.20" });
  await waitForStatus(api(), r.body.templateId, ["ready"]);
  templateId = r.body.templateId;
});

const sendBody = (method: string, path: string, type: string | undefined, body: string) =>
  rawRequest(ctx.master.url, { method, path, body, headers: { ...(type && { "content-type": type }) } });

const counts = async () => (await ctx.db.query("SELECT (SELECT count(*) FROM templates) AS t, (SELECT count(*) FROM builds) AS b, (SELECT count(*) FROM sandboxes) AS s")).rows[0];

test("on every route, a body that is not JSON → 415 unsupported_media_type, and nothing happens", async () => {
  const id = () => templateId;
  const routes: [string, string][] = [
    ["GET", "/lookup?name=m-hygiene"],
    ["POST", "/templates"],
    ["GET", "/templates"],
    ["GET", `/templates/${id()}`],
    ["DELETE", `/templates/${id()}`],
    ["POST", `/templates/${id()}/rebuild`],
    ["GET", `/templates/${id()}/builds/00000000-0000-4000-8000-000000000000`],
    ["POST", "/display-name"],
    ["POST", "/sandboxes"],
    ["GET", "/sandboxes"],
    ["GET", `/sandboxes/${"0".repeat(32)}`],
    ["DELETE", `/sandboxes/${"0".repeat(32)}`],
    ["GET", "/no-such-route"],
  ];
  const before = await counts();
  for (const [method, path] of routes) {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", undefined]) {
      const r = await sendBody(method, path, type, JSON.stringify({ templateId: id(), image: "alpine:fail", displayName: "by-text" }));
      expect({ method, path, type, status: r.status, code: r.body?.error_code }).toEqual({ method, path, type, status: 415, code: "unsupported_media_type" });
    }
  }
  expect(await counts()).toEqual(before);
});

describe("strings the database cannot store", () => {
  const post = (json: string) => api().call("POST", "/sandboxes", json.replace("TEMPLATE", templateId), { "content-type": "application/json" });

  test.each([
    ["a NUL in a metadata value", '{"templateId":"TEMPLATE","mode":"MODE","metadata":{"k":"\\u0000"}}'],
    ["a lone surrogate in a metadata key", '{"templateId":"TEMPLATE","mode":"MODE","metadata":{"\\udc00":"v"}}'],
    ["a NUL in an envVars key", '{"templateId":"TEMPLATE","mode":"MODE","envVars":{"A\\u0000":"v"}}'],
    ["a __proto__ metadata key", '{"templateId":"TEMPLATE","mode":"MODE","metadata":{"__proto__":{"x":"y"}}}'],
    ["a NUL in the requestId", '{"templateId":"TEMPLATE","mode":"MODE","requestId":"a\\u0000"}'],
  ])("%s → 400 invalid_request before the node is asked, in both modes", async (_what, json) => {
    for (const mode of ["fast", "strong"]) {
      const before = agent.calls().length;
      const rows = (await counts()).s;
      expectErrorShape(await post(json.replace("MODE", mode)), 400, "invalid_request");
      expect(agent.calls().length).toBe(before);
      expect((await counts()).s).toBe(rows);
    }
  });

  test.each([
    ["a NUL value", { k: "\u0000" }],
    ["a __proto__ key", JSON.parse('{"__proto__":"x"}')],
    ["a lone surrogate", { k: "\ud800" }],
  ])("a list filter with %s → 400 invalid_request (not 500)", async (_what, filter) => {
    const r = await api().get(`/sandboxes?metadata=${encodeURIComponent(JSON.stringify(filter))}`);
    expectErrorShape(r, 400, "invalid_request");
  });

  test("a template create with a NUL in the image → 400; nothing written", async () => {
    const before = await counts();
    expectErrorShape(await api().call("POST", "/templates", '{"image":"alpine\\u0000"}', { "content-type": "application/json" }), 400, "invalid_request");
    expect(await counts()).toEqual(before);
  });
});
