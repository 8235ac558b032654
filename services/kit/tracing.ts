import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import type { RequestHandler } from 'express';

/**
 * OpenTelemetry traces, exported over OTLP/HTTP (JSON) when `OTEL_EXPORTER_OTLP_ENDPOINT` is set. Off by default and
 * then free: no provider is registered, no middleware mounted, nothing injected. On, the process registers one
 * provider (W3C trace context, async-local context), every server opens a span per GraphQL request continuing the
 * caller's trace, and the gateway (its fetches, with @apollo/gateway's own spans) and peer calls pass the trace on.
 */

let tracer: Tracer | undefined;

export const tracingEnabled = () => tracer !== undefined;

export interface Tracing {
  /** Exports the spans still buffered and unregisters the provider. */
  stop(): Promise<void>;
}

/**
 * Starts exporting traces to `endpoint` (a collector's base URL; spans go to `<endpoint>/v1/traces`) as `serviceName`.
 * Without an endpoint, does nothing. One per process: a second start while one runs is refused.
 */
export async function startTracing(endpoint: string | undefined, serviceName: string): Promise<Tracing> {
  if (!endpoint) return { stop: async () => undefined };
  if (tracer) throw new Error('tracing is already started in this process');
  // Loaded only when on: a process without an endpoint never loads the SDK.
  const { NodeTracerProvider, BatchSpanProcessor } = await import('@opentelemetry/sdk-trace-node');
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }))],
  });
  // Registers the W3C trace-context propagator and an AsyncLocalStorage context manager with the provider.
  provider.register();
  tracer = trace.getTracer('onegrid');
  return {
    stop: async () => {
      tracer = undefined;
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}

/**
 * One server span per GraphQL request of `service`, child of the caller's span when its `traceparent` says so, and
 * active while the request runs. Mount after the body parser: its stream events would lose the active context.
 */
export function traceRequests(service: string): RequestHandler {
  return (req, res, next) => {
    if (!tracer) return next();
    const caller = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = tracer.startSpan(
      `${service} ${req.method} /graphql`,
      { kind: SpanKind.SERVER, attributes: { 'onegrid.service': service, 'http.request.method': req.method, 'url.path': req.originalUrl } },
      caller,
    );
    res.once('close', () => {
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(caller, span), next);
  };
}

/** Gives an outgoing request the active trace's `traceparent` (and `tracestate`) through `setHeader`, when tracing is on. */
export function injectTraceContext(setHeader: (name: string, value: string) => void): void {
  if (!tracer) return;
  propagation.inject(context.active(), undefined, { set: (_carrier, name, value) => setHeader(name, value) });
}
