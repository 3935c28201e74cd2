// OpenTelemetry for @braze-subscriptions/runtime, through the runtime's hooks: one CLIENT span
// per HTTP attempt (named by the spec's operationId) and three metrics. Any OpenTelemetry SDK
// the app registered receives them; nothing here depends on an SDK.
import { metrics, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";

/**
 * Hooks to spread into `createBrazeRuntime({ ...openTelemetryHooks(), … })`.
 *
 * @param {{ tracer?: import("@opentelemetry/api").Tracer, meter?: import("@opentelemetry/api").Meter }} [providers]
 *   defaults: the global tracer and meter named `braze-subscriptions`.
 */
export function openTelemetryHooks(providers = {}) {
  const tracer = providers.tracer ?? trace.getTracer("braze-subscriptions");
  const meter = providers.meter ?? metrics.getMeter("braze-subscriptions");
  const duration = meter.createHistogram("braze.request.duration", {
    unit: "ms",
    description: "Time of one HTTP attempt, from leaving the rate limiter to the body read",
  });
  const remaining = meter.createGauge("braze.ratelimit.remaining", {
    description: "X-RateLimit-Remaining of the last answer",
  });
  const retries = meter.createCounter("braze.request.retries", {
    description: "Attempts retried, by reason",
  });
  return {
    onResponse(event) {
      // The hook runs when the attempt ended: the span is back-dated to when it left.
      const end = Date.now();
      const span = tracer.startSpan(event.operation, {
        kind: SpanKind.CLIENT,
        startTime: end - event.latencyMs,
        attributes: {
          "http.response.status_code": event.status,
          "braze.attempt": event.attempt,
          ...(event.rateLimit.remaining === undefined
            ? {}
            : { "braze.ratelimit.remaining": event.rateLimit.remaining }),
        },
      });
      if (event.status >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end(end);
      const attributes = { operation: event.operation, status: event.status };
      duration.record(event.latencyMs, attributes);
      if (event.rateLimit.remaining !== undefined) {
        remaining.record(event.rateLimit.remaining, { operation: event.operation });
      }
    },
    onRetry(event) {
      retries.add(1, { reason: event.reason.code });
    },
  };
}
