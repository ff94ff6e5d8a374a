import type { IncomingMessage, ServerResponse } from "node:http";
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
  type Context,
  type Span,
  type TextMapPropagator,
  type Tracer,
} from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { tracingActive } from "./state.js";
import { redactedPath } from "./redact.js";

/**
 * Server and client spans for Cubicle's HTTP hops, made by hand on OpenTelemetry's API.
 *
 * Why not the HTTP and undici instrumentations: measured here, the HTTP instrumentation cost
 * about half of a trivial server's throughput even with sampling off (its per-request work:
 * wrapping the request and response emitters, building dozens of attributes and metrics).
 * What a trace needs from each hop is a few attributes and the W3C header, so that is all
 * this does, and a request the sampler drops costs one id and one header.
 *
 * With tracing off (no SDK), a caller's `traceparent` is still passed on to master and its
 * trace id still lands in both services' log lines: the W3C propagator below needs no SDK,
 * and OpenTelemetry's no-op tracer carries the caller's span context as it is.
 */

declare module "http" {
  interface IncomingMessage {
    /** This request's trace context: its server span (or the caller's, with tracing off). */
    traceContext?: Context;
    /** The ids to log with this request (`trace_id`, `span_id`, `trace_flags`), when it has a trace. */
    traceFields?: TraceFields;
  }
}

export interface TraceFields {
  trace_id: string;
  span_id: string;
  trace_flags: string;
}

/** Probes and scrapes are not worth a trace. */
const UNTRACED = new Set(["/healthz", "/readyz", "/metrics"]);

const w3c = new W3CTraceContextPropagator();
/** The SDK's propagators (`OTEL_PROPAGATORS`) when it runs, else W3C trace context. */
const propagator = (): TextMapPropagator => (propagation.fields().length > 0 ? propagation : w3c);

/** One tracer per scope, looked up once (the API's lookup builds a key and searches a map). */
const tracers = new Map<string, Tracer>();
function tracer(scope: string): Tracer {
  let t = tracers.get(scope);
  if (!t) tracers.set(scope, (t = trace.getTracer(scope)));
  return t;
}

/** Spans come from the SDK or the W3C propagator, which only make valid span contexts. */
function fieldsOf(span: Span): TraceFields {
  const sc = span.spanContext();
  return { trace_id: sc.traceId, span_id: sc.spanId, trace_flags: sc.traceFlags & 1 ? "01" : "00" };
}

export interface TraceRequestsOptions {
  /**
   * Run each sampled request's handlers inside its span's context (OpenTelemetry's active
   * context), so that spans made by instrumentations below it (pg's) hang from it. A service
   * whose only outgoing calls carry their context explicitly (the gateway's master client)
   * does without, and saves that work.
   */
  activate: boolean;
}

/**
 * An express-compatible middleware, first in the chain: gives each request its trace context
 * (`req.traceContext`) and, when the sampler keeps it, a server span named after the route
 * that answered (`GET /templates/:ref`), ended when the response is done.
 */
export function traceRequests(scope: string, options: TraceRequestsOptions) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const active = tracingActive();
    // Tracing off and no trace from the caller: nothing to do, not even reading the URL.
    if (!active && req.headers.traceparent === undefined) return next();
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    if (UNTRACED.has(path)) return next();

    const parent = req.headers.traceparent === undefined ? ROOT_CONTEXT : propagator().extract(ROOT_CONTEXT, req.headers, headerGetter);
    if (!active) {
      // No SDK: the caller's span context is this request's, passed on as it came.
      const span = trace.getSpan(parent);
      if (span) setTrace(req, parent, span);
      return next();
    }
    const method = req.method ?? "GET";
    // Attributes are set once the sampler kept the span: a dropped one costs no attribute work.
    const span = tracer(scope).startSpan(method, { kind: SpanKind.SERVER }, parent);
    const ctx = trace.setSpan(parent, span);
    setTrace(req, ctx, span);
    if (!span.isRecording()) return next();
    span.setAttributes({ "http.request.method": method, "url.path": redactedPath(path), "url.scheme": "http" });
    if (q >= 0) span.setAttribute("url.query", url.slice(q + 1));
    res.once("close", () => {
      const route = (req as IncomingMessage & { route?: { path?: unknown } }).route?.path;
      if (typeof route === "string") {
        span.setAttribute("http.route", route);
        span.updateName(`${method} ${route}`);
      }
      span.setAttribute("http.response.status_code", res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      if (!res.writableFinished) span.setAttribute("cubicle.aborted", true);
      span.end();
    });
    if (options.activate) context.with(ctx, next);
    else next();
  };
}

function setTrace(req: IncomingMessage, ctx: Context, span: Span): void {
  req.traceContext = ctx;
  req.traceFields = fieldsOf(span);
}

const headerGetter = {
  keys: (carrier: IncomingMessage["headers"]) => Object.keys(carrier),
  get: (carrier: IncomingMessage["headers"], key: string) => carrier[key],
};

/** A client call in progress: the headers that carry its trace, and how to end its span. */
export interface ClientSpan {
  /** `traceparent` (and `tracestate`) for the outgoing request. */
  headers: Record<string, string>;
  end(outcome: { status: number } | { error: unknown }): void;
}

const NO_TRACE: ClientSpan = { headers: {}, end: () => {} };

/**
 * A client span for one HTTP call made while serving a request with trace context `parent`
 * (none: the call is not traced and carries no header). Sampled: a CLIENT span, child of the
 * request's span. Not sampled, or tracing off: no span, the request's context passed on.
 */
export function startClientSpan(scope: string, parent: Context | undefined, call: { method: string; origin: string; path: string }): ClientSpan {
  if (!parent) return NO_TRACE;
  const headers: Record<string, string> = {};
  const parentSpan = trace.getSpan(parent);
  if (!parentSpan?.isRecording()) {
    propagator().inject(parent, headers, headerSetter);
    return { headers, end: () => {} };
  }
  const url = new URL(call.origin);
  const span = tracer(scope).startSpan(
    call.method,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        "http.request.method": call.method,
        "server.address": url.hostname,
        "server.port": Number(url.port) || 80,
        "url.full": `${call.origin}${redactedPath(call.path)}`,
      },
    },
    parent,
  );
  propagator().inject(trace.setSpan(parent, span), headers, headerSetter);
  return {
    headers,
    end(outcome) {
      if ("status" in outcome) {
        span.setAttribute("http.response.status_code", outcome.status);
        if (outcome.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      } else {
        const err = outcome.error instanceof Error ? outcome.error : new Error(String(outcome.error));
        span.recordException(err);
        span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
      }
      span.end();
    },
  };
}

const headerSetter = {
  set: (carrier: Record<string, string>, key: string, value: string) => {
    carrier[key] = value;
  },
};
