// The test helper that checks response bodies against E2B's API description
// (test-support/e2b-schema.ts): it accepts what the description allows and names what it does not.
import { describe, expect, test } from "@jest/globals";
import { existsSync, readFileSync } from "node:fs";
import { E2B_OPENAPI_PATH, E2B_RESPONSES_FIXTURE, e2bResponseValidator, expectE2bResponse, expectE2bSchema, toJsonSchema } from "../../../test-support/e2b-schema.js";
import { extractResponses } from "../../../test-support/e2b-responses.js";

const sandbox = { templateID: "tpl-1", sandboxID: "abc", clientID: "node-1", envdVersion: "0.2.0", domain: null, trafficAccessToken: null };

describe("expectE2bResponse", () => {
  // The description is beside the repository on a developer's machine: there the committed
  // fixture must be what the script extracts from it (else rerun scripts/e2b-responses-fixture.js).
  (existsSync(E2B_OPENAPI_PATH) ? test : test.skip)("the committed fixture is what E2B's description beside the repository gives", () => {
    expect(JSON.parse(readFileSync(E2B_RESPONSES_FIXTURE, "utf8"))).toEqual(JSON.parse(JSON.stringify(extractResponses(readFileSync(E2B_OPENAPI_PATH, "utf8")))));
  });

  test("a body the description allows passes; nullable fields take null", () => {
    expect(() => expectE2bResponse("POST", "/sandboxes", 201, sandbox)).not.toThrow();
    expect(() => expectE2bResponse("post", "/sandboxes/{sandboxID}/connect", 200, { ...sandbox, domain: "cubicle.localhost" })).not.toThrow();
  });

  test("a body missing a required field, or with a wrong type, fails and names each mismatch", () => {
    const { sandboxID: _dropped, ...missing } = sandbox;
    expect(() => expectE2bResponse("POST", "/sandboxes", 201, { ...missing, envdVersion: 2 })).toThrow(
      /POST \/sandboxes → 201: the body does not match E2B's schema:\n.*must have required property 'sandboxID'[\s\S]*\/envdVersion: must be string/,
    );
  });

  test("refs and formats are followed: a metric with a bad timestamp and a string byte count fails", () => {
    const metric = { timestamp: "2026-01-01T00:00:00Z", timestampUnix: 1, cpuCount: 2, cpuUsedPct: 0, memUsed: 0, memTotal: 1, memCache: 0, diskUsed: 0, diskTotal: 1 };
    expect(() => expectE2bResponse("GET", "/sandboxes/metrics", 200, { sandboxes: { a: metric } })).not.toThrow();
    expect(() => expectE2bResponse("GET", "/sandboxes/metrics", 200, { sandboxes: { a: { ...metric, timestamp: "yesterday", memUsed: "1" } } })).toThrow(
      /\/sandboxes\/a\/timestamp: must match format "date-time"[\s\S]*\/sandboxes\/a\/memUsed: must be integer/,
    );
  });

  test("a response without a body must be empty; an unknown operation or status is an error, not a pass", () => {
    expect(() => expectE2bResponse("POST", "/sandboxes/{sandboxID}/pause", 204, undefined)).not.toThrow();
    expect(() => expectE2bResponse("POST", "/sandboxes/{sandboxID}/pause", 204, { paused: true })).toThrow(/has no body/);
    expect(e2bResponseValidator("POST", "/sandboxes/{sandboxID}/pause", 409)).not.toBeNull();
    expect(() => expectE2bResponse("GET", "/no/such/path", 200, {})).toThrow(/no operation GET \/no\/such\/path/);
    expect(() => expectE2bResponse("POST", "/sandboxes/{sandboxID}/timeout", 418, {})).toThrow(/no 418 response/);
  });

  test("a named schema: E2B's Error for an error the operation does not list", () => {
    expect(() => expectE2bSchema("Error", { code: 409, message: "paused", error_code: "sandbox_paused", requestId: "r" })).not.toThrow();
    expect(() => expectE2bSchema("Error", { message: "no code" })).toThrow(/schema Error:\n.*must have required property 'code'/);
    expect(() => expectE2bSchema("NoSuchThing", {})).toThrow(/no schema NoSuchThing/);
  });

  test("OpenAPI 3.0 into JSON Schema: nullable, refs, x- and OpenAPI-only keywords; property names kept", () => {
    expect(
      toJsonSchema({
        type: "object",
        nullable: true,
        "x-internal": true,
        deprecated: true,
        properties: { "x-name": { $ref: "#/components/schemas/Thing" }, when: { type: "string", enum: ["a", null], default: null } },
      }),
    ).toEqual({
      anyOf: [
        { type: "object", properties: { "x-name": { $ref: "e2b-components#/definitions/Thing" }, when: { type: "string", enum: ["a", null], default: null } } },
        { type: "null" },
      ],
    });
  });
});
