import { createBrazeRuntime } from "@braze-subscriptions/runtime";
import { startBrazeFake } from "@braze-subscriptions/testing";
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openTelemetryHooks } from "../instrument.js";

const KEY = "otel-key-7a8b9c0d";
let fake;
beforeAll(async () => {
  // A 5xx now and then, so a retry shows up too.
  fake = await startBrazeFake({ apiKeys: [KEY], faults: { seed: 7, rates: { 500: 0.3 } } });
});
afterAll(() => fake?.close());

it("records a span per attempt and duration, rate-limit and retry metrics (in-memory exporters)", async () => {
  const spans = new InMemorySpanExporter();
  const tracer = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(spans)],
  }).getTracer("test");
  const exported = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({
    exporter: exported,
    exportIntervalMillis: 3_600_000,
  });
  const meter = new MeterProvider({ readers: [reader] }).getMeter("test");

  const braze = createBrazeRuntime({
    apiKey: KEY,
    baseUrl: fake.url,
    retry: { baseDelayMs: 1 },
    ...openTelemetryHooks({ tracer, meter }),
  });
  const ids = Array.from({ length: 500 }, (_, i) => `user-${i}`);
  const result = await braze.setStatus({
    subscriptionGroupId: "g",
    state: "subscribed",
    externalIds: ids,
  });
  await braze.close();
  expect(result.succeeded).toBe(500);

  // The job's preflight read has a span of its own; the writes are counted by the result.
  const all = spans.getFinishedSpans();
  expect(new Set(all.map((s) => s.name))).toEqual(
    new Set(["getSubscriptionStatus", "setSubscriptionStatus"]),
  );
  const finished = all.filter((s) => s.name === "setSubscriptionStatus");
  expect(finished).toHaveLength(result.requests + result.retries);
  const statuses = finished.map((s) => s.attributes["http.response.status_code"]);
  expect(statuses.filter((s) => s === 500)).toHaveLength(result.retries);
  expect(finished.every((s) => typeof s.attributes["braze.ratelimit.remaining"] === "number")).toBe(
    true,
  );

  await reader.forceFlush();
  const metricsByName = new Map(
    exported
      .getMetrics()
      .flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics))
      .map((m) => [m.descriptor.name, m]),
  );
  const durations = metricsByName.get("braze.request.duration");
  const count = durations.dataPoints.reduce((sum, p) => sum + p.value.count, 0);
  expect(count).toBe(all.length);
  expect(metricsByName.get("braze.ratelimit.remaining").dataPoints.length).toBeGreaterThan(0);
  expect(result.retries).toBeGreaterThan(0);
  const retried = metricsByName.get("braze.request.retries").dataPoints;
  expect(retried.reduce((sum, p) => sum + p.value, 0)).toBe(result.retries);
});
