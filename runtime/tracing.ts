// OpenTelemetry tracing for every process: W3C trace context in and out, OTLP export when configured, in-memory for tests.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace, type Span } from '@opentelemetry/api';
import type * as OtlpHttp from '@opentelemetry/exporter-trace-otlp-http';
import type * as TraceBase from '@opentelemetry/sdk-trace-base';
import type * as TraceNode from '@opentelemetry/sdk-trace-node';
import { loadOptional } from './optional-module.ts';

let enabled = false;
let provider: TraceNode.NodeTracerProvider | undefined;

/**
 * Registers the global tracer provider once per process. Spans are exported to the given
 * exporter (tests), or over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT (or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set; otherwise tracing stays off and costs nothing.
 */
export function setupTracing(options: { exporter?: TraceBase.SpanExporter; env?: Record<string, string | undefined> } = {}): boolean {
  if (provider) return true;
  const env = options.env ?? process.env;
  const otlp = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!options.exporter && !otlp) return false;
  // The SDK and the exporter load only here, when tracing is on.
  const { BatchSpanProcessor, SimpleSpanProcessor } = loadOptional<typeof TraceBase>('@opentelemetry/sdk-trace-base');
  const { NodeTracerProvider } = loadOptional<typeof TraceNode>('@opentelemetry/sdk-trace-node');
  const exporter = options.exporter ?? new (loadOptional<typeof OtlpHttp>('@opentelemetry/exporter-trace-otlp-http').OTLPTraceExporter)();
  const processor = options.exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter);
  provider = new NodeTracerProvider({ spanProcessors: [processor] });
  provider.register();
  enabled = true;
  return true;
}

export async function shutdownTracing(): Promise<void> {
  await provider?.shutdown();
}

export function tracingEnabled(): boolean {
  return enabled;
}

const tracer = () => trace.getTracer('singleview');

/** Run `work` in a server span whose parent is the caller's W3C trace context (from the request headers). */
export function inServerSpan<T>(name: string, headers: Record<string, string | string[] | undefined>, work: () => Promise<T>): Promise<T> {
  if (!enabled) return work();
  const parent = propagation.extract(ROOT_CONTEXT, headers);
  return context.with(parent, () => tracer().startActiveSpan(name, { kind: SpanKind.SERVER }, (span) => finish(span, work)));
}

/** Run `work` in a client span for a call to a dependency (a legacy system). */
export function inClientSpan<T>(name: string, attributes: Record<string, string>, work: () => Promise<T>): Promise<T> {
  if (!enabled) return work();
  return tracer().startActiveSpan(name, { kind: SpanKind.CLIENT, attributes }, (span) => finish(span, work));
}

async function finish<T>(span: Span, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    // Only the error's class: messages may carry values.
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
    throw error;
  } finally {
    span.end();
  }
}
