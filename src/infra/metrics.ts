/**
 * The small metrics surface the data layer reports through. The API issue wires it to
 * prom-client; the in-memory version serves the CLI and tests.
 */

export type MetricLabels = Readonly<Record<string, string>>;

export interface Metrics {
  increment(name: string, labels?: MetricLabels, by?: number): void;
  gauge(name: string, value: number, labels?: MetricLabels): void;
}

function keyOf(name: string, labels: MetricLabels = {}): string {
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}="${labels[k]}"`);
  return parts.length ? `${name}{${parts.join(',')}}` : name;
}

export class InMemoryMetrics implements Metrics {
  private readonly counters = new Map<string, number>();
  private readonly gauges = new Map<string, number>();

  increment(name: string, labels?: MetricLabels, by = 1): void {
    const key = keyOf(name, labels);
    this.counters.set(key, (this.counters.get(key) ?? 0) + by);
  }

  gauge(name: string, value: number, labels?: MetricLabels): void {
    this.gauges.set(keyOf(name, labels), value);
  }

  counter(name: string, labels?: MetricLabels): number {
    return this.counters.get(keyOf(name, labels)) ?? 0;
  }

  gaugeValue(name: string, labels?: MetricLabels): number | undefined {
    return this.gauges.get(keyOf(name, labels));
  }

  /** Everything recorded, as `name{label="v"}` -> value (counters and gauges). */
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counters, ...this.gauges]);
  }
}

export const noopMetrics: Metrics = {
  increment: () => undefined,
  gauge: () => undefined,
};
