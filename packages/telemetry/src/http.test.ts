// Trace context with tracing off (no SDK in this process): what a caller's traceparent becomes
// on the request, in its log fields and on the call to master.
import { describe, expect, test } from "@jest/globals";
import type { IncomingMessage, ServerResponse } from "node:http";
import { startClientSpan, traceRequests } from "./http.js";

const TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
const PARENT_ID = "b7ad6b7169203331";

function handle(headers: Record<string, string>, url = "/templates/lookup?name=x"): IncomingMessage {
  const req = { url, method: "GET", headers } as unknown as IncomingMessage;
  let called = 0;
  traceRequests("test", { activate: true })(req, { once: () => {} } as unknown as ServerResponse, () => called++);
  expect(called).toBe(1);
  return req;
}

const callHeaders = (req: IncomingMessage) => startClientSpan("test", req.traceContext, { method: "GET", origin: "http://127.0.0.1:3100", path: "/lookup" }).headers;

describe("traceRequests with tracing off", () => {
  test("a valid traceparent → the request's trace fields, and the same traceparent on the call to master", () => {
    const traceparent = `00-${TRACE_ID}-${PARENT_ID}-01`;
    const req = handle({ traceparent });
    expect(req.traceFields).toEqual({ trace_id: TRACE_ID, span_id: PARENT_ID, trace_flags: "01" });
    expect(callHeaders(req)).toEqual({ traceparent });
  });

  test("an unsampled one keeps its flags", () => {
    const req = handle({ traceparent: `00-${TRACE_ID}-${PARENT_ID}-00` });
    expect(req.traceFields?.trace_flags).toBe("00");
    expect(callHeaders(req)).toEqual({ traceparent: `00-${TRACE_ID}-${PARENT_ID}-00` });
  });

  test("a tracestate travels with it", () => {
    const req = handle({ traceparent: `00-${TRACE_ID}-${PARENT_ID}-01`, tracestate: "vendor=abc" });
    expect(callHeaders(req)).toEqual({ traceparent: `00-${TRACE_ID}-${PARENT_ID}-01`, tracestate: "vendor=abc" });
  });

  test.each([
    ["no header", undefined],
    ["garbage", "not-a-traceparent"],
    ["an all-zero trace id", `00-${"0".repeat(32)}-${PARENT_ID}-01`],
    ["an all-zero parent id", `00-${TRACE_ID}-${"0".repeat(16)}-01`],
    ["version ff", `ff-${TRACE_ID}-${PARENT_ID}-01`],
    ["upper-case hex", `00-${TRACE_ID.toUpperCase()}-${PARENT_ID}-01`],
    ["a control character", `00-${TRACE_ID}-${PARENT_ID}-01\u0001`],
  ])("%s → no trace: no fields, nothing passed on", (_what, traceparent) => {
    const req = handle(traceparent === undefined ? {} : { traceparent });
    expect(req.traceFields).toBeUndefined();
    expect(req.traceContext).toBeUndefined();
    expect(callHeaders(req)).toEqual({});
  });

  test("probes are never traced", () => {
    expect(handle({ traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` }, "/healthz").traceFields).toBeUndefined();
  });
});
