import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, type Metric, Registry } from 'prom-client';

/** What declares a metric: a snake_case name with its unit, a help line, its label names. */
export interface MetricSpec<L extends string> {
  name: string;
  help: string;
  labelNames?: readonly L[];
}

/** A histogram also names its bucket boundaries (seconds for durations). */
export interface HistogramSpec<L extends string> extends MetricSpec<L> {
  buckets?: readonly number[];
}

type MetricClass = typeof Counter | typeof Gauge | typeof Histogram;

/**
 * Declares metrics in the service's registry, every one labelled `service="<name>"` by the
 * registry's default labels. Declaring a name twice returns the first metric, so providers
 * can declare what they use without coordinating; a clash of kind or labels throws.
 */
@Injectable()
export class Metrics {
  constructor(readonly registry: Registry) {}

  counter<L extends string = never>(spec: MetricSpec<L>): Counter<L> {
    return this.declare(Counter, spec, () => new Counter<L>({ ...this.base(spec) }));
  }

  gauge<L extends string = never>(spec: MetricSpec<L>): Gauge<L> {
    return this.declare(Gauge, spec, () => new Gauge<L>({ ...this.base(spec) }));
  }

  histogram<L extends string = never>(spec: HistogramSpec<L>): Histogram<L> {
    return this.declare(Histogram, spec, () =>
      new Histogram<L>({ ...this.base(spec), ...(spec.buckets ? { buckets: [...spec.buckets] } : {}) }),
    );
  }

  private base<L extends string>(spec: MetricSpec<L>) {
    return { name: spec.name, help: spec.help, labelNames: [...(spec.labelNames ?? [])], registers: [this.registry] };
  }

  private declare<M>(kind: MetricClass, spec: MetricSpec<string>, create: () => M): M {
    const existing: Metric<string> | undefined = this.registry.getSingleMetric(spec.name);
    if (existing === undefined) return create();
    if (!(existing instanceof kind)) throw new Error(`metric ${spec.name} is already declared as another kind`);
    const declared = [...((existing as unknown as { labelNames?: string[] }).labelNames ?? [])].sort().join(',');
    const wanted = [...(spec.labelNames ?? [])].sort().join(',');
    if (declared !== wanted) throw new Error(`metric ${spec.name} is already declared with labels [${declared}]`);
    return existing as M;
  }
}
