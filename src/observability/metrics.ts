/**
 * Metrics through prom-client, behind the small interface the service uses: `observe(value, labels)`,
 * `inc(labels, by)`, `set(value, labels)`. Label names are declared up front (prom-client refuses
 * others), so no caller can grow /metrics with labels of its own. Each Registry holds one service's
 * metrics; the process metrics (CPU, memory, heap, event-loop lag, GC, handles) come from prom-client's
 * default collectors under their standard names (process_*, nodejs_*), registered once per process and
 * merged into every scrape.
 */
import {
  collectDefaultMetrics,
  Counter as PromCounter,
  Gauge as PromGauge,
  Histogram as PromHistogram,
  Registry as PromRegistry,
} from 'prom-client';

type Labels = Record<string, string>;

export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class Counter {
  constructor(private readonly metric: PromCounter<string>) {}
  inc(labels: Labels = {}, by = 1): void {
    this.metric.inc(labels, by);
  }
  async get(labels: Labels = {}): Promise<number> {
    return valueOf(await this.metric.get(), labels);
  }
}

export class Gauge {
  constructor(private readonly metric: PromGauge<string>) {}
  set(value: number, labels: Labels = {}): void {
    this.metric.set(labels, value);
  }
}

export class Histogram {
  constructor(private readonly metric: PromHistogram<string>) {}
  observe(value: number, labels: Labels = {}): void {
    this.metric.observe(labels, value);
  }
}

function valueOf(
  metric: { values: { labels: Record<string, unknown>; value: number; metricName?: string }[] },
  labels: Labels,
): number {
  const wanted = Object.entries(labels);
  const found = metric.values.find(
    (v) => Object.keys(v.labels).length === wanted.length && wanted.every(([k, x]) => v.labels[k] === x),
  );
  return found?.value ?? 0;
}

let processRegistry: PromRegistry | undefined;

/** prom-client's default process and Node.js metrics, started once per process. */
export function processMetrics(): PromRegistry {
  if (!processRegistry) {
    processRegistry = new PromRegistry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export class Registry {
  readonly prom = new PromRegistry();
  readonly contentType = this.prom.contentType;
  constructor(private readonly withProcessMetrics = true) {
    if (withProcessMetrics) processMetrics(); // counters such as process_cpu_seconds_total count from here
  }
  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return new Counter(new PromCounter({ name, help, labelNames, registers: [this.prom] }));
  }
  /** `collect` runs on each scrape, before the values are read (for values computed on demand). */
  gauge(name: string, help: string, labelNames: readonly string[] = [], collect?: () => void): Gauge {
    return new Gauge(
      new PromGauge({ name, help, labelNames, registers: [this.prom], ...(collect ? { collect } : {}) }),
    );
  }
  histogram(
    name: string,
    help: string,
    labelNames: readonly string[] = [],
    buckets: number[] = LATENCY_BUCKETS,
  ): Histogram {
    return new Histogram(new PromHistogram({ name, help, labelNames, buckets, registers: [this.prom] }));
  }
  /** The Prometheus text exposition of this registry, plus the process metrics. */
  render(): Promise<string> {
    const registry = this.withProcessMetrics ? PromRegistry.merge([processMetrics(), this.prom]) : this.prom;
    return registry.metrics();
  }
}
