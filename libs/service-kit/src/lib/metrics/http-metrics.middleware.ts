import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Counter, Histogram } from 'prom-client';
import { Metrics } from './metrics';

type HttpLabel = 'method' | 'route' | 'status';

/**
 * Counts requests and their durations by method, route pattern and status. The route is the
 * matched pattern (`/fhir/Task/:id`), never the raw path, which would hold ids.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  private readonly requests: Counter<HttpLabel>;
  private readonly durations: Histogram<HttpLabel>;

  constructor(metrics: Metrics) {
    const labelNames = ['method', 'route', 'status'] as const;
    this.requests = metrics.counter({ name: 'http_requests_total', help: 'HTTP requests answered', labelNames });
    this.durations = metrics.histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an HTTP request',
      labelNames,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
  }

  use(req: Request, res: Response, next: NextFunction): void {
    const stop = this.durations.startTimer();
    res.once('finish', () => {
      const pattern = (req.route as { path?: unknown } | undefined)?.path;
      // Unmatched paths share one label, so scanners cannot inflate the series count. A wildcard
      // pattern is the route of a middleware (this one, Nest's not-found handler), not of a handler.
      const route = typeof pattern === 'string' && !pattern.includes('*') ? `${req.baseUrl}${pattern}` : 'unmatched';
      const labels = { method: req.method, route, status: String(res.statusCode) };
      this.requests.inc(labels);
      stop(labels);
    });
    next();
  }
}
